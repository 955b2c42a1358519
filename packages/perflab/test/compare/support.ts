import { createLatencyHistogram, encodeHistogram } from '../../src/metrics/histogram.ts';
import type { ResultsDocument, StatsWithHistogram } from '../../src/output/json.ts';

/** A row of a synthetic run: latencies in µs, the first `failures` of them failed. */
export interface SyntheticRow {
  method: string;
  name: string;
  latenciesUs: number[];
  failures?: number;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` log-normal latencies, µs, with median `medianMs` and log-sd `sigma`, plus `shiftMs`. */
export function lognormalUs(
  random: () => number,
  n: number,
  medianMs: number,
  sigma = 0.4,
  shiftMs = 0,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Box–Muller.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out.push(Math.max(1, Math.round((medianMs * Math.exp(sigma * z) + shiftMs) * 1000)));
  }
  return out;
}

function statsOf(method: string, name: string, latenciesUs: number[], failures: number, elapsedMs: number) {
  const histogram = createLatencyHistogram();
  for (const v of latenciesUs) histogram.recordValue(v);
  const requests = latenciesUs.length;
  const percentiles: Record<string, number> = {};
  for (const p of [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]) {
    percentiles[String(p)] = requests ? histogram.getValueAtPercentile(p) / 1000 : 0;
  }
  const stats: StatsWithHistogram = {
    method,
    name,
    requests,
    failures,
    rps: requests / (elapsedMs / 1000),
    failuresPerSecond: failures / (elapsedMs / 1000),
    currentRps: 0,
    currentFailuresPerSecond: 0,
    minMs: requests ? Math.min(...latenciesUs) / 1000 : 0,
    maxMs: requests ? Math.max(...latenciesUs) / 1000 : 0,
    meanMs: requests ? latenciesUs.reduce((a, b) => a + b, 0) / requests / 1000 : 0,
    medianMs: percentiles['50']!,
    meanContentSize: 0,
    percentiles,
    histogram: { unit: 'us', significantDigits: 3, encoded: requests ? encodeHistogram(histogram) : '' },
  };
  return stats;
}

/** A complete results document (version 1) for the rows, over `elapsedMs` (default 10 s). */
export function syntheticRun(
  rows: SyntheticRow[],
  elapsedMs = 10_000,
  description = '10 users',
): ResultsDocument {
  const all = rows.flatMap((r) => r.latenciesUs);
  const failures = rows.reduce((sum, r) => sum + (r.failures ?? 0), 0);
  return {
    format: 'perflab-results',
    version: 1,
    tool: { name: 'perflab', version: '0.1.0' },
    run: {
      scenarioFile: 'synthetic.scenario.ts',
      host: 'http://127.0.0.1:1',
      scenarios: [
        {
          name: 'default',
          model: 'closed',
          description,
          startTimeMs: 0,
          plannedDurationMs: elapsedMs,
          tags: {},
        },
      ],
      graceMs: 5000,
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:10.000Z',
      elapsedMs,
      interrupted: false,
      abortedByThreshold: null,
      forcedStops: 0,
      notes: [],
    },
    thresholds: [],
    checks: [],
    scenarios: [],
    tags: [],
    serviceTime: null,
    timings: null,
    stats: rows.map((r) => statsOf(r.method, r.name, r.latenciesUs, r.failures ?? 0, elapsedMs)),
    aggregated: statsOf('', 'Aggregated', all, failures, elapsedMs),
    failures: [],
    exceptions: [],
    history: [],
  };
}
