import { connect as connectTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { RequestTimings } from '../metrics/sample.ts';
import { encodeRequestHead } from './request-head.ts';
import { ResponseParser } from './response-parser.ts';

/** What {@link Http1Agent.send} sends. */
export interface OutgoingRequest {
  /** `http://host:port` or `https://host:port`. */
  origin: string;
  /** Path with query, as it goes on the request line. */
  path: string;
  method: string;
  headers: Record<string, string> | undefined;
  body: string | Uint8Array | undefined;
}

/** A response as read off the wire. */
export interface RawResponse {
  statusCode: number;
  /** Header names (as sent) and values, alternating. */
  rawHeaders: string[];
  body: Buffer;
  /** µs from the request's dispatch to the first response byte. */
  ttfbUs: number;
  /** The request's k6 phases. */
  timings: RequestTimings;
}

/** Options of {@link Http1Agent}. */
export interface Http1AgentOptions {
  /** Most connections per origin; requests beyond wait (their wait counts as blocked). Default: unlimited. */
  connections?: number;
  /** TLS options for `https:` origins (`rejectUnauthorized`, `ca`, `servername`, …), passed to `tls.connect`. */
  tls?: ConnectionOptions;
  /** Connect (and TLS handshake) time limit, ms. Default 10 s (undici's). */
  connectTimeoutMs?: number;
  /**
   * Most connects under way at once per origin (default 32); further requests
   * without an idle connection wait for the first connection free.
   */
  maxPendingConnects?: number;
  /**
   * An idle keep-alive connection is closed after this long, ms. Default 4 s:
   * below Node's own server default of 5 s, so the client usually closes first.
   */
  idleTimeoutMs?: number;
}

/** The error a request rejects with when its timeout fires (named like `AbortSignal.timeout`'s). */
export const TIMED_OUT: Error = new DOMException('request timed out', 'TimeoutError') as unknown as Error;

/** A socket error, or a peer that closed the connection before the response was complete. */
function closedByPeer(detail: string): Error {
  return Object.assign(new Error(`connection closed by peer ${detail}`), { code: 'ECONNCLOSED' });
}

/** Shared read buffer: reads are handled synchronously and the parser copies what it keeps. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * perflab's HTTP/1.1 client: keep-alive connections per origin on raw `net` /
 * `tls` sockets, one request at a time per connection (no pipelining), every
 * response read through {@link ResponseParser} into one Buffer, and the k6
 * timing phases of every request measured on the way.
 *
 * Why not undici: on the load generator's hot path it measured at about half
 * the throughput of a raw-socket client on the same core (docs/benchmarks.md);
 * here a request costs one promise, one timer, one write of one string and
 * one parse of the head with no stream machinery, reading into one buffer
 * shared by every connection.
 *
 * A request that fails on a reused connection before any response byte
 * arrived (the server closed its idle keep-alive connection as we sent) is
 * retried once on a new connection when its method is idempotent (RFC 9110
 * §9.2.2), as Go's net/http does.
 */
export class Http1Agent {
  private readonly pools = new Map<string, OriginPool>();
  private destroyed = false;
  readonly connectionLimit: number;
  readonly tlsOptions: ConnectionOptions;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxPendingConnects: number;

  constructor(options: Http1AgentOptions = {}) {
    if (options.connections !== undefined && !(options.connections >= 1)) {
      throw new RangeError(`connections must be at least 1, got ${options.connections}`);
    }
    this.connectionLimit = options.connections ?? Infinity;
    this.tlsOptions = options.tls ?? {};
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 4_000;
    this.maxPendingConnects = options.maxPendingConnects ?? 32;
  }

  /**
   * Sends one request and reads its whole response.
   * @param timeoutMs limit from now to the last response byte; the connection is then closed
   * @param startMs `performance.now()` when the caller issued the request (phases and TTFB count from it)
   * @returns (resolves with) the response; rejects with a socket error (`code` ECONNREFUSED, ECONNRESET,
   *   ECONNCLOSED…), an `HttpParseError` (code HPE_INVALID), a TypeError for an invalid header,
   *   {@link TIMED_OUT}, or an error with code `EDESTROYED` after {@link destroy}
   */
  send(request: OutgoingRequest, timeoutMs: number, startMs = performance.now()): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      if (this.destroyed) {
        reject(destroyedError());
        return;
      }
      let pool = this.pools.get(request.origin);
      let head: string;
      try {
        if (pool === undefined) {
          pool = new OriginPool(this, request.origin);
          this.pools.set(request.origin, pool);
        }
        head = encodeRequestHead(request, pool.url.host);
      } catch (error) {
        reject(error as Error);
        return;
      }
      const exchange = new Exchange(request, head, startMs, resolve, reject);
      exchange.timer = setTimeout(onExchangeTimeout, timeoutMs, exchange);
      pool.dispatch(exchange);
    });
  }

  /** Open connections (busy and idle) over all origins. */
  get openConnections(): number {
    let count = 0;
    for (const pool of this.pools.values()) count += pool.connections.size;
    return count;
  }

  /** Closes every connection now; requests in flight or waiting reject with code `EDESTROYED`. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }
}

function destroyedError(): Error {
  return Object.assign(new Error('the HTTP agent was closed'), { code: 'EDESTROYED' });
}

/** One request on its way: where it is, its timestamps (`performance.now()` ms, NaN until seen). */
class Exchange {
  timer: NodeJS.Timeout | undefined = undefined;
  connection: Connection | undefined = undefined;
  queued = false;
  settled = false;
  retried = false;
  sendMs = NaN;
  sentMs = NaN;
  drainMs = NaN;
  firstByteMs = NaN;
  connectingMs = 0;
  tlsMs = 0;

  constructor(
    readonly request: OutgoingRequest,
    readonly head: string,
    readonly dispatchMs: number,
    private readonly resolveFn: (response: RawResponse) => void,
    private readonly rejectFn: (error: Error) => void,
  ) {}

  resolve(parser: ResponseParser): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const endMs = performance.now();
    this.resolveFn({
      statusCode: parser.statusCode,
      rawHeaders: parser.rawHeaders,
      body: parser.body(),
      ttfbUs: (this.firstByteMs - this.dispatchMs) * 1000,
      timings: this.timings(endMs),
    });
  }

  reject(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.rejectFn(error);
  }

  /**
   * k6's phases (see RequestTimings): blocked = dispatch → written on a ready
   * socket minus this request's share of connecting and TLS; sending = write →
   * in the kernel (after `drain` when the socket buffered); waiting = sent → first
   * byte (0 when the answer came before the request was all sent); receiving =
   * first → last byte.
   */
  private timings(endMs: number): RequestTimings {
    const blockedMs = Math.max(0, this.sendMs - this.dispatchMs - this.connectingMs - this.tlsMs);
    let sentMs = Number.isNaN(this.drainMs) ? this.sentMs : this.drainMs;
    if (Number.isNaN(sentMs) || sentMs > this.firstByteMs) sentMs = this.firstByteMs;
    const sendingUs = (sentMs - this.sendMs) * 1000;
    const waitingUs = (this.firstByteMs - sentMs) * 1000;
    const receivingUs = (endMs - this.firstByteMs) * 1000;
    return {
      blockedUs: blockedMs * 1000,
      connectingUs: this.connectingMs * 1000,
      tlsHandshakingUs: this.tlsMs * 1000,
      sendingUs,
      waitingUs,
      receivingUs,
      durationUs: sendingUs + waitingUs + receivingUs,
    };
  }
}

function onExchangeTimeout(exchange: Exchange): void {
  if (exchange.settled) return;
  const connection = exchange.connection;
  if (connection !== undefined) {
    // The response may still come: the connection cannot be reused.
    connection.abandon(TIMED_OUT);
  } else {
    exchange.reject(TIMED_OUT);
  }
}

/** The connections of one origin: idle ones (most recently used first), busy ones, and requests waiting for one. */
class OriginPool {
  readonly connections = new Set<Connection>();
  private readonly idle: Connection[] = [];
  private readonly waiting = new ExchangeQueue();
  /** Connections still connecting (TCP, TLS). */
  private connecting = 0;
  readonly url: URL;

  constructor(
    readonly agent: Http1Agent,
    readonly origin: string,
  ) {
    this.url = new URL(origin);
  }

  dispatch(exchange: Exchange): void {
    const idle = this.idle.pop();
    if (idle !== undefined) {
      idle.start(exchange);
    } else if (this.canOpen()) {
      this.open(exchange);
    } else {
      exchange.queued = true;
      this.waiting.push(exchange);
    }
  }

  /**
   * Whether a request that finds no idle connection may open one: below the
   * connection limit, and fewer than `maxPendingConnects` connects under way.
   * Without the second bound, a burst of requests (10,000 VUs starting within a
   * second) opens a connection each while the first connects are still in
   * flight — a connection storm that outlives the burst; with it, the burst waits
   * (as blocked time) for whichever connection is free first.
   */
  private canOpen(): boolean {
    return (
      this.connections.size < this.agent.connectionLimit && this.connecting < this.agent.maxPendingConnects
    );
  }

  private open(exchange: Exchange): void {
    const connection = new Connection(this);
    this.connections.add(connection);
    this.connecting++;
    connection.start(exchange);
  }

  /** A connection finished connecting (or failed to): more may be opened for waiting requests. */
  connected(): void {
    this.connecting--;
    let next: Exchange | undefined;
    while (this.canOpen() && (next = this.waiting.shift()) !== undefined) {
      next.queued = false;
      this.open(next);
    }
  }

  /** A connection finished its response and can take another. */
  release(connection: Connection): void {
    const next = this.waiting.shift();
    if (next !== undefined) {
      next.queued = false;
      connection.start(next);
    } else {
      this.idle.push(connection);
      connection.idle();
    }
  }

  /** A connection closed: forget it, and open another for a waiting request. */
  remove(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
    const next = this.waiting.shift();
    if (next !== undefined) {
      next.queued = false;
      this.dispatch(next);
    }
  }

  destroy(): void {
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      next.reject(destroyedError());
    }
    for (const connection of [...this.connections]) connection.abandon(destroyedError());
  }
}

/** FIFO of requests waiting for a connection; `shift` skips those that timed out meanwhile. O(1) amortised. */
class ExchangeQueue {
  private items: (Exchange | undefined)[] = [];
  private head = 0;

  push(exchange: Exchange): void {
    this.items.push(exchange);
  }

  shift(): Exchange | undefined {
    while (this.head < this.items.length) {
      const next = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (next !== undefined && !next.settled) return next;
    }
    return undefined;
  }
}

/** One keep-alive connection carrying one request at a time. */
class Connection {
  private readonly socket: Socket;
  private readonly parser = new ResponseParser();
  private exchange: Exchange | undefined = undefined;
  private ready = false;
  private closed = false;
  private responses = 0;
  private idleTimer: NodeJS.Timeout | undefined = undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  /** Connect phases, ms, handed to the first request. */
  private connectStartMs: number;
  private tcpMs = NaN;
  private tlsDoneMs = NaN;

  constructor(private readonly pool: OriginPool) {
    const { url, agent } = pool;
    const secure = url.protocol === 'https:';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = Number(url.port) || (secure ? 443 : 80);
    const onread = { buffer: readBuffer, callback: (n: number): boolean => this.onRead(n) };
    this.connectStartMs = performance.now();
    this.socket = secure
      ? connectTls({
          servername: /^[\d.]+$|:/.test(host) ? undefined : host,
          ALPNProtocols: ['http/1.1'],
          ...agent.tlsOptions,
          host,
          port,
          onread,
        } as ConnectionOptions)
      : connectTcp({ host, port, noDelay: true, onread });
    if (secure) this.socket.setNoDelay(true);
    this.connectTimer = setTimeout(() => this.onConnectTimeout(), agent.connectTimeoutMs);
    this.socket.once('lookup', () => (this.connectStartMs = performance.now()));
    this.socket.once('connect', () => {
      this.tcpMs = performance.now();
      if (!secure) this.onReady();
    });
    if (secure) {
      this.socket.once('secureConnect', () => {
        this.tlsDoneMs = performance.now();
        this.onReady();
      });
    }
    this.socket.on('drain', () => {
      const exchange = this.exchange;
      if (exchange !== undefined && Number.isNaN(exchange.drainMs)) exchange.drainMs = performance.now();
    });
    this.socket.on('error', (error: Error) => this.onClose(error));
    this.socket.on('close', () => this.onClose(undefined));
  }

  start(exchange: Exchange): void {
    clearTimeout(this.idleTimer);
    this.exchange = exchange;
    exchange.connection = this;
    this.parser.reset(exchange.request.method);
    if (this.ready) this.write(exchange);
  }

  /** Back in the pool: close after the idle timeout unless reused first. */
  idle(): void {
    if (this.idleTimer === undefined) {
      this.idleTimer = setTimeout(() => {
        if (this.exchange === undefined) this.abandon(undefined);
      }, this.pool.agent.idleTimeoutMs);
      this.idleTimer.unref();
    } else {
      this.idleTimer.refresh();
    }
  }

  /** Closes the connection; its request (if any) rejects with `error`. */
  abandon(error: Error | undefined): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.close();
    if (exchange !== undefined && error !== undefined) exchange.reject(error);
  }

  private onReady(): void {
    clearTimeout(this.connectTimer);
    this.ready = true;
    this.pool.connected();
    const exchange = this.exchange;
    if (exchange === undefined) return;
    // This request waited for the connect: those phases are its own, from its dispatch on.
    const from = Math.max(this.connectStartMs, exchange.dispatchMs);
    exchange.connectingMs = Math.max(0, this.tcpMs - from);
    if (!Number.isNaN(this.tlsDoneMs))
      exchange.tlsMs = Math.max(0, this.tlsDoneMs - Math.max(this.tcpMs, exchange.dispatchMs));
    this.write(exchange);
  }

  private write(exchange: Exchange): void {
    const { body } = exchange.request;
    exchange.sendMs = performance.now();
    let flushed: boolean;
    if (body === undefined || typeof body === 'string') {
      flushed = this.socket.write(body === undefined ? exchange.head : exchange.head + body);
    } else {
      this.socket.cork();
      this.socket.write(exchange.head, 'latin1');
      flushed = this.socket.write(body);
      this.socket.uncork();
    }
    exchange.sentMs = performance.now();
    if (flushed) exchange.drainMs = NaN;
  }

  /** Bytes arrived in {@link readBuffer}; returns true to keep reading. */
  private onRead(n: number): boolean {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Bytes with no request outstanding: the stream is out of step; drop the connection.
      this.abandon(undefined);
      return false;
    }
    if (Number.isNaN(exchange.firstByteMs)) exchange.firstByteMs = performance.now();
    let used: number;
    try {
      used = this.parser.feed(readBuffer, 0, n);
    } catch (error) {
      this.abandon(error as Error);
      return false;
    }
    if (!this.parser.done) return true;
    this.exchange = undefined;
    exchange.connection = undefined;
    this.responses++;
    exchange.resolve(this.parser);
    if (this.parser.keepAlive && used === n && !this.closed) this.pool.release(this);
    else this.close();
    return true;
  }

  private onConnectTimeout(): void {
    if (this.ready) return;
    this.abandon(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
  }

  /** The socket errored or closed: finish a close-delimited body, retry or fail the request. */
  private onClose(error: Error | undefined): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.close();
    if (exchange === undefined) return;
    exchange.connection = undefined;
    if (error === undefined && this.parser.readsUntilClose) {
      this.parser.end();
      exchange.resolve(this.parser);
      return;
    }
    const reused = this.responses > 0;
    if (reused && !this.parser.started && !exchange.retried && IDEMPOTENT.has(exchange.request.method)) {
      // A stale keep-alive connection: try once more on a fresh one.
      exchange.retried = true;
      exchange.firstByteMs = NaN;
      this.pool.dispatch(exchange);
      return;
    }
    exchange.reject(
      error ?? closedByPeer(this.parser.started ? 'in the middle of the response' : 'before responding'),
    );
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    this.socket.destroy();
    if (!this.ready) this.pool.connected(); // the connect failed: another may be opened
    this.pool.remove(this);
  }
}
