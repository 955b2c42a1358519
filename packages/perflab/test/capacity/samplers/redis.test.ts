import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceMonitor } from '../../../src/capacity/samplers/monitor.ts';
import { parseRedisInfo, redactUrl, RedisSampler } from '../../../src/capacity/samplers/redis-sampler.ts';
import { sliceResources } from '../../../src/capacity/samplers/summary.ts';
import { PerflabError } from '../../../src/errors.ts';
import { freePort } from '../../support/free-port.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis sampler (a real redis-server)', () => {
  let server: RedisServer;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    server = await startRedisServer();
    client = createClient({ url: server.url });
    client.on('error', () => {});
    await client.connect();
  });
  afterAll(async () => {
    if (client?.isOpen) client.destroy();
    await server?.stop();
  });

  it('hit rate, clients, memory and limit from INFO, over the window of known traffic', async () => {
    const monitor = new ResourceMonitor({ redis: [server.url] });
    await monitor.start();
    for (let i = 0; i < 10; i++) await client.set(`key:${i}`, 'x'.repeat(1000));
    for (let i = 0; i < 80; i++) await client.get(`key:${i % 10}`); // hits
    for (let i = 0; i < 20; i++) await client.get(`missing:${i}`); // misses
    await monitor.sampleNow();
    for (let i = 0; i < 30; i++) await client.get(`key:${i % 10}`); // 30 more hits, in the next interval
    await monitor.sampleNow();
    const report = await monitor.stop();
    const series = report.redis[0]!;
    expect(series.url).toBe(`${server.url}`);
    const [baseline, first, second] = series.samples;
    expect(baseline!.keyspaceHits).toBeNull(); // no previous sample
    expect(baseline!.hitRate).toBeNull();
    expect(first).toMatchObject({ keyspaceHits: 80, keyspaceMisses: 20, hitRate: 0.8, evictedKeys: 0 });
    expect(second).toMatchObject({ keyspaceHits: 30, keyspaceMisses: 0, hitRate: 1 });
    // The traffic client; the sampler's own connection is left out.
    expect(first!.connectedClients).toBe(1);
    expect(first!.maxmemoryBytes).toBe(0);
    expect(first!.maxmemoryPolicy).toBe('noeviction');
    expect(first!.usedMemoryBytes!).toBeGreaterThan(baseline!.usedMemoryBytes! + 10 * 1000);
    expect(series.summary).toMatchObject({
      keyspaceHits: 110,
      keyspaceMisses: 20,
      hitRate: 110 / 130,
      evictedKeys: 0,
      maxmemoryBytes: 0,
      maxmemoryPolicy: 'noeviction',
      gaps: 0,
    });
    // A window over the first interval only.
    const slice = sliceResources(report, first!.timestamp, first!.timestamp);
    expect(slice.redis[0]!.summary.hitRate).toBe(0.8);
  });

  it('counts evictions under maxmemory with an eviction policy', async () => {
    await client.configSet({ maxmemory: '4mb', 'maxmemory-policy': 'allkeys-lru' });
    try {
      const monitor = new ResourceMonitor({ redis: [server.url] });
      await monitor.start();
      const value = 'v'.repeat(10_000);
      for (let i = 0; i < 1000; i++) await client.set(`big:${i}`, value); // ~10 MB into 4 MB
      await monitor.sampleNow();
      const report = await monitor.stop();
      const summary = report.redis[0]!.summary;
      expect(summary.evictedKeys).toBeGreaterThan(500);
      expect(summary.maxmemoryBytes).toBe(4 * 1024 * 1024);
      expect(summary.maxmemoryPolicy).toBe('allkeys-lru');
      expect(summary.usedMemoryBytes!.max).toBeLessThan(6 * 1024 * 1024);
    } finally {
      await client.configSet({ maxmemory: '0', 'maxmemory-policy': 'noeviction' });
      await client.flushAll();
    }
  });

  it('an outage is a gap plus notes, and sampling resumes when Redis is back', async () => {
    const notes: string[] = [];
    const monitor = new ResourceMonitor({ redis: [server.url] });
    monitor.onNote((n) => notes.push(n));
    await monitor.start();
    await server.shutdown();
    await monitor.sampleNow();
    await monitor.sampleNow();
    await server.restart();
    // node-redis reconnects every 500 ms.
    for (
      let i = 0;
      i < 20 && (monitor.report().redis[0]!.samples.at(-1)!.usedMemoryBytes ?? null) === null;
      i++
    ) {
      await sleep(250);
      await monitor.sampleNow();
    }
    await client.get('after:restart'); // a miss in the next interval
    await monitor.sampleNow();
    const report = await monitor.stop();
    const samples = report.redis[0]!.samples;
    expect(samples[1]!.usedMemoryBytes).toBeNull();
    expect(samples[2]!.usedMemoryBytes).toBeNull();
    const back = samples.findIndex((s, i) => i > 2 && s.usedMemoryBytes !== null);
    expect(back).toBeGreaterThan(2);
    expect(samples[back]!.keyspaceHits).toBeNull(); // no baseline right after a gap
    // The miss lands in the interval after it; stop() adds one last sample.
    expect(samples.at(-2)).toMatchObject({ keyspaceHits: 0, keyspaceMisses: 1, hitRate: 0 });
    expect(samples.at(-1)).toMatchObject({ keyspaceHits: 0, keyspaceMisses: 0, hitRate: null });
    expect(report.redis[0]!.summary.gaps).toBe(back - 1);
    expect(notes).toEqual([
      expect.stringMatching(
        new RegExp(`^${server.url}/?: \\d\\d:\\d\\d:\\d\\d: INFO failed \\(.+\\); recorded as a gap$`),
      ),
      expect.stringMatching(/: \d\d:\d\d:\d\d: answering again$/),
    ]);
  });

  it('an unreachable or malformed URL is refused at start, naming it (password hidden)', async () => {
    const port = await freePort();
    const monitor = new ResourceMonitor({ redis: [`redis://:secret@127.0.0.1:${port}`] });
    const error = await monitor.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_WATCH_SOURCE');
    expect((error as PerflabError).message).toMatch(
      new RegExp(`^--redis redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect((error as PerflabError).message).not.toContain('secret');
    expect(() => new RedisSampler('127.0.0.1:6379')).toThrow(
      /--redis "127.0.0.1:6379": not a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('parses INFO replies and redacts URLs', () => {
    const info = parseRedisInfo(
      '# Memory\r\nused_memory:1024\r\nmaxmemory_policy:noeviction\r\n\r\n# Stats\r\nkeyspace_hits:5\r\n',
    );
    expect(Object.fromEntries(info)).toEqual({
      used_memory: '1024',
      maxmemory_policy: 'noeviction',
      keyspace_hits: '5',
    });
    expect(redactUrl('redis://user:pw@host:1/2')).toBe('redis://user:***@host:1/2');
    expect(redactUrl('redis://host:1')).toBe('redis://host:1');
  });
});
