/** A TCP port that was free a moment ago (bind to port 0, read it, release it); from apps/clinic/test/helpers. */
import { createServer } from 'node:net';

/** Resolve to a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
