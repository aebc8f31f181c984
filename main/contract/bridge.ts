// What the Electron preload (main/electron/preload.ts) puts on `window.cabinet`: one function per
// contract method, answering the dispatcher's Response, and the core's events. The preload is
// typed by this and the renderer reads it through this, so the two cannot drift.
import type { Response } from './errors';

export type BridgeEventListener = (event: string, data: unknown) => void;

export interface KioskBridge {
  methods: Record<string, (payload: unknown) => Promise<Response>>;
  onEvent(listener: BridgeEventListener): () => void;
}
