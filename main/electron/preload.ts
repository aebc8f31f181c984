// The preload exposes exactly the contract's methods (and the core's events), nothing else:
// no generic send, no ipcRenderer. The simulator's methods only when main passed the argument
// (config says simulator AND the app is unpackaged or in demo mode: startup.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './surface';

contextBridge.exposeInMainWorld('cabinet', createBridge(ipcRenderer, process.argv));
