import { defineConfig } from 'vitest/config';

// One test run for every workspace; each project keeps its own setup.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
