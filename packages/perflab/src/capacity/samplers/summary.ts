/**
 * Summaries of resource samples (min / mean / max / last per series, window
 * totals and hit rates from the per-sample differences), a time slice of a
 * report (e.g. one step of a stepped run) and memory per whole second (to join
 * with the run's history rows).
 */
import type {
  PostgresSample,
  PostgresSummary,
  ProcessSample,
  ProcessSeries,
  ProcessSummary,
  RedisSample,
  RedisSummary,
  ResourceReport,
  SeriesSummary,
} from './types.ts';

/** min / mean / max / last of the non-null values, in sample order; null when there are none. */
export function summarizeValues(values: ReadonlyArray<number | null>): SeriesSummary | null {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let last = 0;
  for (const value of values) {
    if (value === null) continue;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
    last = value;
  }
  return count === 0 ? null : { min, mean: sum / count, max, last, count };
}

function total(values: ReadonlyArray<number | null>): number {
  let sum = 0;
  for (const value of values) sum += value ?? 0;
  return sum;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Summaries of a process group's samples; a sample with `processes: null` is a gap. */
export function summarizeProcessSamples(samples: readonly ProcessSample[]): ProcessSummary {
  const of = (key: Exclude<keyof ProcessSample, 'timestamp'>) => summarizeValues(samples.map((s) => s[key]));
  return {
    processes: of('processes'),
    cpuCorePercent: of('cpuCorePercent'),
    cpuMachinePercent: of('cpuMachinePercent'),
    rssBytes: of('rssBytes'),
    pssBytes: of('pssBytes'),
    connections: of('connections'),
    gaps: samples.filter((s) => s.processes === null).length,
  };
}

/** Summaries of Redis samples: hit rate over the window = Σ hits / Σ (hits + misses); a sample without `usedMemoryBytes` is a gap. */
export function summarizeRedisSamples(samples: readonly RedisSample[]): RedisSummary {
  const hits = total(samples.map((s) => s.keyspaceHits));
  const misses = total(samples.map((s) => s.keyspaceMisses));
  const latest = [...samples].reverse().find((s) => s.usedMemoryBytes !== null);
  return {
    usedMemoryBytes: summarizeValues(samples.map((s) => s.usedMemoryBytes)),
    connectedClients: summarizeValues(samples.map((s) => s.connectedClients)),
    keyspaceHits: hits,
    keyspaceMisses: misses,
    hitRate: ratio(hits, hits + misses),
    evictedKeys: total(samples.map((s) => s.evictedKeys)),
    maxmemoryBytes: latest?.maxmemoryBytes ?? null,
    maxmemoryPolicy: latest?.maxmemoryPolicy ?? null,
    gaps: samples.filter((s) => s.usedMemoryBytes === null).length,
  };
}

/** Summaries of PostgreSQL samples: buffer hit rate over the window = Σ hit / Σ (hit + read); a sample without `backends` is a gap. */
export function summarizePostgresSamples(samples: readonly PostgresSample[]): PostgresSummary {
  const hit = total(samples.map((s) => s.blocksHit));
  const read = total(samples.map((s) => s.blocksRead));
  return {
    backends: summarizeValues(samples.map((s) => s.backends)),
    commitsPerSecond: summarizeValues(samples.map((s) => s.commitsPerSecond)),
    databaseSizeBytes: summarizeValues(samples.map((s) => s.databaseSizeBytes)),
    blocksHit: hit,
    blocksRead: read,
    bufferHitRate: ratio(hit, hit + read),
    commits: total(samples.map((s) => s.commits)),
    rollbacks: total(samples.map((s) => s.rollbacks)),
    gaps: samples.filter((s) => s.backends === null).length,
  };
}

/**
 * The part of a report whose samples lie in `[fromS, toS]` (epoch seconds), with
 * summaries recomputed over it — e.g. the steady state of one step of a stepped
 * run. Because each sample holds the differences over the interval that ends at
 * its timestamp, the window's totals and hit rates cover `(first sample's
 * predecessor, toS]`. Notes are kept whole. The input is not modified.
 */
export function sliceResources(report: ResourceReport, fromS: number, toS: number): ResourceReport {
  const inside = <T extends { timestamp: number }>(samples: readonly T[]) =>
    samples.filter((s) => s.timestamp >= fromS && s.timestamp <= toS);
  const processes = report.processes.map((series) => {
    const samples = inside(series.samples);
    return { ...series, samples, summary: summarizeProcessSamples(samples) };
  });
  const redis = report.redis.map((series) => {
    const samples = inside(series.samples);
    return { ...series, samples, summary: summarizeRedisSamples(samples) };
  });
  const postgres = report.postgres.map((series) => {
    const samples = inside(series.samples);
    return { ...series, samples, summary: summarizePostgresSamples(samples) };
  });
  const stamps = [...processes, ...redis, ...postgres].flatMap((s) =>
    s.samples.map((sample) => sample.timestamp),
  );
  return {
    ...report,
    startedAt: stamps.length > 0 ? stamps.reduce((a, b) => Math.min(a, b)) : null,
    endedAt: stamps.length > 0 ? stamps.reduce((a, b) => Math.max(a, b)) : null,
    processes,
    redis,
    postgres,
  };
}

/** A process group's memory in one whole second. */
export interface MemoryPoint {
  /** Epoch seconds, whole (the sample's timestamp rounded down: the key of the run's history rows). */
  second: number;
  rssBytes: number;
  pssBytes: number;
}

/**
 * The memory of a process group at each second it was measured (gaps left
 * out; when two samples fall in one second, the later wins) — the points for
 * regressing memory on the number of users (history rows have whole-second
 * timestamps).
 */
export function memoryBySecond(series: ProcessSeries): MemoryPoint[] {
  const bySecond = new Map<number, MemoryPoint>();
  for (const sample of series.samples) {
    if (sample.rssBytes === null || sample.pssBytes === null) continue;
    const second = Math.floor(sample.timestamp);
    bySecond.set(second, { second, rssBytes: sample.rssBytes, pssBytes: sample.pssBytes });
  }
  return [...bySecond.values()];
}
