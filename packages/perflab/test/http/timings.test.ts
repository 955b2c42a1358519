import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http1Agent } from '../../src/http/agent.ts';
import type { RequestTimings } from '../../src/metrics/sample.ts';

/** When the test server saw a request end and wrote its response, `performance.now()` ms (same clock as the client's). */
interface ServerStamps {
  requestEndAt: number;
  headersAt: number;
  lastAt: number;
}

/** Stamps by `?id=`, filled by {@link phases}. */
const stamps = new Map<string, ServerStamps>();
let nextId = 0;

/**
 * Answers after `?delay=` ms (default 50) counted from the end of the request
 * body: headers and a first chunk, then a second chunk `?gap=` ms later (default
 * 30). `?readAfter=` ms delays reading the request body. Records {@link ServerStamps}
 * under `?id=`: the server runs in the test's process, so its clock is the client's.
 */
function phases(req: IncomingMessage, res: ServerResponse): void {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const delay = Number(query.get('delay') ?? 50);
  const gap = Number(query.get('gap') ?? 30);
  const readAfter = Number(query.get('readAfter') ?? 0);
  const stamp: ServerStamps = { requestEndAt: NaN, headersAt: NaN, lastAt: NaN };
  stamps.set(query.get('id') ?? '', stamp);
  req.on('end', () => {
    stamp.requestEndAt = performance.now();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first');
      stamp.headersAt = performance.now();
      setTimeout(() => {
        res.end('second');
        stamp.lastAt = performance.now();
      }, gap);
    }, delay);
  });
  if (readAfter > 0) {
    req.pause();
    setTimeout(() => req.resume(), readAfter);
  } else {
    req.resume();
  }
}

async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return `127.0.0.1:${port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

interface Timed {
  timings: RequestTimings;
  /** Just before dispatch, `performance.now()` ms. */
  startAt: number;
  /** From just before dispatch to the body read, ms. */
  wallMs: number;
  text: string;
  /** The server's view of the request; present for the {@link phases} server. */
  server: ServerStamps | undefined;
}

/** Sends one timed request (tagged with a fresh `id`) and reads its body. */
async function timed(
  agent: Http1Agent,
  url: string,
  options: { method?: string; body?: Uint8Array } = {},
): Promise<Timed> {
  const target = new URL(url);
  const id = String(nextId++);
  target.searchParams.set('id', id);
  const start = performance.now();
  const res = await agent.send(
    {
      origin: target.origin,
      path: target.pathname + target.search,
      method: options.method ?? 'GET',
      headers: undefined,
      body: options.body,
    },
    30_000,
    start,
  );
  const text = res.body.toString();
  const wallMs = performance.now() - start;
  const server = stamps.get(id);
  stamps.delete(id);
  return { timings: res.timings, startAt: start, wallMs, text, server };
}

const ms = (us: number): number => us / 1000;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * What holds for every measured request whatever the machine's load: phases are
 * non-negative, duration is their exact sum, all phases fit in the caller's wall
 * time, and — by causality, the server sharing the client's clock — waiting spans
 * at least the server's own wait and receiving at most first write → last byte read.
 */
function expectConsistent(result: Timed): RequestTimings {
  const t = result.timings;
  expect(t).toBeDefined();
  for (const value of Object.values(t!)) expect(value).toBeGreaterThanOrEqual(0);
  expect(t!.durationUs).toBe(t!.sendingUs + t!.waitingUs + t!.receivingUs);
  expect(ms(t!.blockedUs + t!.connectingUs + t!.tlsHandshakingUs + t!.durationUs)).toBeLessThanOrEqual(
    result.wallMs,
  );
  const s = result.server;
  if (s !== undefined) {
    // (1 ms slack: a drained body's last write and the server's read of it may be
    // handled in either order within one turn of the event loop.)
    expect(ms(t!.waitingUs)).toBeGreaterThanOrEqual(s.headersAt - s.requestEndAt - 1);
    expect(ms(t!.receivingUs)).toBeLessThanOrEqual(result.startAt + result.wallMs - s.headersAt);
  }
  return t!;
}

let httpServer: Server;
let http: string;

beforeAll(async () => {
  httpServer = createServer(phases);
  http = `http://${await listen(httpServer)}`;
  // Warm up (JIT) so the measured requests measure the network.
  const warm = new Http1Agent();
  for (let i = 0; i < 5; i++) await timed(warm, `${http}/?delay=1&gap=1`);
  await warm.destroy();
});

afterAll(async () => {
  await stop(httpServer);
});

describe('request timings (k6 phases) over HTTP', () => {
  it('measures waiting (TTFB) and receiving; connecting only on a new connection', async () => {
    const agent = new Http1Agent();
    try {
      const results: Timed[] = [];
      for (let i = 0; i < 5; i++) results.push(await timed(agent, `${http}/?delay=50&gap=30`));
      expect(results[0]!.text).toBe('firstsecond');
      const timings = results.map(expectConsistent);
      // Medians: a loaded machine may stall any single request by tens of ms.
      const waitingMs = median(timings.map((t) => ms(t.waitingUs)));
      expect(waitingMs).toBeGreaterThanOrEqual(49);
      expect(waitingMs).toBeLessThan(60);
      expect(median(timings.map((t) => ms(t.sendingUs)))).toBeLessThan(2);
      // Against the server's own events (its timers fire late on a busy machine):
      // waiting exceeds the server's wait only by the loopback transit, and
      // receiving matches the server's first → last write.
      const transitMs = results.map(
        (r, i) => ms(timings[i]!.waitingUs) - (r.server!.headersAt - r.server!.requestEndAt),
      );
      expect(median(transitMs)).toBeLessThan(5);
      const receivingOffMs = results.map(
        (r, i) => ms(timings[i]!.receivingUs) - (r.server!.lastAt - r.server!.headersAt),
      );
      expect(median(receivingOffMs.map(Math.abs))).toBeLessThan(5);
      for (const t of timings) {
        expect(t.sendingUs).toBeGreaterThan(0);
        expect(t.tlsHandshakingUs).toBe(0);
      }
      // A new connection for the first request, the same one kept alive after it.
      expect(timings[0]!.connectingUs).toBeGreaterThan(0);
      for (const t of timings.slice(1)) expect(t.connectingUs).toBe(0);
      expect(median(timings.slice(1).map((t) => ms(t.blockedUs)))).toBeLessThan(2);
    } finally {
      await agent.destroy();
    }
  });

  it('shows the wait for a free connection as blocked (connections: 1, two at once)', async () => {
    const agent = new Http1Agent({ connections: 1 });
    try {
      const [a, b] = await Promise.all([
        timed(agent, `${http}/?delay=50&gap=0`),
        timed(agent, `${http}/?delay=50&gap=0`),
      ]);
      const first = expectConsistent(a!);
      const second = expectConsistent(b!);
      expect(first.connectingUs).toBeGreaterThan(0);
      // The second waited for the whole first request (≥ 50 ms), then reused its connection.
      expect(ms(second.blockedUs)).toBeGreaterThanOrEqual(45);
      expect(ms(second.blockedUs - first.blockedUs)).toBeGreaterThanOrEqual(40);
      expect(second.connectingUs).toBe(0);
      expect(ms(second.waitingUs)).toBeGreaterThanOrEqual(49);
    } finally {
      await agent.destroy();
    }
  });

  it('shows the wait in the pool queue as blocked (connections: 2, three at once)', async () => {
    const agent = new Http1Agent({ connections: 2 });
    try {
      const results = await Promise.all([1, 2, 3].map(() => timed(agent, `${http}/?delay=50&gap=0`)));
      const timings = results.map(expectConsistent);
      const blockedMs = timings.map((t) => ms(t.blockedUs)).sort((x, y) => x - y);
      expect(blockedMs[2]!).toBeGreaterThanOrEqual(45);
      expect(blockedMs[2]! - blockedMs[1]!).toBeGreaterThanOrEqual(40);
      // Two new connections; the queued request reused one of them.
      expect(timings.filter((t) => t.connectingUs > 0)).toHaveLength(2);
    } finally {
      await agent.destroy();
    }
  });

  it('measures sending a 1 MB body, and until a slow reader has taken a large one', async () => {
    const agent = new Http1Agent();
    try {
      const post = await timed(agent, `${http}/?delay=0&gap=0`, {
        method: 'POST',
        body: new Uint8Array(1 << 20),
      });
      expect(post.text).toBe('firstsecond');
      expect(expectConsistent(post).sendingUs).toBeGreaterThan(0);

      // 32 MB cannot fit in the loopback socket buffers: the last bytes go out
      // only once the server starts reading, 50 ms after the request arrived.
      const slow = await timed(agent, `${http}/?delay=0&gap=0&readAfter=50`, {
        method: 'POST',
        body: new Uint8Array(32 << 20),
      });
      expect(ms(expectConsistent(slow).sendingUs)).toBeGreaterThanOrEqual(45);
    } finally {
      await agent.destroy();
    }
  });

  it('gives each of 50 concurrent requests its own timings', async () => {
    const agent = new Http1Agent();
    try {
      const delays = Array.from({ length: 50 }, (_, i) => 20 + 7 * (i % 10));
      const results = await Promise.all(delays.map((d) => timed(agent, `${http}/?delay=${d}&gap=10`)));
      const offsetsMs = results.map((result, i) => {
        const t = expectConsistent(result);
        // Each request its own delay: mixed-up records would break these lower bounds.
        expect(ms(t.waitingUs)).toBeGreaterThanOrEqual(delays[i]! - 1);
        // Every request opened its own connection (no limit), each connect measured once.
        expect(t.connectingUs).toBeGreaterThan(0);
        // Dispatch → first byte and first byte → last byte, against the same request's
        // server events. (Waiting itself exceeds the delay by the server's backlog of
        // 50 requests arriving at once, which the client rightly counts as waiting.)
        const s = result.server!;
        const toFirstByteMs = ms(
          t.blockedUs + t.connectingUs + t.tlsHandshakingUs + t.sendingUs + t.waitingUs,
        );
        return [toFirstByteMs - (s.headersAt - result.startAt), ms(t.receivingUs) - (s.lastAt - s.headersAt)];
      });
      for (const [head] of offsetsMs) expect(head).toBeGreaterThanOrEqual(-5);
      expect(median(offsetsMs.map(([head]) => head!))).toBeLessThan(5);
      expect(median(offsetsMs.map(([, last]) => Math.abs(last!)))).toBeLessThan(5);
    } finally {
      await agent.destroy();
    }
  });

  it('rejects a refused connection without timings', async () => {
    const agent = new Http1Agent();
    const closed = createServer();
    const refused = `http://${await listen(closed)}`;
    await stop(closed);
    try {
      await expect(timed(agent, `${refused}/`)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await agent.destroy();
    }
  });
});

describe('request timings over HTTPS', () => {
  let dir: string | undefined;
  let httpsServer: Server | undefined;
  let https: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perflab-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-keyout',
        key,
        '-out',
        cert,
      ]),
      { stdio: 'ignore' },
    );
    httpsServer = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, phases);
    https = `https://${await listen(httpsServer)}`;
  });

  afterAll(async () => {
    if (httpsServer) await stop(httpsServer);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('measures the TLS handshake of a new connection and none on reuse', async () => {
    const agent = new Http1Agent({ connections: 1, tls: { rejectUnauthorized: false } });
    try {
      const first = await timed(agent, `${https}/?delay=20&gap=10`);
      const second = await timed(agent, `${https}/?delay=20&gap=10`);
      expect(first.text).toBe('firstsecond');
      const a = expectConsistent(first);
      const b = expectConsistent(second);
      expect(a.connectingUs).toBeGreaterThan(0);
      expect(a.tlsHandshakingUs).toBeGreaterThan(0);
      expect(b.connectingUs).toBe(0);
      expect(b.tlsHandshakingUs).toBe(0);
      expect(ms(b.waitingUs)).toBeGreaterThanOrEqual(19);
    } finally {
      await agent.destroy();
    }
  });

  it('passes TLS options through: without them the self-signed certificate is refused', async () => {
    const agent = new Http1Agent();
    try {
      await expect(timed(agent, `${https}/`)).rejects.toThrow(/self-signed|self signed/);
    } finally {
      await agent.destroy();
    }
  });
});
