import { defineConfig } from 'vitest/config';

// The clinic suite: `npx vitest run --project clinic` from the repo root.
export default defineConfig({
  test: {
    name: 'clinic',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
