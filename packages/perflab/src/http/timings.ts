import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { Agent, type Dispatcher, type buildConnector } from 'undici';
import type { RequestTimings } from '../metrics/sample.ts';
import { createTimedConnector, takeConnectTimes, type ConnectTimes } from './timed-connector.ts';

/**
 * Per-request timing phases as k6 defines them (k6 docs, "Built-in metrics":
 * `http_req_blocked`, `_connecting`, `_tls_handshaking`, `_sending`, `_waiting`,
 * `_receiving`, `_duration`), measured for requests sent through an Agent from
 * {@link createTimedTransport}.
 *
 * How it hooks into undici 7 (checked against 7.30):
 * - {@link dispatchTimed} binds a {@link TimingHandle} to the next `dispatch()` of
 *   the timed Agent (`request()` dispatches synchronously). The Agent wraps the
 *   request's handler in the handle itself, so the handle rides with the request
 *   through a Pool's queue (all `connections` busy), where undici creates its
 *   `Request` only once a client is free (lib/dispatcher/pool-base.js) — too late
 *   for `undici:request:create` to be tied to the dispatch call. The wrapper uses
 *   the legacy handler callbacks that undici's `Request` calls (lib/core/request.js):
 *   `onConnect` (the request is about to be written on a ready socket),
 *   `onRequestSent` (request and body written), `onResponseStarted` (first
 *   response byte parsed, lib/dispatcher/client-h1.js `onMessageBegin`),
 *   `onComplete`, `onError`.
 * - One `diagnostics_channel` subscriber, `undici:client:sendHeaders`, subscribed
 *   once per process when this module loads, gives the socket. undici's `writeH1`
 *   calls `request.onConnect()` and then publishes `sendHeaders` in the same
 *   synchronous stretch, so the subscriber hands the socket to the handle that
 *   just got `onConnect`. The first request on a new socket takes the socket's
 *   connect and TLS times from the connector ({@link createTimedConnector}).
 *
 * Per request: one object (the handle), five `performance.now()` calls, no
 * closures (measured: ≈ 4 µs of CPU per request on a 2-core VM). Module state
 * keeps nothing once a request is written, except a WeakMap entry per socket
 * while a large body drains, and a reference to a request aborted right in
 * `onConnect` until the next request is written.
 */

/** Time phases of one request, readable once its response body has been read. */
export interface TimingHandle {
  /**
   * The request's phases in µs, or `undefined` when the response is not complete
   * yet or never completed (network error, abort, timeout), or the request was
   * not sent through a timed Agent, not dispatched synchronously inside
   * {@link dispatchTimed}, or used an upgrade / `CONNECT` / new-style
   * (`onRequestStart`) handler.
   *
   * - `blockedUs`: from dispatch to the request being written on a ready socket,
   *   minus connecting and TLS: waiting for a free connection slot (the Agent's
   *   `connections` limit), DNS lookup, and undici's own queueing. Note: k6's code
   *   (lib/netext/httpext/tracer.go) measures Go's GetConn→GotConn, which also
   *   includes connecting and TLS; here the three phases add up to that span.
   * - `connectingUs`: TCP connect (after DNS) of a new connection; 0 on reuse.
   * - `tlsHandshakingUs`: TLS handshake of a new `https:` connection; 0 otherwise.
   * - `sendingUs`: writing the request line, headers and body into the socket,
   *   until the socket's buffer has drained into the kernel when the body filled it.
   * - `waitingUs`: request written → first response byte (time to first byte);
   *   0 when the server answered before the request was fully written (the
   *   sending phase then ends at the first byte, as k6 clamps waiting).
   * - `receivingUs`: first response byte → the last byte of the response parsed.
   * - `durationUs`: `sendingUs + waitingUs + receivingUs`, exactly.
   */
  timings(): RequestTimings | undefined;
}

/** Options of {@link createTimedTransport}. */
export interface TimedTransportOptions {
  /** Maximum connections per origin; unlimited when absent (undici's default). */
  connections?: number;
  /**
   * undici connector options (`buildConnector`), e.g. `{ rejectUnauthorized: false }`
   * or `{ ca }` for a test server's self-signed certificate, `timeout` (connect timeout, ms).
   */
  connect?: buildConnector.BuildOptions;
}

/**
 * A run's shared keep-alive transport, like `createTransport()` (keep-alive
 * 10 s, at most 60 s, no undici header/body timeouts), whose requests can be
 * timed with {@link startTiming} and {@link dispatchTimed}. Requests sent without
 * a handle go through untouched.
 *
 * @throws InvalidArgumentError (undici) on invalid options (e.g. `connections < 0`).
 */
export function createTimedTransport(options: TimedTransportOptions = {}): Agent {
  return new TimedAgent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    connect: createTimedConnector(options.connect),
  });
}

/** A fresh handle to time one request; pass it to {@link dispatchTimed}. */
export function startTiming(): TimingHandle {
  return new TimedRequest();
}

/**
 * Calls `send` with `handle` bound to the first dispatch on a timed Agent that
 * `send` makes synchronously — `() => transport.request({...})` — and returns what
 * `send` returns. Read `handle.timings()` after the response body has been read.
 *
 * @throws Error (from `send`'s promise) when the handle was already used for a request.
 */
export function dispatchTimed<T>(handle: TimingHandle, send: () => T): T {
  bound = handle instanceof TimedRequest ? handle : undefined;
  try {
    return send();
  } finally {
    bound = undefined;
  }
}

/** The handle {@link dispatchTimed} is binding to the next dispatch. */
let bound: TimedRequest | undefined;
/** The handle whose `onConnect` ran and whose `sendHeaders` (same synchronous stretch) is due. */
let sendingNow: TimedRequest | undefined;
/** Sockets whose buffered request body is draining, with the request it belongs to. */
const draining = new WeakMap<Socket, TimedRequest>();

/** The legacy handler interface undici's `Request` calls (lib/core/request.js); the typings lack `onRequestSent`. */
interface LegacyHandler {
  onConnect(abort: (err?: Error) => void, context?: unknown): void;
  onResponseStarted?(): void;
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[] | null): void;
  onError(err: Error): void;
  onBodySent?(chunk: unknown): void;
  onRequestSent?(): void;
  onUpgrade?(statusCode: number, headers: Buffer[] | null, socket: Duplex): void;
}

/** An Agent that wraps the handler of a request dispatched inside {@link dispatchTimed}. */
class TimedAgent extends Agent {
  override dispatch(options: Agent.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const timing = bound;
    if (timing === undefined) return super.dispatch(options, handler);
    bound = undefined;
    return super.dispatch(options, timing.wrap(options, handler));
  }
}

/** Both the public handle and the handler undici calls; times are `performance.now()` ms, `NaN` until seen. */
class TimedRequest implements TimingHandle, LegacyHandler {
  private inner: LegacyHandler | undefined = undefined;
  private socket: Socket | undefined = undefined;
  private conn: ConnectTimes | undefined = undefined;
  private failed = false;
  private dispatchMs = NaN;
  private sendMs = NaN;
  private sentMs = NaN;
  drainMs = NaN;
  private firstByteMs = NaN;
  private endMs = NaN;

  wrap(options: Agent.DispatchOptions, handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
    if (this.inner !== undefined)
      throw new Error('a TimingHandle times one request: call startTiming() for each');
    const legacy = handler as unknown as Partial<LegacyHandler> & { onRequestStart?: unknown };
    if (
      typeof legacy.onHeaders !== 'function' ||
      typeof legacy.onRequestStart === 'function' ||
      options.upgrade ||
      options.method === 'CONNECT'
    ) {
      return handler;
    }
    this.inner = legacy as LegacyHandler;
    this.dispatchMs = performance.now();
    return this as unknown as Dispatcher.DispatchHandler;
  }

  /** From the `sendHeaders` subscriber: the socket this request is being written on. */
  onSocket(socket: Socket): void {
    if (this.failed) return;
    this.socket = socket;
    this.conn = takeConnectTimes(socket);
  }

  onConnect(abort: (err?: Error) => void, context?: unknown): void {
    // Called again if undici retries the request on another socket: start over.
    this.sendMs = performance.now();
    this.sentMs = this.drainMs = this.firstByteMs = NaN;
    this.conn = undefined;
    // Handed to the sendHeaders subscriber, which undici calls next, synchronously.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    sendingNow = this;
    this.inner!.onConnect(abort, context);
  }

  onBodySent(chunk: unknown): void {
    this.inner!.onBodySent?.(chunk);
  }

  onRequestSent(): void {
    this.sentMs = performance.now();
    const socket = this.socket;
    if (socket !== undefined && socket.writableNeedDrain) {
      draining.set(socket, this);
      socket.once('drain', onDrain);
    }
    this.inner!.onRequestSent?.();
  }

  onResponseStarted(): void {
    if (Number.isNaN(this.firstByteMs)) this.firstByteMs = performance.now();
    this.inner!.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    if (Number.isNaN(this.firstByteMs)) this.firstByteMs = performance.now();
    return this.inner!.onHeaders(statusCode, headers, resume, statusText);
  }

  onData(chunk: Buffer): boolean {
    return this.inner!.onData(chunk);
  }

  onComplete(trailers: Buffer[] | null): void {
    this.endMs = performance.now();
    this.socket = undefined;
    this.inner!.onComplete(trailers);
  }

  onError(err: Error): void {
    this.failed = true;
    this.socket = undefined;
    this.inner!.onError(err);
  }

  onUpgrade(statusCode: number, headers: Buffer[] | null, socket: Duplex): void {
    this.inner!.onUpgrade?.(statusCode, headers, socket);
  }

  timings(): RequestTimings | undefined {
    const { dispatchMs, sendMs, firstByteMs, endMs } = this;
    if (this.failed || Number.isNaN(endMs) || Number.isNaN(firstByteMs) || Number.isNaN(sendMs)) {
      return undefined;
    }
    // Connect/TLS count only from this request's dispatch on (a connection opened
    // earlier for another request is partly that request's wait), so that
    // blocked + connecting + TLS = dispatch → socket ready.
    let connectingMs = 0;
    let tlsMs = 0;
    const conn = this.conn;
    if (conn !== undefined && !Number.isNaN(conn.tcpMs)) {
      connectingMs = Math.max(0, conn.tcpMs - Math.max(conn.startMs, dispatchMs));
      if (!Number.isNaN(conn.tlsMs)) tlsMs = Math.max(0, conn.tlsMs - Math.max(conn.tcpMs, dispatchMs));
    }
    const blockedMs = Math.max(0, sendMs - dispatchMs - connectingMs - tlsMs);
    let sentMs = Number.isNaN(this.drainMs) ? this.sentMs : this.drainMs;
    if (Number.isNaN(sentMs) || sentMs > firstByteMs) sentMs = firstByteMs;
    const sendingUs = (sentMs - sendMs) * 1000;
    const waitingUs = (firstByteMs - sentMs) * 1000;
    const receivingUs = (endMs - firstByteMs) * 1000;
    return {
      blockedUs: blockedMs * 1000,
      connectingUs: connectingMs * 1000,
      tlsHandshakingUs: tlsMs * 1000,
      sendingUs,
      waitingUs,
      receivingUs,
      durationUs: sendingUs + waitingUs + receivingUs,
    };
  }
}

// Shared listener (no closure per request); `this` is the socket.
function onDrain(this: Socket): void {
  const timing = draining.get(this);
  if (timing === undefined) return;
  draining.delete(this);
  if (Number.isNaN(timing.drainMs)) timing.drainMs = performance.now();
}

// undici's writeH1 publishes this right after calling the request's onConnect.
subscribe('undici:client:sendHeaders', (message) => {
  const timing = sendingNow;
  if (timing === undefined) return;
  sendingNow = undefined;
  timing.onSocket((message as { socket: Socket }).socket);
});
