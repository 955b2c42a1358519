/**
 * One timed phase of a database probe: `concurrency` workers each run one
 * operation after another until the phase's time is up, recording the latency
 * of every successful operation in an HdrHistogram (microseconds).
 */
import { performance } from 'node:perf_hooks';
import { createLatencyHistogram } from '../../metrics/histogram.ts';
import type { DbProbeResult, ProbeLatencyMs } from './types.ts';

/** A phase stops early after this many failed operations in a row (over all workers). */
export const MAX_CONSECUTIVE_ERRORS = 100;

/** What one phase measured. */
export interface PhaseOutcome {
  /** Successful operations. */
  ops: number;
  /** Failed operations. */
  errors: number;
  /** Wall-clock time from the phase's start until its last worker finished, ms. */
  elapsedMs: number;
  /** Successful operations per second of `elapsedMs` (0 when none). */
  opsPerSecond: number;
  latencyMs: ProbeLatencyMs;
  /** The first error's message, when there was one. */
  firstError: string | undefined;
  /** Why the phase ended before its time, when it did. */
  stoppedEarly: string | undefined;
}

/**
 * Runs `operation(worker)` from `concurrency` workers for `durationMs`.
 * Never throws: failed operations are counted; after
 * {@link MAX_CONSECUTIVE_ERRORS} failures in a row, or when `signal` aborts,
 * the workers stop after their current operation.
 */
export async function runPhase(
  durationMs: number,
  concurrency: number,
  operation: (worker: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<PhaseOutcome> {
  const histogram = createLatencyHistogram();
  let ops = 0;
  let errors = 0;
  let consecutive = 0;
  let firstError: string | undefined;
  let stoppedEarly: string | undefined;
  const start = performance.now();
  const deadline = start + durationMs;

  async function worker(index: number): Promise<void> {
    while (stoppedEarly === undefined && performance.now() < deadline) {
      if (signal?.aborted) {
        stoppedEarly = 'aborted';
        return;
      }
      const t0 = performance.now();
      try {
        await operation(index);
        histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        ops += 1;
        consecutive = 0;
      } catch (error) {
        errors += 1;
        consecutive += 1;
        const message = (error as Error).message || String(error);
        firstError ??= message;
        if (consecutive >= MAX_CONSECUTIVE_ERRORS) {
          stoppedEarly ??= `${MAX_CONSECUTIVE_ERRORS} operations in a row failed (last: ${message})`;
        }
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
    const elapsedMs = performance.now() - start;
    const ms = (percentile: number) => (ops === 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000);
    return {
      ops,
      errors,
      elapsedMs,
      opsPerSecond: elapsedMs > 0 ? ops / (elapsedMs / 1000) : 0,
      latencyMs: { p50: ms(50), p95: ms(95), p99: ms(99) },
      firstError,
      stoppedEarly,
    };
  } finally {
    histogram.destroy();
  }
}

/** The outcome of a phase that did not run. */
export function emptyPhase(): PhaseOutcome {
  return {
    ops: 0,
    errors: 0,
    elapsedMs: 0,
    opsPerSecond: 0,
    latencyMs: { p50: 0, p95: 0, p99: 0 },
    firstError: undefined,
    stoppedEarly: undefined,
  };
}

/** Checked `durationMs` and `concurrency` with their defaults; the message names the bad option. */
export function probeSettings(options: { durationMs?: number; concurrency?: number }):
  | {
      durationMs: number;
      concurrency: number;
    }
  | string {
  const durationMs = options.durationMs ?? 5000;
  const concurrency = options.concurrency ?? 8;
  if (!Number.isFinite(durationMs) || durationMs < 0)
    return `durationMs must be a number ≥ 0, got ${durationMs}`;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    return `concurrency must be an integer from 1 to 1000, got ${concurrency}`;
  }
  return { durationMs, concurrency };
}

/** The notes a phase adds to the result. */
export function phaseNotes(name: string, outcome: PhaseOutcome): string[] {
  const notes: string[] = [];
  if (outcome.errors > 0) {
    notes.push(`${name} phase: ${outcome.errors} operations failed (first: ${outcome.firstError ?? '?'})`);
  }
  if (outcome.stoppedEarly !== undefined) notes.push(`${name} phase stopped early: ${outcome.stoppedEarly}`);
  if (outcome.ops === 0) notes.push(`${name} phase: no operation succeeded; its latencies are 0`);
  return notes;
}

/** A probe's result from its two phases (a missing read phase counts as empty: the probe stopped before it). */
export function probeResult(
  probe: Pick<DbProbeResult, 'kind' | 'url' | 'target' | 'concurrency' | 'cleanedUp' | 'notes'>,
  write: PhaseOutcome,
  read: PhaseOutcome | undefined,
): DbProbeResult {
  const r = read ?? emptyPhase();
  return {
    ...probe,
    readOpsPerSecond: r.opsPerSecond,
    writeOpsPerSecond: write.opsPerSecond,
    readLatencyMs: r.latencyMs,
    writeLatencyMs: write.latencyMs,
    readOps: r.ops,
    writeOps: write.ops,
    readDurationMs: r.elapsedMs,
    writeDurationMs: write.elapsedMs,
    errors: write.errors + r.errors,
  };
}
