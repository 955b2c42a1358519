import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/sim/calendar.ts';
import { DatabaseCluster } from '../../../src/sim/components/database-cluster.ts';
import { constant, exponential } from '../../../src/sim/distributions.ts';
import { createStream } from '../../../src/sim/random.ts';
import { SimRecorder } from '../../../src/sim/recorder.ts';

/** 50 writes/s and 100 reads/s (Poisson) for 200 s against a master + 2 replicas; the master fails at t = 100 s. */
function failoverRun(replication: 'sync' | 'async') {
  const calendar = new Calendar();
  const cluster = new DatabaseCluster(calendar, {
    name: 'pg',
    replicas: 2,
    concurrency: 4,
    queueCapacity: Infinity,
    readService: exponential({ mean: 0.002 }),
    writeService: exponential({ mean: 0.004 }),
    replication,
    lag: constant(0.01),
    detectionDelayS: 5,
    repair: constant(30),
    rng: createStream(1, 'pg'),
  });
  const recorder = new SimRecorder(Date.UTC(2026, 10, 21));
  const writes: { startS: number; error?: string }[] = [];
  const source = (kind: 'write' | 'read', rate: number, stream: string) => {
    const rng = createStream(1, stream);
    const gap = exponential({ rate });
    const next = (): void => {
      if (calendar.now >= 200) return;
      const startS = calendar.now;
      const done = (error?: string) => {
        if (kind === 'write') writes.push({ startS, ...(error === undefined ? {} : { error }) });
        recorder.record({
          method: kind === 'write' ? 'POST' : 'GET',
          name: `/${kind}`,
          startS,
          endS: calendar.now,
          status: error ? 0 : 200,
          ...(error ? { error } : {}),
        });
      };
      if (kind === 'write') cluster.write(done);
      else cluster.read(done);
      calendar.schedule(gap.sample(rng), next);
    };
    calendar.schedule(0, next);
  };
  source('write', 50, 'writes');
  source('read', 100, 'reads');
  cluster.failAt(100);
  calendar.run();
  return { cluster, writes, doc: recorder.results(calendar.now, []) };
}

describe('DatabaseCluster failover', () => {
  for (const replication of ['async', 'sync'] as const) {
    it(`${replication} replication: writes fail only while the failure is being detected; a replica is promoted and the old master rejoins`, () => {
      const { cluster, writes, doc } = failoverRun(replication);
      expect(cluster.log).toEqual([
        { timeS: 100, node: 'pg-0', event: 'failed' },
        { timeS: 105, node: 'pg-1', event: 'promoted to master' },
        { timeS: 130, node: 'pg-0', event: 'rejoined as replica' },
      ]);
      expect(cluster.masterName).toBe('pg-1');
      const failed = writes.filter((w) => w.error !== undefined);
      // Every failed write started during the detection delay (or was in flight on the master at 100 s).
      for (const w of failed) {
        expect(w.startS).toBeGreaterThanOrEqual(99.9);
        expect(w.startS).toBeLessThan(105);
      }
      // ≈ 50/s × 5 s fail, every write outside [100, 105) succeeds.
      expect(failed.length).toBeGreaterThan(200);
      expect(failed.length).toBeLessThan(300);
      expect(writes.filter((w) => w.error === undefined && w.startS >= 100 && w.startS < 105)).toEqual([]);
      expect(writes.filter((w) => w.startS >= 105 && w.error !== undefined)).toEqual([]);
      // The metrics show it: failures of /write grouped by cause, no read failures (replicas served them).
      const failures = doc.failures.filter((f) => f.name === '/write');
      expect(failures.map((f) => f.error)).toContain('pg: master unavailable (failover in progress)');
      expect(failures.reduce((sum, f) => sum + f.occurrences, 0)).toBe(failed.length);
      expect(doc.failures.filter((f) => f.name === '/read')).toEqual([]);
    });
  }

  it('sync replication adds the slowest replica’s lag to every write; async does not', () => {
    const mean = (run: ReturnType<typeof failoverRun>) =>
      run.doc.stats.find((s) => s.name === '/write')!.meanMs;
    expect(mean(failoverRun('sync')) - mean(failoverRun('async'))).toBeGreaterThan(9);
  });
});
