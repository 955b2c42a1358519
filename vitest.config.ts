import { defineConfig } from 'vitest/config';

// One test run for every workspace; each project keeps its own setup.
// Files run one at a time: several suites measure latency or start database
// servers, and on a 2-core machine running them side by side would measure the
// other suites' CPU use rather than the code under test.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    fileParallelism: false,
  },
});
