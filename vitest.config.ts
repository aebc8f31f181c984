import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests share ptys and temp files; keep files isolated in their own workers.
    pool: 'forks',
    // Three files at a time: most integration files wait on serial replies, door polls and
    // child processes, not on a core, and vitest's default on 2 cores is one file at a time
    // (the suite's 200 SIGKILLs, 77 disk-full phases and 130 serial faults would run end to end).
    maxWorkers: 3,
  },
});
