// What the preload puts on window.cabinet: exactly the contract's methods, plus the simulator's
// only when main says so (an argument in the renderer's argv, set from simulatorSurface). Kept
// apart from preload.ts so tests can build the bridge with a stand-in ipcRenderer.
import { methods } from '../contract/api';
import type { KioskBridge } from '../contract/bridge';
import { simulatorMethods } from '../contract/simulator-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export const SIMULATOR_SURFACE_ARG = '--cabinet-simulator-surface';

export function bridgeMethodNames(withSimulator: boolean): string[] {
  return withSimulator ? [...Object.keys(methods), ...Object.keys(simulatorMethods)] : Object.keys(methods);
}

/** The slice of ipcRenderer the bridge uses: invoke on one channel, listen on another. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: BridgeIpc, argv: readonly string[]): KioskBridge {
  const names = bridgeMethodNames(argv.includes(SIMULATOR_SURFACE_ARG));
  return {
    methods: Object.fromEntries(names.map((name) => [name, (payload: unknown) => ipc.invoke(CALL_CHANNEL, name, payload) as ReturnType<KioskBridge['methods'][string]>])),
    onEvent(listener) {
      const wrapped = (_e: unknown, ...args: unknown[]) => listener(String(args[0]), args[1]);
      ipc.on(EVENT_CHANNEL, wrapped);
      return () => ipc.removeListener(EVENT_CHANNEL, wrapped);
    },
  };
}
