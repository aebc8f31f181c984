// A typed client generated from a method table: the renderer's WebSocket client and the
// Electron preload are both built with this, so no hand-written declaration can drift.
import type { z } from 'zod';
import { CallError, type Response } from './errors';
import type { MethodTable } from './dispatch';

export type Client<T extends MethodTable> = {
  [M in keyof T]: (input: z.input<T[M]['input']>) => Promise<z.output<T[M]['output']>>;
};

export type Call = (method: string, payload: unknown) => Promise<Response>;

export function createClient<T extends MethodTable>(table: T, call: Call): Client<T> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(table)) {
    client[method] = async (input) => {
      const response = await call(method, input);
      if (!response.ok) throw new CallError(response.error);
      return response.result;
    };
  }
  return client as Client<T>;
}
