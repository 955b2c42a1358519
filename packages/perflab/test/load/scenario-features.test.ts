import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFeeder } from '../../src/data/csv-feeder.ts';
import { runLoadTest } from '../../src/load/run.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { planOf } from '../support/scenario.ts';

/**
 * A small API: POST /login {user} sets a session cookie and returns {token};
 * GET /me needs both (401 otherwise) and echoes the user; GET /items/:id answers
 * 404 for odd ids; everything else 200 after 2 ms.
 */
async function startApi() {
  const sessions = new Map<string, string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && url.pathname === '/login') {
        const { user } = JSON.parse(body) as { user: string };
        const token = `t-${user}`;
        sessions.set(token, user);
        res.setHeader('set-cookie', `session=${user}; Path=/; HttpOnly`);
        res.end(JSON.stringify({ token }));
      } else if (url.pathname === '/me') {
        const user = sessions.get((req.headers.authorization ?? '').replace('Bearer ', ''));
        const cookie = /session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
        res.statusCode = user && cookie === user ? 200 : 401;
        res.end(JSON.stringify({ user, cookie }));
      } else if (url.pathname === '/echo-headers') {
        res.end(JSON.stringify(req.rawHeaders));
      } else if (url.pathname.startsWith('/items/')) {
        res.statusCode = Number(url.pathname.split('/')[2]) % 2 ? 404 : 200;
        res.end('{}');
      } else {
        setTimeout(() => res.end('{}'), 2);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('scenario features against a real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let dir: string;
  beforeAll(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'perflab-features-'));
  });
  afterAll(async () => {
    api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('multi-step flow: login → cookie + token → authorised calls, per-VU state', async () => {
    const result = await runLoadTest({
      plan: planOf(
        {
          onStart: async (vu) => {
            const res = await vu.http.post('/login', { json: { user: `u${vu.id}` } });
            vu.state.token = res.json<{ token: string }>().token;
          },
          waitTime: constant(20),
          tasks: [
            {
              run: async (vu) => {
                const me = await vu.http.get('/me', {
                  headers: { authorization: `Bearer ${String(vu.state.token)}` },
                });
                vu.check(me, {
                  'me is 200': (r) => r.status === 200,
                  'me is this user': (r) => r.json<{ user: string }>().user === `u${vu.id}`,
                });
              },
            },
          ],
        },
        { users: 4, spawnRate: 100, durationMs: 1500 },
      ),
      host: api.url,
      graceMs: 1000,
      reporters: [],
    });
    expect(result.snapshot.failures).toEqual([]);
    const checks = Object.fromEntries(result.snapshot.checks.map((c) => [c.name, c]));
    expect(checks['me is 200']!.fails).toBe(0);
    expect(checks['me is 200']!.passes).toBeGreaterThan(20);
    expect(checks['me is this user']!.passes).toBe(checks['me is 200']!.passes);
    expect(result.snapshot.entries.find((e) => e.name === '/login')!.requests).toBe(4);
  });

  it('checks count pass/fail per name and never abort; validate decides success like catch_response', async () => {
    let after = 0;
    const result = await runLoadTest({
      plan: planOf(
        {
          waitTime: constant(10),
          tasks: [
            {
              run: async (vu) => {
                const odd = await vu.http.get('/items/1', {
                  name: '/items/[id]',
                  validate: (r) => r.status === 404, // a 404 is what we expect here
                });
                const even = await vu.http.get('/items/2', {
                  name: '/items/[id]',
                  validate: (r) => (r.text === '{}' ? 'body was empty JSON' : true),
                });
                vu.check(odd, {
                  'odd is 404': (r) => r.status === 404,
                  'odd is 200': (r) => r.status === 200,
                  throws: () => {
                    throw new Error('boom');
                  },
                });
                vu.check(even, { 'even ok': (r) => r.status === 200 });
                after++;
              },
            },
          ],
        },
        { users: 2, spawnRate: 100, durationMs: 1000 },
      ),
      host: api.url,
      graceMs: 1000,
      reporters: [],
    });
    const checks = Object.fromEntries(result.snapshot.checks.map((c) => [c.name, c]));
    expect(after).toBeGreaterThan(5);
    expect(checks['odd is 404']).toEqual({ name: 'odd is 404', passes: after, fails: 0 });
    expect(checks['odd is 200']).toEqual({ name: 'odd is 200', passes: 0, fails: after });
    expect(checks['throws']).toEqual({ name: 'throws', passes: 0, fails: after });
    const items = result.snapshot.entries.find((e) => e.name === '/items/[id]')!;
    expect(items.requests).toBe(2 * after);
    expect(items.failures).toBe(after); // only the "even" ones, failed by validate
    expect(result.snapshot.failures.map((f) => f.error)).toEqual(['body was empty JSON']);
    // Failures decided by validate are not network errors: no "cannot reach" warning.
    expect(result.notes.join()).not.toMatch(/cannot reach/);
  });

  it('treats header names case-insensitively when adding its own (no duplicate content-type)', async () => {
    let raw: string[] = [];
    await runLoadTest({
      plan: planOf(
        {
          tasks: [
            {
              run: async (vu) => {
                const res = await vu.http.post('/echo-headers', {
                  json: { a: 1 },
                  headers: { 'Content-Type': 'application/merge-patch+json' },
                });
                raw = res.json<string[]>();
              },
            },
          ],
          waitTime: constant(100),
        },
        { users: 1, spawnRate: 1, durationMs: 200 },
      ),
      host: api.url,
      graceMs: 1000,
      reporters: [],
    });
    const contentTypes = raw.filter((_, i) => i % 2 === 1 && raw[i - 1]!.toLowerCase() === 'content-type');
    expect(contentTypes).toEqual(['application/merge-patch+json']);
  });

  it('runs several scenarios side by side with their own executors, start times and tags', async () => {
    const result = await runLoadTest({
      plan: planOf({
        scenarios: {
          browse: {
            executor: { executor: 'ramping-users', users: 2, spawnRate: 100, duration: '2s' },
            waitTime: constant(50),
            tags: { kind: 'browse' },
            tasks: [{ run: (vu) => vu.http.get('/page') }],
          },
          api: {
            executor: { executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 2 },
            startTime: '500ms',
            tags: { kind: 'api' },
            tasks: [{ run: (vu) => vu.http.get('/api', { tags: { endpoint: 'api' } }) }],
          },
        },
      }),
      host: api.url,
      graceMs: 1000,
      reporters: [],
    });
    const scenarios = Object.fromEntries(result.snapshot.scenarios.map((s) => [s.name, s]));
    expect(scenarios.api!.iterations).toBe(20);
    expect(scenarios.api!.stats.requests).toBe(20);
    expect(scenarios.browse!.stats.requests).toBeGreaterThan(20);
    expect(result.info.scenarios.map((s) => [s.name, s.model, s.startTimeMs])).toEqual([
      ['browse', 'closed', 0],
      ['api', 'open', 500],
    ]);
    const tags = Object.fromEntries(result.snapshot.tags.map((t) => [t.name, t.requests]));
    expect(tags['kind:api']).toBe(20);
    expect(tags['endpoint:api']).toBe(20);
    expect(tags['kind:browse']).toBe(scenarios.browse!.stats.requests);
  });

  it('a sequential feeder of 1,000 rows consumed by 100 VUs uses every row exactly once, then stops the scenario', async () => {
    const csv = join(dir, 'rows.csv');
    await writeFile(csv, `id,name\n${Array.from({ length: 1000 }, (_, i) => `${i},row ${i}`).join('\n')}\n`);
    const rows = csvFeeder(csv, { mode: 'sequential', onEnd: 'stop' });
    const seen: string[] = [];
    const result = await runLoadTest({
      plan: planOf(
        {
          waitTime: constant(5),
          tasks: [
            {
              run: async (vu) => {
                const row = vu.feed(rows);
                seen.push(row.id!);
                await vu.http.get(`/rows/${row.id}`, { name: '/rows/[id]' });
              },
            },
          ],
        },
        { users: 100, spawnRate: 1000, durationMs: 60_000 },
      ),
      host: api.url,
      graceMs: 2000,
      reporters: [],
    });
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(result.snapshot.aggregated.requests).toBe(1000);
    expect(result.snapshot.exceptions).toEqual([]);
    // The scenario ended when the data ran out, long before its 60 s.
    expect(result.endedAt - result.info.startedAt).toBeLessThan(20_000);
  });
});
