import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/free-port.ts';
import { httpErrorLabel, networkErrorLabel } from '../../src/metrics/error-label.ts';

describe('error labels', () => {
  it('labels a refused connection by its system code, the same for every attempt', async () => {
    const port = await freePort();
    const agent = new Agent();
    const labels = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const error = await agent
        .request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      labels.add(networkErrorLabel(error));
    }
    await agent.close();
    expect([...labels]).toEqual([`ECONNREFUSED connection refused (127.0.0.1:${port})`]);
  });

  it('labels timeouts and HTTP statuses', () => {
    expect(networkErrorLabel(new DOMException('signal timed out', 'TimeoutError'))).toBe('request timed out');
    expect(httpErrorLabel(503, 'Service Unavailable')).toBe('HTTP 503 Service Unavailable');
  });
});
