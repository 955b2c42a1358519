import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/free-port.ts';
import { runLoadTest } from '../../src/load/run.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { startDelayServer } from '../support/delay-server.ts';
import { planOf } from '../support/scenario.ts';

describe('runLoadTest against a server answering after exactly 50 ms', () => {
  let server: Awaited<ReturnType<typeof startDelayServer>>;
  beforeAll(async () => {
    server = await startDelayServer(50);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('measures a median of 50–53 ms and no failures', async () => {
    // One user: on this kind of VM a loopback round trip alone costs ~1.5 ms, and
    // concurrent users of an in-process server queue behind each other's responses.
    const result = await runLoadTest({
      plan: planOf(
        { tasks: [{ run: (vu) => vu.http.get('/delay') }], waitTime: constant(0) },
        { users: 1, spawnRate: 1, durationMs: 4000 },
      ),
      host: server.url,
      graceMs: 2000,
      reporters: [],
    });
    const total = result.snapshot.aggregated;
    expect(total.requests).toBeGreaterThan(60);
    expect(total.failures).toBe(0);
    expect(total.medianMs).toBeGreaterThanOrEqual(50);
    expect(total.medianMs).toBeLessThanOrEqual(53);
    expect(total.minMs).toBeGreaterThanOrEqual(49.9);
    expect(total.meanContentSize).toBe(2);
    expect(result.snapshot.entries.map((e) => `${e.method} ${e.name}`)).toEqual(['GET /delay']);
  });

  it('ramps users at the spawn rate up to the target, then stops them all', async () => {
    const result = await runLoadTest({
      plan: planOf(
        { tasks: [{ run: (vu) => vu.http.get('/') }], waitTime: constant(100) },
        { users: 4, spawnRate: 2, durationMs: 3500 },
      ),
      host: server.url,
      graceMs: 2000,
      reporters: [],
    });
    const users = result.history.map((row) => row.users);
    // Users start at 0, 0.5, 1.0, 1.5 s: two or three by the first tick, four from the second on.
    expect(users[0]).toBeGreaterThanOrEqual(2);
    expect(users[0]).toBeLessThanOrEqual(3);
    expect(users[1]).toBe(4);
    expect(Math.max(...users)).toBe(4);
    expect(users.at(-1)).toBe(0);
    expect(result.forcedStops).toBe(0);
  });

  it('aborts requests still in flight when the grace period ends, without recording them', async () => {
    const slow = await startDelayServer(3000);
    try {
      const result = await runLoadTest({
        plan: planOf(
          { tasks: [{ run: (vu) => vu.http.get('/') }] },
          { users: 2, spawnRate: 10, durationMs: 500 },
        ),
        host: slow.url,
        graceMs: 300,
        reporters: [],
      });
      expect(result.forcedStops).toBe(2);
      expect(result.snapshot.aggregated.requests).toBe(0);
      expect(result.notes.join()).toMatch(/2 iterations were still running after the grace period/);
    } finally {
      await slow.stop();
    }
  });

  it('turns a request that outlives the request timeout into a "request timed out" failure', async () => {
    const slow = await startDelayServer(1000);
    try {
      const result = await runLoadTest({
        plan: planOf(
          { requestTimeout: 200, tasks: [{ run: (vu) => vu.http.get('/slow') }] },
          { users: 1, spawnRate: 1, durationMs: 1000 },
        ),
        host: slow.url,
        graceMs: 1000,
        reporters: [],
      });
      const total = result.snapshot.aggregated;
      expect(total.requests).toBeGreaterThanOrEqual(4);
      expect(total.failures).toBe(total.requests);
      expect(result.snapshot.failures.map((f) => f.error)).toEqual(['request timed out']);
      expect(total.minMs).toBeGreaterThanOrEqual(199);
      expect(total.maxMs).toBeLessThan(400);
    } finally {
      await slow.stop();
    }
  });

  it('records errors thrown by scenario code as exceptions and keeps the user running', async () => {
    const result = await runLoadTest({
      plan: planOf(
        {
          waitTime: constant(50),
          tasks: [
            {
              run: async (vu) => {
                await vu.http.get('/');
                throw new Error('no such field');
              },
            },
          ],
        },
        { users: 1, spawnRate: 1, durationMs: 1500 },
      ),
      host: server.url,
      graceMs: 1000,
      reporters: [],
    });
    const [exception] = result.snapshot.exceptions;
    expect(exception!.message).toBe('Error: no such field');
    expect(exception!.count).toBeGreaterThan(3);
    expect(exception!.count).toBe(result.snapshot.aggregated.requests);
  });

  it('stops early when its signal aborts (Ctrl-C) and says it was interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    const result = await runLoadTest({
      plan: planOf(
        { tasks: [{ run: (vu) => vu.http.get('/') }] },
        { users: 2, spawnRate: 10, durationMs: 60_000 },
      ),
      host: server.url,
      graceMs: 2000,
      reporters: [],
      signal: controller.signal,
    });
    expect(result.interrupted).toBe(true);
    expect(result.endedAt - result.info.startedAt).toBeLessThan(5000);
    expect(result.snapshot.aggregated.requests).toBeGreaterThan(5);
  });
});

describe('runLoadTest against a closed port', () => {
  it('counts every request as a failure under one connection-refused error and says so', async () => {
    const port = await freePort();
    const notes: string[] = [];
    const result = await runLoadTest({
      plan: planOf(
        {
          waitTime: constant(20),
          tasks: [{ run: (vu) => vu.http.get('/a') }, { run: (vu) => vu.http.get('/a?x=1') }],
        },
        { users: 3, spawnRate: 10, durationMs: 1500 },
      ),
      host: `http://127.0.0.1:${port}`,
      graceMs: 1000,
      reporters: [{ onNote: (note) => notes.push(note) }],
    });
    const total = result.snapshot.aggregated;
    expect(total.requests).toBeGreaterThan(20);
    expect(total.failures).toBe(total.requests);
    expect(result.snapshot.failures).toEqual([
      {
        method: 'GET',
        name: '/a',
        error: `ECONNREFUSED connection refused (127.0.0.1:${port})`,
        occurrences: total.requests,
      },
    ]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED .*the run continues/);
  });
});
