import { setTimeout as sleep } from 'node:timers/promises';
import type { VuPool } from './vu-pool.ts';

/** Closed-model load: a fixed number of users, started at a spawn rate, for a duration. */
export interface RampingUsersOptions {
  /** Target number of concurrent virtual users. */
  users: number;
  /** Users started per second. */
  spawnRate: number;
  /** Run time from the start, including the ramp-up, ms. */
  durationMs: number;
}

/**
 * The closed-model executor (Locust's `--users/--spawn-rate/--run-time`): user
 * `i` (0-based) starts at `i / spawnRate` seconds, until `users` run; the load
 * phase ends `durationMs` after the start, or when `signal` aborts.
 * Resolves when the load phase ends; stopping the users is the caller's job.
 */
export async function runRampingUsers(
  options: RampingUsersOptions,
  pool: VuPool,
  signal: AbortSignal,
): Promise<void> {
  const start = performance.now();
  const end = start + options.durationMs;
  const intervalMs = 1000 / options.spawnRate;
  try {
    for (let i = 0; i < options.users; i++) {
      const due = start + i * intervalMs;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal });
      pool.start();
    }
    const remaining = end - performance.now();
    if (remaining > 0) await sleep(remaining, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** Human description, e.g. `50 users at 5/s for 2m`. */
export function describeRampingUsers(options: RampingUsersOptions, formatMs: (ms: number) => string): string {
  return `${options.users} users at ${options.spawnRate}/s for ${formatMs(options.durationMs)}`;
}
