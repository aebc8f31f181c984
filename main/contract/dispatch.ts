// The ONE dispatcher both shells use: look the method up, validate the payload with its schema,
// run the handler, validate what it answers. Never throws: every failure is a typed error.
import type { z } from 'zod';
import { CabinetError, type ContractError, type Response } from './errors';

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}
export type MethodTable = Record<string, MethodSpec>;

export type Handlers<T extends MethodTable> = {
  [M in keyof T]: (input: z.output<T[M]['input']>) => Promise<z.input<T[M]['output']>> | z.input<T[M]['output']>;
};

export type Dispatch = (method: unknown, payload: unknown) => Promise<Response>;

export interface DispatchLog {
  (entry: { level: 'warn' | 'error'; method: string; message: string; detail?: unknown }): void;
}

const fail = (error: ContractError): Response => ({ ok: false, error });

export function createDispatcher<T extends MethodTable>(table: T, handlers: Handlers<T>, log: DispatchLog = () => {}): Dispatch {
  return async (method, payload) => {
    if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(table, method)) {
      const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      log({ level: 'warn', method: String(name), message: 'unknown method' });
      return fail({ code: 'unknown-method', message: `Unknown method: ${name}` });
    }
    const spec = table[method] as MethodSpec;
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(payload)', message: i.message }));
      log({ level: 'warn', method, message: 'payload failed its schema', detail: issues });
      return fail({ code: 'bad-request', message: `Invalid payload for ${method}`, issues });
    }
    try {
      const handler = handlers[method as keyof T] as (input: unknown) => unknown;
      const result = await handler(parsed.data);
      const checked = spec.output.safeParse(result);
      if (!checked.success) {
        log({ level: 'error', method, message: 'handler answered outside its schema', detail: checked.error.issues });
        return fail({ code: 'internal', message: 'The cabinet could not complete this request.' });
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      if (error instanceof CabinetError) {
        log({ level: 'warn', method, message: `${error.code}: ${error.message}` });
        return fail({ code: error.code, message: error.message, ...error.extra });
      }
      log({ level: 'error', method, message: 'handler threw', detail: error instanceof Error ? error.stack : error });
      return fail({ code: 'internal', message: 'The cabinet could not complete this request.' });
    }
  };
}
