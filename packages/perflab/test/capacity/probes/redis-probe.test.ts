import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { probeRedis } from '../../../src/capacity/probes/redis-probe.ts';
import { PerflabError } from '../../../src/errors.ts';
import { freePort } from '../../support/free-port.ts';
import { startRedisServer, type RedisServer } from '../../support/redis-server.ts';

let server: RedisServer;
let admin: ReturnType<typeof createClient>;

async function probeKeys(): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of admin.scanIterator({ MATCH: 'perflab:probe:*', COUNT: 1000 })) found.push(...keys);
  return found;
}

async function hits(): Promise<number> {
  const line = (await admin.info('stats')).split(/\r?\n/).find((l) => l.startsWith('keyspace_hits:'));
  return Number(line?.split(':')[1]);
}

beforeAll(async () => {
  server = await startRedisServer();
  admin = createClient({ url: server.url });
  admin.on('error', () => {});
  await admin.connect();
  await admin.set('clinic:unrelated', 'keep me');
});

afterAll(async () => {
  if (admin?.isOpen) await admin.close();
  await server?.stop();
});

describe('probeRedis', () => {
  it('measures writes and reads of ~1 KB values and deletes every key it wrote', async () => {
    const sizeBefore = await admin.dbSize();
    const hitsBefore = await hits();
    const result = await probeRedis(server.url, { durationMs: 1000, concurrency: 4 });
    const hitsAfter = await hits();
    console.log('redis probe', JSON.stringify(result));

    expect(result.kind).toBe('redis');
    expect(result.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(result.target).toMatch(/^perflab:probe:[0-9a-f]{12}:$/);
    expect(result.concurrency).toBe(4);
    expect(result.errors).toBe(0);
    expect(result.writeOps).toBeGreaterThan(50);
    expect(result.readOps).toBeGreaterThan(50);
    expect(result.writeOpsPerSecond).toBeCloseTo(result.writeOps / (result.writeDurationMs / 1000), 6);
    expect(result.readOpsPerSecond).toBeCloseTo(result.readOps / (result.readDurationMs / 1000), 6);
    expect(result.writeDurationMs).toBeGreaterThanOrEqual(499);
    expect(result.readDurationMs).toBeGreaterThanOrEqual(499);
    for (const latency of [result.writeLatencyMs, result.readLatencyMs]) {
      expect(latency.p50).toBeGreaterThan(0);
      expect(latency.p95).toBeGreaterThanOrEqual(latency.p50);
      expect(latency.p99).toBeGreaterThanOrEqual(latency.p95);
    }
    // Every GET read a key the write phase had written.
    expect(hitsAfter - hitsBefore).toBe(result.readOps);
    expect(result.cleanedUp).toBe(true);
    expect(result.notes).toContain(`clean-up: deleted ${result.writeOps} keys ${result.target}*`);
    expect(await probeKeys()).toEqual([]);
    expect(await admin.dbSize()).toBe(sizeBefore);
    expect(await admin.get('clinic:unrelated')).toBe('keep me');
  });

  it('cleans up when aborted mid-way through the write phase, then rejects with the abort reason', async () => {
    const sizeBefore = await admin.dbSize();
    const controller = new AbortController();
    const probe = probeRedis(server.url, { durationMs: 20_000, concurrency: 2, signal: controller.signal });
    const outcome = probe.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    // Abort once the probe has written keys (so the clean-up has something to remove).
    while ((await admin.dbSize()) < sizeBefore + 100) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('stop the probe'));
    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('stop the probe');
    expect(await probeKeys()).toEqual([]);
    expect(await admin.dbSize()).toBe(sizeBefore);
    expect(await admin.get('clinic:unrelated')).toBe('keep me');
  });

  it('cleans up after a tiny duration too', async () => {
    const sizeBefore = await admin.dbSize();
    const result = await probeRedis(server.url, { durationMs: 2, concurrency: 8, prefix: 'mytest:' });
    expect(result.target).toMatch(/^mytest:[0-9a-f]{12}:$/);
    expect(result.cleanedUp).toBe(true);
    expect(result.errors).toBe(0);
    expect(await admin.dbSize()).toBe(sizeBefore);
  });

  it('rejects an unreachable server with PERFLAB_ERR_PROBE naming the URL, password masked', async () => {
    const port = await freePort();
    const error = await probeRedis(`redis://:s3cret@127.0.0.1:${port}`, { durationMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_PROBE');
    expect((error as PerflabError).message).toContain(`Redis probe redis://:***@127.0.0.1:${port}`);
    expect((error as PerflabError).message).toContain('ECONNREFUSED');
    expect((error as PerflabError).message).not.toContain('s3cret');
  });

  it('rejects a URL that is not redis:// and bad options before connecting', async () => {
    await expect(probeRedis('http://127.0.0.1:1')).rejects.toMatchObject({
      code: 'PERFLAB_ERR_PROBE',
      message: 'Redis probe "http://127.0.0.1:1/": not a redis:// or rediss:// URL',
    });
    await expect(probeRedis(server.url, { concurrency: 0 })).rejects.toMatchObject({
      code: 'PERFLAB_ERR_USAGE',
    });
    await expect(probeRedis(server.url, { prefix: '' })).rejects.toMatchObject({ code: 'PERFLAB_ERR_USAGE' });
  });
});
