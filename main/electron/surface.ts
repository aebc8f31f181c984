// What the preload puts on window.cabinet: exactly the contract's methods, plus the simulator's
// only when main says so. A sandboxed preload's `process` has env but no argv (Electron copies
// arch, platform, env, version(s) and execPath into it), so main sets SIMULATOR_SURFACE_ENV in its
// own environment — always, to '1' or '0', so an inherited value cannot turn it on — before the
// window loads. Kept apart from preload.ts so tests build the bridge with a stand-in ipcRenderer.
import { methods } from '../contract/api';
import type { KioskBridge } from '../contract/bridge';
import { simulatorMethods } from '../contract/simulator-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export const SIMULATOR_SURFACE_ENV = 'CABINET_SIMULATOR_SURFACE';

/** Main's side: the value to put in process.env before the window loads. */
export function surfaceEnvValue(simulatorSurface: boolean): '1' | '0' {
  return simulatorSurface ? '1' : '0';
}

export function bridgeMethodNames(withSimulator: boolean): string[] {
  return withSimulator ? [...Object.keys(methods), ...Object.keys(simulatorMethods)] : Object.keys(methods);
}

/** The slice of ipcRenderer the bridge uses: invoke on one channel, listen on another. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The preload's side: `env` is the sandboxed preload's process.env (absent: no simulator). */
export function createBridge(ipc: BridgeIpc, env: Readonly<Record<string, string | undefined>> | undefined): KioskBridge {
  const names = bridgeMethodNames(env?.[SIMULATOR_SURFACE_ENV] === '1');
  return {
    methods: Object.fromEntries(names.map((name) => [name, (payload: unknown) => ipc.invoke(CALL_CHANNEL, name, payload) as ReturnType<KioskBridge['methods'][string]>])),
    onEvent(listener) {
      const wrapped = (_e: unknown, ...args: unknown[]) => listener(String(args[0]), args[1]);
      ipc.on(EVENT_CHANNEL, wrapped);
      return () => ipc.removeListener(EVENT_CHANNEL, wrapped);
    },
  };
}
