import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // Two at a time on the 2 cores CI has: most files wait on a child process (the CLI, LibreOffice,
    // deckcheck), so one worker (vitest's default here, cores - 1) leaves a core idle most of the run.
    maxWorkers: 2,
    hookTimeout: 120_000,
  },
});
