import { describe, expect, it } from 'vitest';
import { MetricsStore } from '../../src/metrics/store.ts';
import { ConsoleReporter } from '../../src/output/console.ts';
import type { RunInfo } from '../../src/output/reporter.ts';

const info: RunInfo = {
  scenarioFile: 'x.ts',
  host: 'http://127.0.0.1:1',
  scenarios: [
    {
      name: 'default',
      model: 'closed',
      description: '3 users at 1/s for 10s',
      startTimeMs: 0,
      plannedDurationMs: 10_000,
      tags: {},
    },
  ],
  graceMs: 1000,
  startedAt: Date.now(),
};

function feed(isTTY: boolean): string[] {
  const writes: string[] = [];
  const reporter = new ConsoleReporter({ write: (text) => writes.push(text), isTTY });
  const store = new MetricsStore(Date.now() - 4000);
  reporter.onStart(info);
  for (let second = 0; second < 4; second++) {
    store.record({
      method: 'GET',
      name: '/a',
      startedAt: Date.now(),
      latencyUs: 2500,
      status: 200,
      bytes: 10,
    });
    reporter.onSecond(store.takeHistoryRow(3, Date.now() + 1000), store); // the second just recorded is complete
  }
  return writes;
}

describe('ConsoleReporter', () => {
  it('prints one plain line every 2 s when stdout is not a terminal', () => {
    const [, first, second, ...rest] = feed(false);
    expect(rest).toHaveLength(0);
    expect(first).toMatch(
      /^\[2s\] users=3 requests=2 failures=0 \(0\.00%\) rps=[\d.]+ p50=2\.50ms p95=2\.50ms\n$/,
    );
    expect(second).toMatch(/^\[4s\] users=3 requests=4 /);
    expect(first).not.toContain('\x1b[');
  });

  it('redraws a live table in place on a terminal', () => {
    const [, first, second] = feed(true);
    expect(first).toMatch(/^\[2s\] 3 users/);
    expect(first).toMatch(/GET\s+\/a\s+2\s+0\(0\.00%\)/);
    expect(first).not.toContain('\x1b[');
    const linesDrawn = first!.split('\n').length - 1;
    expect(second!.startsWith(`\x1b[${linesDrawn}A\x1b[J[4s]`)).toBe(true);
  });
});
