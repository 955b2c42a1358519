import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildConnector } from 'undici';

/**
 * When one new connection was established, in `performance.now()` milliseconds.
 * `tlsMs` is `NaN` for plain TCP connections (and while a TLS handshake is unfinished).
 */
export interface ConnectTimes {
  /** The TCP connect began: after the DNS lookup when the host is a name, else when the connector was called. */
  startMs: number;
  /** The socket's `connect` event (TCP handshake done); `NaN` until then. */
  tcpMs: number;
  /** The TLS socket's `secureConnect` event (handshake done); `NaN` for plain TCP or until then. */
  tlsMs: number;
}

/** Connect times of sockets whose first request has not claimed them yet. Weak: a dropped socket takes its entry along. */
const pending = new WeakMap<Socket, ConnectTimes>();

/**
 * Builds an undici connector (`Agent`'s `connect` option) that opens connections
 * exactly as undici's own `buildConnector(options)` does — TLS options such as
 * `rejectUnauthorized`, `ca`, `servername`, `timeout` pass through unchanged — and
 * also timestamps, per socket, the start of the TCP connect, the `connect` event
 * and, for `https:`, the `secureConnect` event. {@link takeConnectTimes} hands
 * these to the first request sent on the socket.
 *
 * Relies on undici 7 internals (checked against 7.30, lib/core/connect.js): the
 * connector returns the socket it creates synchronously, and undici writes the
 * first request synchronously inside its own `connect`/`secureConnect` listener
 * (lib/dispatcher/client.js `connect()`), so the timestamps are taken by listeners
 * prepended before undici's. If a future connector returned nothing, connections
 * would simply go unmeasured (their time then counts as blocked).
 *
 * A DNS lookup (a host name rather than an IP) counts before `startMs`, as in k6,
 * whose dialer resolves names before Go's `ConnectStart` trace hook.
 *
 * @param options undici `buildConnector` options; `{}` gives undici's defaults (10 s connect timeout).
 * @throws InvalidArgumentError (undici) on invalid options, as `buildConnector` does.
 */
export function createTimedConnector(options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const connect = buildConnector(options);
  return function timedConnect(opts, callback) {
    const startMs = performance.now();
    // The typings say `void`; undici's connector returns the socket (lib/core/connect.js).
    const socket = connect(opts, callback) as unknown as Socket | undefined;
    if (socket === undefined || socket === null || typeof socket.prependOnceListener !== 'function') return;
    pending.set(socket, { startMs, tcpMs: NaN, tlsMs: NaN });
    socket.prependOnceListener('lookup', onLookup);
    socket.prependOnceListener('connect', onConnect);
    if (opts.protocol === 'https:') socket.prependOnceListener('secureConnect', onSecureConnect);
  };
}

/**
 * Takes (and forgets) the connect times of `socket` if no request has taken them
 * yet: the first request on a new connection gets them, later ones (keep-alive
 * reuse) get `undefined`.
 */
export function takeConnectTimes(socket: Socket): ConnectTimes | undefined {
  const times = pending.get(socket);
  if (times !== undefined) pending.delete(socket);
  return times;
}

// Shared listeners (no closure per socket); `this` is the socket.
function onLookup(this: Socket): void {
  const times = pending.get(this);
  if (times !== undefined) times.startMs = performance.now();
}

function onConnect(this: Socket): void {
  const times = pending.get(this);
  if (times !== undefined) times.tcpMs = performance.now();
}

function onSecureConnect(this: Socket): void {
  const times = pending.get(this);
  if (times !== undefined) times.tlsMs = performance.now();
}
