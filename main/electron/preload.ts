// The preload exposes exactly the contract's methods (and the core's events), nothing else:
// no generic send, no ipcRenderer. The list comes from the contract itself.
import { contextBridge, ipcRenderer } from 'electron';
import { methods } from '../contract/api';
import type { KioskBridge } from '../contract/bridge';
import { simulatorMethods } from '../contract/simulator-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const names = [...Object.keys(methods), ...Object.keys(simulatorMethods)];

const bridge: KioskBridge = {
  methods: Object.fromEntries(names.map((name) => [name, (payload: unknown) => ipcRenderer.invoke(CALL_CHANNEL, name, payload)])),
  onEvent(listener: (event: string, data: unknown) => void) {
    const wrapped = (_e: unknown, event: string, data: unknown) => listener(event, data);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};
contextBridge.exposeInMainWorld('cabinet', bridge);

export type { KioskBridge };
