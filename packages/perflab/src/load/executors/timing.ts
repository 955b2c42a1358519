import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sleeps until `performance.now()` reaches `at` (ms). @returns false when `signal`
 * aborted first. Scheduling from absolute times keeps executors free of drift.
 */
export async function sleepUntil(at: number, signal: AbortSignal): Promise<boolean> {
  const wait = at - performance.now();
  if (signal.aborted) return false;
  if (wait <= 0) return true;
  try {
    await sleep(wait, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Linear interpolation of a staged target at `t` ms (k6 stages); undefined after the last stage. */
export function stageTarget(
  start: number,
  stages: { durationMs: number; target: number }[],
  t: number,
): number | undefined {
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    if (t < stageStart + stage.durationMs) {
      return from + ((stage.target - from) * (t - stageStart)) / stage.durationMs;
    }
    stageStart += stage.durationMs;
    from = stage.target;
  }
  return undefined;
}
