// `npm start` on a machine where Electron's download fails: electron's own installer is tried
// (against a real server on 127.0.0.1 that answers 404, with an empty cache and dist directory),
// and the failure is one line naming the reason and the web harness. Nothing is built or launched.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadFailedLine, failureReason } from '../../scripts/electron-binary';

let server: Server | undefined;
afterEach(() => server?.close());

describe('npm start without an Electron binary', () => {
  it('tries the download once and, when it fails, prints one line with the web harness as the alternative', async () => {
    const requests: string[] = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const dist = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    const env = { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ELECTRON_OVERRIDE_DIST_PATH: dist, electron_config_cache: mkdtempSync(join(tmpdir(), 'electron-cache-')) };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'scripts/start-electron.ts'], { env, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatch(/electron-v[\d.]+-/);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/downloading it once/);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Electron could not be downloaded \(.*404.*\) — run `npm run web`/);
    expect(readdirSync(dist)).toEqual([]);
  }, 150_000);

  it('keeps the reason short: the last line that is not a stack frame', () => {
    expect(failureReason('HTTPError: Response code 404 (Not Found)\n    at foo (x.js:1:1)\n')).toBe('HTTPError: Response code 404 (Not Found)');
    expect(failureReason('')).toBe('no output');
    expect(failureReason('x'.repeat(500))).toHaveLength(160);
    expect(downloadFailedLine('fetch failed')).toContain('npm run web');
  });
});
