import { performance } from 'node:perf_hooks';
import type { ShapeTick } from '../../scenario/define.ts';
import { type ConfigOf, type Executor, shareOf } from './executor.ts';
import { sleepUntil } from './timing.ts';

/** Thrown when a shape function returns something that is neither users, a rate nor a stop. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/**
 * A custom load shape (Locust `LoadTestShape`): `shape(elapsedMs)` is called once
 * a second. `{ users, spawnRate }` moves the closed-model user count toward `users`
 * at `spawnRate` users/s; `{ rate }` starts that many iterations per second for the
 * next second (open model, on the pool; dropped when no VU is free); null or
 * undefined ends the scenario. A shape must keep to one model for the whole run.
 */
export function shape(config: ConfigOf<'shape'>): Executor {
  let model: 'closed' | 'open' | undefined;
  return {
    get model() {
      return model ?? 'closed';
    },
    preAllocatedVUs: config.preAllocatedVUs,
    maxVUs: config.maxVUs,
    plannedDurationMs: undefined,
    describe: () => 'custom shape (called every second)',
    async run({ pool, signal, share }) {
      const start = performance.now();
      let users = 0;
      for (let second = 0; ; second++) {
        const tickStart = start + second * 1000;
        const tick: ShapeTick = config.shape(second * 1000);
        if (tick === null || tick === undefined) return;
        const kind = 'rate' in tick ? 'open' : 'users' in tick ? 'closed' : undefined;
        if (!kind || (model !== undefined && kind !== model)) {
          throw new ShapeError(
            kind
              ? `shape switched from the ${model} to the ${kind} model at ${second} s`
              : `shape returned ${JSON.stringify(tick)}`,
          );
        }
        if (model === undefined && kind === 'open') pool.preAllocate(shareOf(config.preAllocatedVUs, share));
        model = kind;
        if ('rate' in tick) {
          // `rate` arrivals spread evenly over this second; this share takes j ≡ index (mod count).
          for (let j = share.index; j < tick.rate; j += share.count) {
            const due = tickStart + (j * 1000) / tick.rate;
            if (!(await sleepUntil(due, signal))) return;
            pool.startIteration(due);
          }
        } else {
          // Move toward the target at the spawn rate, in tenths of this second.
          const step = tick.spawnRate / 10;
          for (let k = 0; k < 10 && users !== tick.users; k++) {
            users =
              users < tick.users ? Math.min(tick.users, users + step) : Math.max(tick.users, users - step);
            pool.scaleTo(shareOf(Math.round(users), share));
            if (!(await sleepUntil(tickStart + (k + 1) * 100, signal))) return;
          }
        }
        if (!(await sleepUntil(tickStart + 1000, signal))) return;
      }
    },
  };
}
