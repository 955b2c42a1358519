import { defineConfig } from 'vitest/config';

// The arena suite: `npx vitest run --project arena` from the repo root.
export default defineConfig({
  test: {
    name: 'arena',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
