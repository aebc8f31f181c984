// `npm run scan:electron` (and a stage of `npm test`): Doyensec Electronegativity over main/ and
// the built renderer, scanned together so its global checks (navigation limits, permission
// handler, CSP) see the whole app. Fails on any finding above INFORMATIONAL not justified in
// .electronegativity-accepted.json (scripts/electronegativity-judge.ts). Offline-safe: the
// check that downloads Electron's release list is excluded (it needs the network and a
// package.json); Electron upgrades are a dependency decision, not a scan result.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFinding, judge, parseAccepted, type Finding } from './electronegativity-judge';

const require = createRequire(import.meta.url);
const RENDERER = join('dist', 'renderer');
const ACCEPTED = '.electronegativity-accepted.json';

interface RawIssue {
  id: string;
  file: string;
  location?: { line?: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
  sample?: string;
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

if (!existsSync(join(RENDERER, 'index.html'))) {
  console.error(`electronegativity: ${RENDERER} is missing — build the renderer first (npm run build:renderer)`);
  process.exit(1);
}
// One folder with both, named as in the repository (main/…, renderer/…).
const input = mkdtempSync(join(tmpdir(), 'electronegativity-'));
cpSync('main', join(input, 'main'), { recursive: true });
cpSync(RENDERER, join(input, 'renderer'), { recursive: true });

// Its translations would be fetched for $LANG; en-US is bundled.
process.env.LANG = 'en-US';
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (require('electron/package.json') as { version: string }).version;
let result: Awaited<ReturnType<Run>>;
try {
  result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['availablesecurityfixesglobalcheck'] });
} finally {
  rmSync(input, { recursive: true, force: true });
}

const findings: Finding[] = result.issues.map((i) => ({ id: i.id, file: i.file, line: i.location?.line ?? 0, severity: i.severity.name, confidence: i.confidence.name, description: i.description, sample: i.sample }));
const verdict = judge(findings, parseAccepted(JSON.parse(readFileSync(ACCEPTED, 'utf8'))));
const parseErrors = result.errors.filter((e) => !e.tolerable);

console.log(`electronegativity ${electronVersion ? `(Electron ${electronVersion})` : ''}: ${findings.length} finding(s) over main/ and ${RENDERER}`);
for (const { finding, reason } of verdict.accepted) console.log(`  accepted  ${describeFinding(finding)}\n            why: ${reason}`);
for (const f of verdict.informational) console.log(`  info      ${describeFinding(f)}`);
for (const a of verdict.stale) console.log(`  stale     ${a.id} ${a.file}: listed in ${ACCEPTED} but no longer found — remove it`);
for (const e of parseErrors) console.log(`  unparsed  ${e.file}: ${e.message}`);
for (const f of verdict.failing) console.log(`  FAIL      ${describeFinding(f)}${f.sample ? `\n            ${f.sample.trim().slice(0, 160)}` : ''}`);
const failed = verdict.failing.length + parseErrors.length;
console.log(failed ? `electronegativity: ${failed} problem(s) — fix them, or justify them in ${ACCEPTED}` : 'electronegativity: nothing above informational left unjustified');
process.exit(failed ? 1 : 0);
