// `npm run bench:guessing [-- --days 7 --json out.json]`: guessing attacks through the real handlers
// on a manual clock (scripts/bench/guessing-attack.ts): staff PINs one at a time and 300 at once,
// pickup codes one at a time and 300 at once, spread over phones and all on one phone. For each:
// the guesses the cabinet checked, per hour over the span and steady (whole lockout cycles in the
// second half), against ADR 0009's arithmetic for the same span and for ten years. Exits 1 if any
// figure is above the ADR's.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measure, scenarios, type Measured } from './bench/guessing-attack';
import { HOUR_MS } from './bench/guessing-model';

const { values } = parseArgs({ options: { days: { type: 'string', default: '7' }, json: { type: 'string' } } });
const days = Number(values.days);
if (!(days >= 1)) throw new Error('--days: at least 1 (the PIN lockout reaches its 6 h cap after about 14 h)');
const spanMs = days * 24 * HOUR_MS;

const within = (m: Measured) => m.result.accepted <= m.model.guesses && m.steadyPerHour <= m.model.perHour && m.tenYearSuccesses <= m.model.tenYearSuccesses && !m.result.answers.ok;

console.log(`guessing through the real handlers, ${days} days of attack on a manual clock each\n`);
console.log('| attack | calls | checked (ADR model) | per hour, whole span | steady per hour (ADR) | 10-year expected successes (ADR) | |');
console.log('|---|---|---|---|---|---|---|');
const all: Measured[] = [];
for (const scenario of scenarios) {
  const started = performance.now();
  const m = await measure(scenario, spanMs);
  all.push(m);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `| ${scenario.name} | ${m.result.calls} | ${m.result.accepted} (${m.model.guesses}) | ${m.perHour.toFixed(2)} | ${m.steadyPerHour.toFixed(2)} (${m.model.perHour.toFixed(2)}) | ${m.tenYearSuccesses.toPrecision(2)} (${m.model.tenYearSuccesses.toPrecision(2)}) | ${within(m) ? 'ok' : 'ABOVE THE ADR'} (${seconds} s) |`,
  );
}
if (values.json) {
  const rows = all.map((m) => ({ attack: m.scenario.name, calls: m.result.calls, answers: m.result.answers, checked: m.result.accepted, perHour: m.perHour, steadyPerHour: m.steadyPerHour, model: m.model, tenYearSuccesses: m.tenYearSuccesses }));
  writeFileSync(values.json, JSON.stringify({ days, rows }, null, 2));
}
process.exit(all.every(within) ? 0 : 1);
