// What the kiosk does at start-up, decided before anything is opened: run the cabinet, or show
// the technician's setup screen and open nothing (no bus, no lock, no database). A packaged app
// never falls back to the simulated default cabinet; an unpackaged one still does, for
// development. Pure: the loader and the facts about the process are passed in.
import { ConfigError, type CabinetConfig } from '../core/config';
import type { LoadedConfig } from '../app/config-file';

export const WINDOWED_FLAG = '--windowed';

export type StartupPlan =
  | { kind: 'cabinet'; loaded: LoadedConfig; simulatorSurface: boolean }
  | { kind: 'setup'; configPath: string; issues: string[] };

export interface StartupFacts {
  packaged: boolean;
  /** Where the config is looked for (shown to the technician). */
  configPath: string;
  load: () => LoadedConfig;
}

/** True when any bus or the printer is the built-in simulator. */
export function usesSimulator(config: CabinetConfig): boolean {
  return config.buses.some((b) => b.port === 'simulator') || config.printer?.port === 'simulator';
}

/** The simulator's methods reach the screen only when the config says simulator AND (unpackaged OR demo). */
export function simulatorSurface(config: CabinetConfig, packaged: boolean): boolean {
  return usesSimulator(config) && (!packaged || config.kiosk.demo);
}

/** --windowed turns kiosk mode off only in an unpackaged run: a USB stick with a .desktop file cannot. */
export function windowedRequested(argv: readonly string[], packaged: boolean): boolean {
  return !packaged && argv.includes(WINDOWED_FLAG);
}

export const NO_CONFIG_ISSUE = '(file): expected a JSON configuration file at this path, found none';
export const SIMULATOR_PACKAGED_ISSUE = 'buses[].port / printer.port: "simulator" runs in a packaged kiosk only with kiosk.demo: true';

export function planStartup(facts: StartupFacts): StartupPlan {
  let loaded: LoadedConfig;
  try {
    loaded = facts.load();
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'setup', configPath: facts.configPath, issues: [...error.issues] };
    return { kind: 'setup', configPath: facts.configPath, issues: [`(file): ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (!facts.packaged) return { kind: 'cabinet', loaded, simulatorSurface: simulatorSurface(loaded.config, false) };
  // Packaged: the built-in default (a simulated cabinet) is never a kiosk's configuration.
  if (loaded.source === null) return { kind: 'setup', configPath: facts.configPath, issues: [NO_CONFIG_ISSUE] };
  if (usesSimulator(loaded.config) && !loaded.config.kiosk.demo) return { kind: 'setup', configPath: loaded.source, issues: [SIMULATOR_PACKAGED_ISSUE] };
  return { kind: 'cabinet', loaded, simulatorSurface: simulatorSurface(loaded.config, true) };
}
