import { type Duration, parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';

/**
 * Think time between two tasks of one virtual user, as Locust's `wait_time`:
 * given how long the task just run took (ms), returns how long to wait (ms).
 */
export type WaitTime = (taskDurationMs: number) => number;

/**
 * Waits a uniformly random time in [min, max] after each task (Locust `between(a, b)`;
 * note perflab takes milliseconds or duration strings, not seconds).
 * @throws PerflabError `PERFLAB_ERR_USAGE` when a bound is not a duration or min > max
 */
export function between(min: Duration, max: Duration): WaitTime {
  const lo = parseDuration(min, 'between(min)');
  const hi = parseDuration(max, 'between(max)');
  if (lo > hi) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `between(${String(min)}, ${String(max)}): min is greater than max`,
    );
  }
  return () => lo + Math.random() * (hi - lo);
}

/** Waits the same time after each task (Locust `constant(t)`). */
export function constant(wait: Duration): WaitTime {
  const ms = parseDuration(wait, 'constant(wait)');
  return () => ms;
}

/**
 * Starts a task every `interval` at most, whatever the task took: waits
 * `max(0, interval − task duration)` (Locust `constant_pacing(t)`).
 */
export function constantPacing(interval: Duration): WaitTime {
  const ms = parseDuration(interval, 'constantPacing(interval)');
  return (taskDurationMs) => Math.max(0, ms - taskDurationMs);
}
