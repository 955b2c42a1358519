/** The test-process helpers live with perflab's test support (one copy for every workspace). */
export {
  exited,
  findExecutable,
  onPath,
  tail,
  terminate,
} from '../../../../packages/perflab/test/support/child.ts';
