// Reading and writing the configuration file: the I/O edge of config.ts.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, defaultConfig, parseConfig, type CabinetConfig } from '../core/config';
import type { ConfigFile } from '../core/ports';

/** The per-user data directory, as an OS would expect it (XDG on Linux, %APPDATA% on Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'civic-cabinet');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'civic-cabinet');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'civic-cabinet');
}

export interface LoadedConfig {
  config: CabinetConfig;
  /** The file it came from, or null for the built-in default cabinet. */
  source: string | null;
  dataDir: string;
}

export interface ConfigLocation {
  path?: string;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where the configuration is looked for: the explicit path, else `<dataDir>/cabinet.json` (shown on the setup screen). */
export function expectedConfigPath(options: ConfigLocation = {}): string {
  const env = options.env ?? process.env;
  // An empty CABINET_CONFIG (how tests clear an inherited one) means none.
  const explicit = options.path || env.CABINET_CONFIG;
  return explicit || join(options.dataDir ?? env.CABINET_DATA_DIR ?? defaultDataDir(env), 'cabinet.json');
}

/**
 * Load the configuration: an explicit path must exist; otherwise `<dataDir>/cabinet.json` is used
 * when present, and the built-in default (simulated) cabinet when not.
 */
export function loadConfig(options: ConfigLocation = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const explicit = options.path ?? env.CABINET_CONFIG;
  const baseDir = options.dataDir ?? env.CABINET_DATA_DIR;
  const candidate = expectedConfigPath(options);
  if (!existsSync(candidate)) {
    if (explicit) throw new ConfigError(explicit, ['(file): expected a JSON configuration file at this path, found none']);
    const config = defaultConfig();
    return { config, source: null, dataDir: baseDir ?? config.dataDir ?? defaultDataDir(env) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(candidate, 'utf8'));
  } catch (error) {
    throw new ConfigError(candidate, [`(file): expected valid JSON — ${(error as Error).message}`]);
  }
  const config = parseConfig(raw, candidate);
  return { config, source: candidate, dataDir: baseDir ?? config.dataDir ?? defaultDataDir(env) };
}

/** The core's ConfigFile port: a configuration written atomically (temp file + rename), owner-only. */
export function configFileAt(configPath: string): ConfigFile {
  return {
    save(config) {
      if (!existsSync(dirname(configPath))) mkdirSync(dirname(configPath), { recursive: true });
      const temp = `${configPath}.tmp`;
      writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, configPath);
      return { path: configPath };
    },
    problems() {
      if (!existsSync(configPath)) return [];
      try {
        parseConfig(JSON.parse(readFileSync(configPath, 'utf8')), configPath);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? [...error.issues] : [`(file): expected valid JSON — ${(error as Error).message}`];
      }
    },
  };
}
