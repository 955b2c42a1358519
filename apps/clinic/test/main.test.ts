// The process entry: ready line, /health, clean shutdown on signals, config errors, store down at start.
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.ts';
import { startRedisServer, type RedisServer } from './helpers/redis-server.ts';
import { spawnService, type ServiceProcess } from './helpers/service-process.ts';

const started: ServiceProcess[] = [];
const servers: RedisServer[] = [];
function service(env: Record<string, string>): ServiceProcess {
  const proc = spawnService(env);
  started.push(proc);
  return proc;
}

afterAll(async () => {
  await Promise.all(started.map((proc) => proc.stop()));
  await Promise.all(servers.map((server) => server.stop()));
});

async function health(base: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/health`);
  return { status: res.status, body: await res.json() };
}

describe('main.ts', () => {
  it('prints exactly one ready line, serves, and exits 0 on SIGTERM (Redis)', async () => {
    const redis = await startRedisServer();
    servers.push(redis);
    const port = await freePort();
    const proc = service({ REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1' });
    expect(await proc.readyLine()).toBe(`clinic listening on http://127.0.0.1:${port} (store: redis)`);
    const base = `http://127.0.0.1:${port}`;
    expect(await health(base)).toEqual({ status: 200, body: { status: 'ok', store: 'redis' } });
    const page = await fetch(`${base}/hospital`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Hospitals</h1>');
    proc.child.kill('SIGTERM');
    expect(await proc.exitCode()).toBe(0);
    expect(proc.stdout()).toBe(`clinic listening on http://127.0.0.1:${port} (store: redis)\n`);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('starts on the embedded PGlite store by default and stops on SIGINT', async () => {
    const port = await freePort();
    const proc = service({ PORT: String(port) });
    expect(await proc.readyLine(45_000)).toBe(`clinic listening on http://127.0.0.1:${port} (store: pglite)`);
    expect(await health(`http://127.0.0.1:${port}`)).toEqual({
      status: 200,
      body: { status: 'ok', store: 'pglite' },
    });
    proc.child.kill('SIGINT');
    expect(await proc.exitCode()).toBe(0);
  }, 60_000);

  it('starts while Redis is down (health 503) and serves once Redis comes up', async () => {
    const redisPort = await freePort();
    const port = await freePort();
    const proc = service({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, PORT: String(port) });
    expect(await proc.readyLine()).toBe(`clinic listening on http://127.0.0.1:${port} (store: redis)`);
    const base = `http://127.0.0.1:${port}`;
    const down = await health(base);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'unavailable',
      store: 'redis',
      error: 'CLINIC_ERR_STORE_UNAVAILABLE',
    });
    const api = await fetch(`${base}/api/v1/hospital`);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: 'CLINIC_ERR_STORE_UNAVAILABLE' });

    servers.push(await startRedisServer(redisPort));
    const deadline = Date.now() + 15_000;
    while ((await health(base)).status !== 200) {
      if (Date.now() > deadline) throw new Error('service did not recover');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await fetch(`${base}/api/v1/hospital`)).status).toBe(200);
    expect(proc.child.exitCode).toBeNull();
    expect(proc.stderr()).toContain('redis connection lost');
  });

  it('rejects a bad environment with one line naming every bad variable and exit code 2', async () => {
    const proc = service({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await proc.exitCode()).toBe(2);
    expect(proc.stdout()).toBe('');
    const lines = proc.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^CLINIC_ERR_CONFIG: Invalid environment: /);
    expect(lines[0]).toContain('PORT="eighty" must be a port number 0..65535');
    expect(lines[0]).toContain('LOG_LEVEL="loud" must be one of');
  });
});
