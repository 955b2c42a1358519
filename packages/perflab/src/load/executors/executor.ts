import type { ExecutorConfig } from '../../scenario/schema.ts';
import type { Share } from '../driver.ts';
import type { VuPool } from '../vu-pool.ts';
import type { UsersControl } from './users-control.ts';

/** What an executor drives: the scenario's VU pool, and when to give up. */
export interface ExecutorContext {
  pool: VuPool;
  /** Aborts on Ctrl-C, a threshold's abortOnFail, or a feeder running dry. */
  signal: AbortSignal;
  /**
   * The part of the load this generator produces, when several share it (worker
   * threads): of the global schedule, this one takes users `k` and arrivals `k`
   * with `k % count === index`, so together they produce exactly the planned load.
   */
  share: Share;
  /** Live user-count changes (closed users/spawn-rate form only); absent outside the live UI. */
  control?: UsersControl;
}

/** This share of `total` users (the users `k < total` with `k % count === index`). */
export function shareOf(total: number, share: Share): number {
  return Math.floor(total / share.count) + (share.index < total % share.count ? 1 : 0);
}

/**
 * An executor decides who starts when (k6 lib/executor: one file per executor,
 * same interface). `run` resolves when the scenario's load phase ends; stopping
 * the VUs is the caller's job.
 */
export interface Executor {
  /** Closed (users loop with think time) or open (arrivals on a schedule). */
  readonly model: 'closed' | 'open';
  /** Open model: VUs to allocate before the schedule starts; the most VUs ever allocated. */
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
  /** Planned length of the load phase in ms; undefined when it depends on a shape function. */
  readonly plannedDurationMs: number | undefined;
  /** One line for people, e.g. `200 iterations/s for 10s (20–100 VUs)`. */
  describe(): string;
  run(context: ExecutorContext): Promise<void>;
}

/** Config types by executor type. */
export type ConfigOf<T extends ExecutorConfig['type']> = Extract<ExecutorConfig, { type: T }>;
