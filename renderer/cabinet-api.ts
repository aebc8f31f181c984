// How the screen reaches the core: the Electron preload's bridge when running in the kiosk, a
// WebSocket to the web harness otherwise. Either way the client is generated from the contract.
import './zod-jitless';
import { methods, type EventName } from '../main/contract/api';
import { createClient, type Call } from '../main/contract/client';
import type { KioskBridge } from '../main/contract/bridge';
import type { Response } from '../main/contract/errors';
import { simulatorMethods } from '../main/contract/simulator-api';

export type EventListener = (event: string, data: unknown) => void;

declare global {
  interface Window {
    cabinet?: KioskBridge;
  }
}

function connectWebSocket(): { call: Call; onEvent(listener: EventListener): () => void } {
  // This page is one screen: a reconnect keeps its flows (the id is this page's own, never sent elsewhere).
  const screen = crypto.randomUUID();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?screen=${screen}`;
  const pending = new Map<number, (r: Response) => void>();
  const listeners = new Set<EventListener>();
  let next = 1;
  let socket: WebSocket;
  let ready: Promise<void>;

  const open = () => {
    socket = new WebSocket(url);
    ready = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (e) => {
      const message = JSON.parse(String(e.data)) as { id?: number; response?: Response; event?: string; data?: unknown };
      if (message.event) listeners.forEach((l) => l(message.event as string, message.data));
      else if (typeof message.id === 'number') {
        pending.get(message.id)?.(message.response as Response);
        pending.delete(message.id);
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: 'Connection to the cabinet was lost.' } });
      pending.clear();
      setTimeout(open, 1000);
    });
  };
  open();

  return {
    async call(method, payload) {
      await ready;
      const id = next++;
      return new Promise<Response>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, payload }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const bridge = window.cabinet;
const connection = bridge
  ? { call: ((method, payload) => {
      const fn = bridge.methods[method];
      return fn ? fn(payload) : Promise.resolve({ ok: false, error: { code: 'unknown-method', message: method } } as Response);
    }) as Call, onEvent: bridge.onEvent }
  : connectWebSocket();

export const api = createClient(methods, connection.call);
/** Only answered by the web harness with simulated boards. */
export const simulatorApi = createClient(simulatorMethods, connection.call);
export const onEvent = connection.onEvent;
export type { EventName };
