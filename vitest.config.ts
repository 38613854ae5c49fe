import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,main,renderer,sandbox,scripts,build}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Native modules (better-sqlite3, keytar) and child processes behave best in forks.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
