import { once } from 'node:events';
import { createServer } from 'node:http';

/** A loopback HTTP server started by a test; `stop()` closes it and its connections. */
export interface DelayServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 (port 0) that answers every request with
 * `ok` after exactly `delayMs`: a timer to 1 ms before the deadline (libuv timers
 * may fire up to 1 ms early or a little late), then a busy-wait to the deadline.
 * It runs in the test's own process: on this kind of VM a wake-up across
 * processes costs ~1 ms, which would be measured as the server's, not perflab's.
 */
export async function startDelayServer(delayMs: number): Promise<DelayServer> {
  const server = createServer((req, res) => {
    const deadline = process.hrtime.bigint() + BigInt(Math.round(delayMs * 1e6));
    req.resume();
    setTimeout(
      () => {
        while (process.hrtime.bigint() < deadline); // ≤ 1 ms
        res.end('ok');
      },
      Math.max(0, delayMs - 1),
    );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
