/** The process entry: starts, prints its ready line, serves, exits 0 on SIGTERM; bad config exits 2. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exited, tail, terminate } from '../../../packages/perflab/test/support/child.ts';
import { loadConfig } from '../src/config.ts';
import { isArenaError } from '../src/errors.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function spawnMain(env: Record<string, string>) {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PGLITE_DIR', 'LOG_LEVEL', 'PORT', 'HOST', 'JWT_SECRET'])
    delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, stdout: () => out, stderr: tail(child.stderr) };
}

describe('main', () => {
  it('starts on PGlite, answers /healthz, and exits 0 on SIGTERM', async () => {
    const proc = spawnMain({ PORT: '0', ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'root-password' });
    try {
      const deadline = Date.now() + 30_000;
      while (!proc.stdout().includes('\n')) {
        if (proc.child.exitCode !== null) throw new Error(`exited early: ${proc.stderr()}`);
        if (Date.now() > deadline) throw new Error(`not ready in 30 s: ${proc.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const line = proc.stdout().trim();
      expect(line).toMatch(
        /^arena listening on http:\/\/127\.0\.0\.1:\d+ \(database: pglite, shared: memory\)$/,
      );
      const url = /http:\/\/\S+/.exec(line)![0];
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite', shared: 'memory' });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'root', password: 'root-password' }),
      });
      expect(login.status).toBe(200);
      proc.child.kill('SIGTERM');
      await exited(proc.child);
      expect(proc.child.exitCode).toBe(0);
    } finally {
      await terminate(proc.child, 'SIGKILL');
    }
  });

  it('exits 2 with one line naming every bad variable', async () => {
    const proc = spawnMain({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    await exited(proc.child);
    expect(proc.child.exitCode).toBe(2);
    const text = proc.stderr().trim();
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toContain('ARENA_ERR_CONFIG');
    expect(text).toContain('PORT="eighty" must be a port number');
    expect(text).toContain(
      'DATABASE_URL="mysql://x" must be a URL starting with postgres:// or postgresql://',
    );
    expect(text).toContain('JWT_SECRET must be at least 32 characters');
    expect(text).not.toContain('short');
  });

  it('requires ADMIN_LOGIN and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_LOGIN: 'root' })).toThrow(/ADMIN_PASSWORD/);
    let caught: unknown;
    try {
      loadConfig({ ADMIN_PASSWORD: 'long-enough' });
    } catch (error) {
      caught = error;
    }
    expect(isArenaError(caught, 'ARENA_ERR_CONFIG')).toBe(true);
    expect((caught as { fields?: object }).fields).toEqual({
      ADMIN_LOGIN: 'ADMIN_LOGIN and ADMIN_PASSWORD must be set together',
    });
    expect(loadConfig({}).rateLimits).toEqual({
      answersPerMinute: 10,
      loginsPerMinute: 10,
      loginsPerIpPerMinute: 100,
    });
  });
});
