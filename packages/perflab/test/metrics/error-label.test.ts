import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/free-port.ts';
import { Http1Agent } from '../../src/http/agent.ts';
import { httpErrorLabel, networkErrorLabel } from '../../src/metrics/error-label.ts';

describe('error labels', () => {
  it('labels a refused connection by its system code, the same for every attempt', async () => {
    const port = await freePort();
    const agent = new Http1Agent();
    const labels = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const error = await agent
        .send(
          {
            origin: `http://127.0.0.1:${port}`,
            path: '/',
            method: 'GET',
            headers: undefined,
            body: undefined,
          },
          1000,
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      labels.add(networkErrorLabel(error));
    }
    await agent.destroy();
    expect([...labels]).toEqual([`ECONNREFUSED connection refused (127.0.0.1:${port})`]);
  });

  it('labels timeouts and HTTP statuses', () => {
    expect(networkErrorLabel(new DOMException('signal timed out', 'TimeoutError'))).toBe('request timed out');
    expect(httpErrorLabel(503, 'Service Unavailable')).toBe('HTTP 503 Service Unavailable');
    expect(
      networkErrorLabel(
        Object.assign(new Error('connection closed by peer before responding'), { code: 'ECONNCLOSED' }),
      ),
    ).toBe('ECONNCLOSED connection closed by peer');
  });
});
