// `npm run web`: start the web harness. --port (or PORT) and --data-dir (or CABINET_DATA_DIR)
// choose the port and the data directory; --config (or CABINET_CONFIG) a configuration file.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadConfig } from '../app/config-file';
import { ConfigError } from '../core/config';
import { createCabinet } from '../app/cabinet';
import { deferredRestarter, RESTART_EXIT_CODE } from '../app/restart';
import { startWebHarness } from './server';
import { systemdNotifier } from '../app/systemd';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The cabinet's log, once there is a cabinet: uncaught errors go there too (one place). */
let logUncaught: ((message: string, error: unknown) => void) | undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
    },
  });
  const portText = values.port ?? process.env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('--port', [`port: expected an integer 0..65535, got "${portText}"`]);
  const loaded = loadConfig({ path: values.config, dataDir: values['data-dir'] });
  const staticDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) console.warn('[web] the renderer is not built: run `npm run build:renderer` (npm run web does it).');
  // The harness cannot start itself again: it exits with RESTART_EXIT_CODE and its supervisor
  // (systemd, Restart=always) starts it with the saved settings (ADR 0012).
  let stopping: (code: number) => Promise<void> = async (code) => process.exit(code);
  const restarter = deferredRestarter(
    () => stopping(RESTART_EXIT_CODE),
    (message, error) => console.info(`[web] ${message}`, error ?? ''),
  );
  const cabinet = await createCabinet({ config: loaded.config, dataDir: loaded.dataDir, restarter, ...(loaded.source ? { configPath: loaded.source } : {}) });
  logUncaught = (message, error) => cabinet.log('error', message, error, 'main');
  const harness = await startWebHarness({ cabinet, staticDir, port });
  console.log(`[web] configuration: ${loaded.source ?? 'built-in default cabinet (simulated boards)'}`);
  console.log(`[web] data directory: ${loaded.dataDir}`);
  // Tests wait for this exact line: it is the harness's "ready" signal.
  console.log(`Civic Cabinet web harness: ${harness.url}`);
  const systemd = systemdNotifier({ env: process.env, pid: process.pid, log: (level, message, detail) => console[level](`[web] ${message}`, detail ?? '') });
  systemd.ready(`serving ${harness.url}`);
  stopping = async (code) => {
    systemd.stopping();
    await harness.close();
    await cabinet.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopping(0));
  process.once('SIGTERM', () => void stopping(0));
}

// The last line of defence: an error no handler caught is logged and survived, never the end of the
// harness (every input path has its own handler; this catches what they missed).
const survived = (what: string) => (error: unknown) => {
  if (logUncaught) logUncaught(`${what} (survived)`, error);
  else console.error(`[web] ${what} (survived):`, error);
};
process.on('uncaughtException', survived('uncaught exception'));
process.on('unhandledRejection', survived('unhandled rejection'));

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
