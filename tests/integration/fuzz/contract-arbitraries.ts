// Fuzzed contract calls: arguments generated from each method's own zod schema (so the handlers
// behind the validation are reached), then mutated into what a hostile client would send — wrong
// types, huge strings, deep nesting, prototype keys, odd unicode, non-finite and huge numbers,
// missing or foreign ids, tokens nobody was given. Seeded (fast-check), so a run replays from its seed.
import fc from 'fast-check';
import type { z } from 'zod';

/** Values the generator mixes in by field name, so some calls name real things (matters, doors, flows). */
export type Dictionary = Record<string, readonly unknown[]>;

interface Def {
  type: string;
  [key: string]: unknown;
}
type Check = { _zod: { def: { check: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number } } };

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check['_zod']['def'][] => ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def);

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const pattern = checks.find((c) => c.format === 'regex')?.pattern;
  if (pattern) return fc.stringMatching(pattern);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 40;
  return fc.string({ minLength: min, maxLength: Math.min(max, 80) });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const min = checks.find((c) => c.check === 'greater_than')?.value ?? -1e6;
  const max = checks.find((c) => c.check === 'less_than')?.value ?? 1e12;
  if (checks.some((c) => c.format === 'safeint')) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true });
}

/** A value the schema accepts (mostly: refinements across fields are not solved). */
export function arbitraryOf(schema: unknown, dictionary: Dictionary = {}, key = ''): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: unknown) => arbitraryOf(s, dictionary, key);
  const known = dictionary[key];
  const plain = (): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'object':
        return objectArbitrary(def.shape as Record<string, unknown>, dictionary);
      case 'string':
        return stringArbitrary(def);
      case 'number':
        return numberArbitrary(def);
      case 'boolean':
        return fc.boolean();
      case 'enum':
        return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'optional':
      case 'default':
        return fc.option(inner(def.innerType), { nil: undefined, freq: 3 });
      case 'array': {
        const max = checksOf(def).find((c) => c.check === 'max_length')?.maximum ?? 4;
        return fc.array(inner(def.element), { maxLength: Math.min(max, 4) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  return known && known.length > 0 ? fc.oneof(plain(), fc.constantFrom(...known)) : plain();
}

function objectArbitrary(shape: Record<string, unknown>, dictionary: Dictionary): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arbitraryOf(s, dictionary, k)]));
  const required = Object.entries(shape)
    .filter(([, s]) => !['optional', 'default'].includes(defOf(s).type))
    .map(([k]) => k);
  return fc.record(fields, { requiredKeys: required });
}

/**
 * Numbers JSON.stringify cannot write (1e999 parses to Infinity) and nesting deeper than a client's
 * own JSON.stringify survives travel as markers, replaced in the text by `toWire`.
 */
const raw = (text: string) => `@@raw:${text}@@`;
const deepArray = (depth: number) => raw(`deep-array:${depth}`);
const deepObject = (depth: number) => raw(`deep-object:${depth}`);

export function toWire(value: unknown): string {
  return JSON.stringify(value).replace(/"@@raw:([^@"]*)@@"/g, (_, text: string) => {
    const [kind, n] = text.split(':');
    const depth = Number(n);
    if (kind === 'deep-array') return '['.repeat(depth) + ']'.repeat(depth);
    if (kind === 'deep-object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return text;
  });
}

const oddStrings = [
  '', ' ', '\u0000', '\ud800', '\udfff', '\u202e1234', '\ufeff', '\u200b', '𠜎𠜎𠜎', '١٢٣٤٥٦', '１２３４５６', '<script>alert(1)</script>',
  "' OR 1=1 --", '%00', '../../etc/passwd', '${7*7}', '\r\n\r\nGET / HTTP/1.1', 'null', 'undefined', 'NaN', '-1', '0x10', '1e3',
];
const oddNumbers = [0, -0, -1, 0.5, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE, raw('1e999'), raw('-1e999'), raw('1e-400'), raw('123456789012345678901234567890')];

/** A hostile value for one field or a whole payload. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, ...oddStrings, ...oddNumbers),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 16, max: 20_000 }).map(deepArray),
  fc.integer({ min: 16, max: 12_000 }).map(deepObject),
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => raw(n.toString())),
);

export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** An own property that JSON.stringify writes even for "__proto__". */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      key: fc.oneof(fc.constantFrom(...prototypeKeys), fc.string({ maxLength: 12 })),
      value: fc.oneof(fc.constant({ polluted: true, isAdmin: true, role: 'admin' }), hostileValue),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
);

export function mutate(payload: unknown, m: Mutation): unknown {
  if (m.kind === 'none') return payload;
  if (m.kind === 'whole' || !payload || typeof payload !== 'object' || Array.isArray(payload)) return m.kind === 'whole' ? m.value : payload;
  const record = payload as Record<string, unknown>;
  const keys = Object.keys(record);
  if (m.kind === 'extra') return withOwn(record, m.key, m.value);
  if (keys.length === 0) return withOwn(record, 'dropOffId', m.kind === 'replace' ? m.value : 'x');
  const key = keys[m.at % keys.length] as string;
  if (m.kind === 'drop') return Object.fromEntries(keys.filter((k) => k !== key).map((k) => [k, record[k]]));
  return withOwn(record, key, m.value);
}

const unknownMethods = fc.oneof(
  fc.constantFrom<unknown>('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'dropOff', 'dropOff.begin.x', 'DROPOFF.BEGIN', 'staff.login ', 'simulator.reset', 'x'.repeat(5_000)),
  fc.constantFrom<unknown>(null, 0, true, ['cabinet.info'], { name: 'cabinet.info' }),
  fc.string({ maxLength: 30 }),
);

export interface FuzzCall {
  method: unknown;
  payload: unknown;
}

/** One call: a contract method (or an unknown name) with schema-made arguments, usually mutated. */
export function callArbitrary(table: Record<string, { input: z.ZodType }>, dictionary: Dictionary): fc.Arbitrary<FuzzCall> {
  const known = Object.entries(table).map(([name, spec]) =>
    fc.tuple(arbitraryOf(spec.input, dictionary), mutation).map(([payload, m]): FuzzCall => ({ method: name, payload: mutate(payload, m) })),
  );
  return fc.oneof(
    { weight: 17, arbitrary: fc.oneof(...known) },
    { weight: 3, arbitrary: fc.tuple(unknownMethods, fc.oneof(hostileValue, fc.constant({}))).map(([method, payload]) => ({ method, payload })) },
  );
}
