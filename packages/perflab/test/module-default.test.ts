import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExport } from '../src/module-default.ts';

const BIN = fileURLToPath(new URL('../bin/perflab.js', import.meta.url));
const run = promisify(execFile);

describe('defaultExport', () => {
  it('unwraps the default export of a file tsx compiled to CommonJS, and passes an ES module’s through', () => {
    const value = { workload: {} };
    expect(defaultExport({ default: value })).toBe(value);
    expect(defaultExport({ default: { __esModule: true, default: value } })).toBe(value);
    expect(defaultExport({})).toBeUndefined();
    expect(defaultExport({ default: { default: value } })).toEqual({ default: value }); // no __esModule: data
  });
});

describe('user TypeScript files outside a "type": "module" package (perflab CLI under tsx)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-cjs-')); // no package.json up the tree: CommonJS
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('perflab sim loads a .ts model there (type annotations compiled, default export found)', async () => {
    const file = join(dir, 'model.ts');
    await writeFile(
      file,
      `const rate: number = 20;
export default {
  name: 'outside',
  duration: '5s',
  workload: { type: 'open', rate },
  services: { api: { serviceTime: '2ms' } },
  flows: { only: { weight: 1, steps: [{ type: 'call', target: 'api' }] } },
};
`,
    );
    const { stdout } = await run(process.execPath, [BIN, 'sim', file, '--threads', '1'], { timeout: 60_000 });
    expect(stdout).toMatch(/^perflab sim: outside — 1 replication\(s\) × 5 s/);
  }, 60_000);
});
