import { defineConfig } from 'vitest/config';

// End-to-end journeys: real Chromium (Debian's) driving the built renderer served by the
// headless shell, which runs as its own process. Run after `npm run build`.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
