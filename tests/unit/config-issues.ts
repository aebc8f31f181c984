// What parseConfig says of a raw configuration: its field-named issues, or [] when it is valid.
// Every config test reads errors through this one helper.
import { ConfigError, parseConfig } from '../../main/core/config';

export function configIssues(raw: unknown): readonly string[] {
  try {
    parseConfig(raw);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}
