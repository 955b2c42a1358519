import {
  createLatencyHistogram,
  encodeHistogram,
  type LatencyHistogram,
  REPORTED_PERCENTILES,
} from '../../src/metrics/histogram.ts';
import type { HistoryRow } from '../../src/metrics/store.ts';
import { PERFLAB_VERSION, type ResultsDocument, type StatsWithHistogram } from '../../src/output/json.ts';

/** A seeded PRNG (mulberry32): the same document every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function statsOf(
  method: string,
  name: string,
  histogram: LatencyHistogram,
  failures: number,
  elapsedS: number,
): StatsWithHistogram {
  const ms = (us: number) => us / 1000;
  const percentiles = Object.fromEntries(
    REPORTED_PERCENTILES.map((p) => [String(p), ms(histogram.getValueAtPercentile(p))]),
  );
  const requests = histogram.totalCount;
  return {
    method,
    name,
    requests,
    failures,
    rps: requests / elapsedS,
    failuresPerSecond: failures / elapsedS,
    currentRps: requests / elapsedS,
    currentFailuresPerSecond: failures / elapsedS,
    minMs: ms(histogram.minNonZeroValue),
    maxMs: ms(histogram.maxValue),
    meanMs: ms(histogram.mean),
    medianMs: ms(histogram.getValueAtPercentile(50)),
    meanContentSize: 512,
    percentiles,
    histogram: { unit: 'us', significantDigits: 3, encoded: encodeHistogram(histogram) },
  };
}

/**
 * A results document as `perflab run --json` writes it, built from real
 * HdrHistograms of log-normal latencies: `names` request names (`/endpoint-00`…),
 * `requestsPerName` requests each, `seconds` history rows. `slower` multiplies
 * the latencies of the named requests (for comparisons).
 */
export function syntheticResults(options: {
  names: number;
  requestsPerName: number;
  seconds: number;
  seed?: number;
  slower?: Record<string, number>;
}): ResultsDocument {
  const random = rng(options.seed ?? 1);
  const elapsedS = options.seconds;
  const total = createLatencyHistogram();
  const stats: StatsWithHistogram[] = [];
  let totalFailures = 0;
  for (let i = 0; i < options.names; i++) {
    const name = `/endpoint-${String(i).padStart(2, '0')}`;
    const histogram = createLatencyHistogram();
    const medianUs = 2000 + i * 1500;
    const factor = options.slower?.[name] ?? 1;
    for (let n = 0; n < options.requestsPerName; n++) {
      // Box–Muller: log-normal around the median, σ = 0.5
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      histogram.recordValue(Math.max(1, Math.round(medianUs * factor * Math.exp(0.5 * z))));
    }
    total.add(histogram);
    const failures = i % 4 === 3 ? Math.round(options.requestsPerName * 0.02) : 0;
    totalFailures += failures;
    stats.push(statsOf(i % 3 === 0 ? 'POST' : 'GET', name, histogram, failures, elapsedS));
  }
  const startS = 1_800_000_000;
  const totalRequests = total.totalCount;
  const history: HistoryRow[] = Array.from({ length: options.seconds }, (_, s) => {
    const wave = 1 + 0.2 * Math.sin(s / 7);
    const percentiles = Object.fromEntries(
      REPORTED_PERCENTILES.map((p) => [String(p), (total.getValueAtPercentile(p) / 1000) * wave]),
    );
    return {
      timestamp: startS + s,
      users: Math.min(50, (s + 1) * 5),
      rps: (totalRequests / elapsedS) * wave,
      failuresPerSecond: (totalFailures / elapsedS) * wave,
      percentiles,
      totalRequests: Math.round((totalRequests * (s + 1)) / options.seconds),
      totalFailures: Math.round((totalFailures * (s + 1)) / options.seconds),
      totalMedianMs: total.getValueAtPercentile(50) / 1000,
      totalMeanMs: total.mean / 1000,
      totalMinMs: total.minNonZeroValue / 1000,
      totalMaxMs: total.maxValue / 1000,
      totalMeanContentSize: 512,
    };
  });
  const aggregated = statsOf('', 'Aggregated', total, totalFailures, elapsedS);
  const trend = (meanMs: number) => ({
    count: totalRequests,
    minMs: meanMs / 4,
    meanMs,
    medianMs: meanMs * 0.9,
    p90Ms: meanMs * 1.8,
    p95Ms: meanMs * 2.2,
    p99Ms: meanMs * 3,
    maxMs: meanMs * 5,
  });
  return {
    format: 'perflab-results',
    version: 1,
    tool: { name: 'perflab', version: PERFLAB_VERSION },
    run: {
      scenarioFile: 'examples/synthetic.scenario.ts',
      host: 'http://127.0.0.1:8888',
      scenarios: [
        {
          name: 'default',
          model: 'closed',
          description: `50 users at 5/s for ${options.seconds}s`,
          startTimeMs: 0,
          plannedDurationMs: options.seconds * 1000,
          tags: {},
        },
      ],
      graceMs: 5000,
      startedAt: new Date(startS * 1000).toISOString(),
      endedAt: new Date((startS + elapsedS) * 1000).toISOString(),
      elapsedMs: elapsedS * 1000,
      interrupted: false,
      abortedByThreshold: null,
      forcedStops: 0,
      notes: [],
      machine: {
        hostname: 'synthetic',
        platform: 'linux',
        arch: 'x64',
        cpus: 2,
        cpuModel: 'Test CPU',
        totalMemoryBytes: 8 * 1024 ** 3,
        node: process.version,
      },
    },
    thresholds: [
      { key: 'http_req_duration', source: 'p(95)<500', ok: true, actual: aggregated.percentiles['95']! },
    ],
    checks: [{ name: 'status is 200', passes: totalRequests - totalFailures, fails: totalFailures }],
    scenarios: [
      {
        name: 'default',
        stats: (({ histogram: _h, ...rest }) => rest)(aggregated),
        iterations: totalRequests,
        droppedIterations: 0,
        iterationDuration: trend(aggregated.meanMs * 1.1),
      },
    ],
    tags: [],
    serviceTime: null,
    timings: {
      blockedUs: trend(0.05),
      connectingUs: trend(0.02),
      tlsHandshakingUs: trend(0),
      sendingUs: trend(0.1),
      waitingUs: trend(aggregated.meanMs - 0.2),
      receivingUs: trend(0.1),
      durationUs: trend(aggregated.meanMs),
    },
    stats,
    aggregated,
    failures: stats
      .filter((s) => s.failures > 0)
      .map((s) => ({
        method: s.method,
        name: s.name,
        error: 'HTTP 503 Service Unavailable',
        occurrences: s.failures,
      })),
    exceptions: [],
    history,
  };
}
