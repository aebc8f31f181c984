import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright's own browsers cannot be downloaded on these machines), driven
// through the web harness. Each test starts its own harness on a fresh data directory.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Three at a time: an end-to-end test mostly waits (harness start, door timers, polls), and two
  // workers left the 70 tests near 7 minutes of a 15-minute budget on 2 cores.
  workers: 3,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
