import { performance } from 'node:perf_hooks';
import type { StageMs } from '../../scenario/schema.ts';
import type { ExecutorContext } from './executor.ts';
import { sleepUntil } from './timing.ts';

/**
 * Runs an open-model schedule: iteration `i` is due `startTimeOf(i)` ms after the
 * start (undefined = no more). Each wake-up starts every iteration already due,
 * on the pool; times are absolute, so timer lateness never accumulates into drift.
 * @returns iterations of this share scheduled (started or dropped)
 */
export async function runArrivals(
  startTimeOf: (i: number) => number | undefined,
  { pool, signal, share }: ExecutorContext,
): Promise<number> {
  const origin = performance.now();
  let started = 0;
  // This share takes global iterations i ≡ index (mod count).
  for (let i = share.index, due = startTimeOf(i); due !== undefined; i += share.count, due = startTimeOf(i)) {
    if (!(await sleepUntil(origin + due, signal))) break;
    pool.startIteration(origin + due);
    started++;
  }
  return started;
}

/**
 * Start times of a constant arrival rate: iteration `i` at `i / rate` s, for
 * every `i` with that time before `durationMs` (so `rate × duration` iterations).
 */
export function constantArrivals(
  ratePerSecond: number,
  durationMs: number,
): (i: number) => number | undefined {
  return (i) => {
    const t = (i * 1000) / ratePerSecond;
    return t < durationMs ? t : undefined;
  };
}

/**
 * Start times of a piecewise-linear arrival rate (k6 ramping-arrival-rate):
 * iteration `i` starts when the cumulative number of arrivals N(t) = ∫ rate
 * reaches `i`. Within a stage going from r0 to r1 (per second) over D s,
 * N(τ) = N0 + r0·τ + (r1 − r0)·τ² / (2D); solving for τ with the numerically
 * stable root τ = 2k / (r0 + √(r0² + 2k(r1 − r0)/D)), k = i − N0.
 */
export function rampingArrivals(
  startRatePerSecond: number,
  stages: StageMs[],
): (i: number) => number | undefined {
  return (i) => {
    let rate = startRatePerSecond;
    let elapsedMs = 0;
    let arrivals = 0;
    for (const stage of stages) {
      const seconds = stage.durationMs / 1000;
      const inStage = ((rate + stage.target) / 2) * seconds;
      const k = i - arrivals;
      if (k < inStage || (k === 0 && inStage === 0 && rate > 0)) {
        const slope = (stage.target - rate) / seconds;
        const root = Math.sqrt(Math.max(0, rate * rate + 2 * k * slope));
        const tau = k === 0 ? 0 : (2 * k) / (rate + root);
        return elapsedMs + tau * 1000;
      }
      arrivals += inStage;
      elapsedMs += stage.durationMs;
      rate = stage.target;
    }
    return undefined;
  };
}
