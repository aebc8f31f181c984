// The preload exposes exactly the contract's methods (and the core's events), nothing else:
// no generic send, no ipcRenderer. The simulator's methods only when main said so in the
// environment it hands the sandboxed preload (config says simulator AND the app is unpackaged or
// in demo mode: startup.ts, surface.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './surface';

contextBridge.exposeInMainWorld('cabinet', createBridge(ipcRenderer, process.env));
