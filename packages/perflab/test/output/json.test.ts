import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/load/run.ts';
import { decodeHistogram } from '../../src/metrics/histogram.ts';
import { JsonReporter, type ResultsDocument } from '../../src/output/json.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { startDelayServer } from '../support/delay-server.ts';
import { planOf } from '../support/scenario.ts';

describe('JSON results', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the documented document with decodable histograms that match the stats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perflab-json-'));
    dirs.push(dir);
    const server = await startDelayServer(10);
    const path = join(dir, 'nested', 'results.json');
    try {
      await runLoadTest({
        plan: planOf(
          {
            waitTime: constant(10),
            tasks: [{ run: (vu) => vu.http.get('/a') }, { run: (vu) => vu.http.get('/b') }],
          },
          { users: 2, spawnRate: 10, durationMs: 1500 },
        ),
        scenarioFile: 'inline.ts',
        host: server.url,
        graceMs: 1000,
        reporters: [new JsonReporter(path)],
      });
    } finally {
      await server.stop();
    }
    const doc = JSON.parse(await readFile(path, 'utf8')) as ResultsDocument;
    expect(doc.format).toBe('perflab-results');
    expect(doc.version).toBe(1);
    expect(doc.run).toMatchObject({
      scenarioFile: 'inline.ts',
      abortedByThreshold: null,
      interrupted: false,
    });
    expect(doc.run.machine).toEqual({
      hostname: hostname(),
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? '',
      totalMemoryBytes: totalmem(),
      node: process.version,
    });
    expect(doc.run.scenarios).toEqual([
      {
        name: 'default',
        model: 'closed',
        description: '2 users at 10/s for 1.5s',
        startTimeMs: 0,
        plannedDurationMs: 1500,
        tags: {},
      },
    ]);
    expect(doc.scenarios.map((s) => [s.name, s.stats.requests])).toEqual([
      ['default', doc.aggregated.requests],
    ]);
    expect(doc.scenarios[0]!.iterations).toBe(doc.aggregated.requests);
    expect(doc.thresholds).toEqual([]);
    expect(doc.serviceTime).toBeNull();
    // k6 phases: every request timed; the 10 ms server shows up as waiting (TTFB).
    expect(doc.timings!.durationUs.count).toBe(doc.aggregated.requests);
    expect(doc.timings!.waitingUs.medianMs).toBeGreaterThanOrEqual(10);
    expect(doc.timings!.durationUs.meanMs).toBeLessThanOrEqual(doc.aggregated.meanMs + 0.01);
    expect(doc.stats.map((s) => s.name)).toEqual(['/a', '/b']);
    for (const stats of [...doc.stats, doc.aggregated]) {
      const histogram = decodeHistogram(stats.histogram.encoded);
      expect(histogram.totalCount).toBe(stats.requests);
      expect(histogram.getValueAtPercentile(50) / 1000).toBeCloseTo(stats.medianMs, 6);
      expect(stats.histogram.unit).toBe('us');
    }
    expect(doc.aggregated.requests).toBe(doc.stats[0]!.requests + doc.stats[1]!.requests);
    expect(doc.aggregated.medianMs).toBeGreaterThanOrEqual(10);
    expect(doc.history.length).toBeGreaterThanOrEqual(2);
  });
});
