import { createLatencyHistogram, type LatencyHistogram } from './histogram.ts';

/**
 * Locust's "current" window: rates and percentiles over the last 10 whole seconds
 * (locust.stats CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW), kept as a ring of
 * one-second slots so memory does not grow with run length.
 */
export const CURRENT_WINDOW_SECONDS = 10;

interface Slot {
  second: number;
  requests: number;
  failures: number;
  histogram: LatencyHistogram | undefined;
}

/** A ring of per-second counters (and, optionally, per-second latency histograms). */
export class SlidingWindow {
  private readonly slots: Slot[];
  private readonly scratch: LatencyHistogram | undefined;

  /** @param withHistograms keep a histogram per second, for current percentiles (costs ~10 histograms) */
  constructor(withHistograms: boolean) {
    this.slots = Array.from({ length: CURRENT_WINDOW_SECONDS + 1 }, () => ({
      second: -1,
      requests: 0,
      failures: 0,
      histogram: withHistograms ? createLatencyHistogram() : undefined,
    }));
    this.scratch = withHistograms ? createLatencyHistogram() : undefined;
  }

  /** Counts one request that completed during `second` (epoch seconds). */
  record(second: number, latencyUs: number, failed: boolean): void {
    const slot = this.slotFor(second);
    slot.requests++;
    if (failed) slot.failures++;
    slot.histogram?.recordValue(latencyUs);
  }

  /** Counts `requests` (of which `failures`) that completed during `second`, with their latencies. */
  recordMany(
    second: number,
    requests: number,
    failures: number,
    latencies: LatencyHistogram | undefined,
  ): void {
    const slot = this.slotFor(second);
    slot.requests += requests;
    slot.failures += failures;
    if (latencies) slot.histogram?.add(latencies);
  }

  /** The slot of `second`, emptied first if it still holds an older second. */
  private slotFor(second: number): Slot {
    const slot = this.slots[second % this.slots.length]!;
    if (slot.second !== second) {
      slot.second = second;
      slot.requests = 0;
      slot.failures = 0;
      slot.histogram?.reset();
    }
    return slot;
  }

  /**
   * Requests/s and failures/s over the whole seconds before `nowSecond` (at most
   * {@link CURRENT_WINDOW_SECONDS}, fewer when the run is younger: `elapsedSeconds`).
   */
  rates(nowSecond: number, elapsedSeconds: number): { rps: number; failuresPerSecond: number } {
    const span = Math.max(1, Math.min(CURRENT_WINDOW_SECONDS, Math.floor(elapsedSeconds)));
    let requests = 0;
    let failures = 0;
    for (const slot of this.slots) {
      if (slot.second >= nowSecond - span && slot.second < nowSecond) {
        requests += slot.requests;
        failures += slot.failures;
      }
    }
    return { rps: requests / span, failuresPerSecond: failures / span };
  }

  /** Latency histogram (µs) of the last {@link CURRENT_WINDOW_SECONDS} seconds before `nowSecond`; shared scratch, read it at once. */
  histogram(nowSecond: number): LatencyHistogram | undefined {
    if (!this.scratch) return undefined;
    this.scratch.reset();
    for (const slot of this.slots) {
      if (slot.histogram && slot.second >= nowSecond - CURRENT_WINDOW_SECONDS && slot.second < nowSecond) {
        this.scratch.add(slot.histogram);
      }
    }
    return this.scratch;
  }
}
