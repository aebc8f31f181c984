// The technician's setup screen: what the Electron shell tells the renderer when it will not start
// the cabinet (a packaged app without a valid config). Passed in the page's fragment,
// app://cabinet/index.html#setup=<JSON>, because in setup mode there is no core to ask: nothing
// is opened. The renderer validates it like any other input.
import { z } from 'zod';

export const setupInfoSchema = z.object({
  /** Where the configuration file is expected. */
  configPath: z.string().max(4096),
  /** The validation errors, each naming its field ("buses.0.port: …"). */
  issues: z.array(z.string().max(2000)).max(200),
});
export type SetupInfo = z.infer<typeof setupInfoSchema>;

const PREFIX = '#setup=';

export function setupHash(info: SetupInfo): string {
  return `${PREFIX}${encodeURIComponent(JSON.stringify(info))}`;
}

/** The setup info in a page fragment, or null when the fragment is not a (valid) setup screen. */
export function parseSetupHash(hash: string): SetupInfo | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const parsed = setupInfoSchema.safeParse(JSON.parse(decodeURIComponent(hash.slice(PREFIX.length))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
