import { performance } from 'node:perf_hooks';
import { formatDuration } from '../../duration.ts';
import { type ConfigOf, type Executor, type ExecutorContext, shareOf } from './executor.ts';
import { sleepUntil, stageTarget } from './timing.ts';

/** How often the staged form re-reads its target, ms. */
const STAGE_TICK_MS = 100;

/**
 * The closed-model executor. Users/spawn-rate form (Locust `--users/--spawn-rate/
 * --run-time`): user `i` (0-based) starts at `i / spawnRate` s until `users` run,
 * and the load phase ends `durationMs` after the start. Stages form (k6
 * ramping-vus): the user count follows the linear ramps, re-read every 100 ms;
 * surplus users stop after their current task.
 */
export function rampingUsers(config: ConfigOf<'ramping-users'>): Executor {
  const { constant, stages } = config;
  const plannedDurationMs = constant
    ? constant.durationMs
    : stages!.reduce((sum, s) => sum + s.durationMs, 0);
  return {
    model: 'closed',
    preAllocatedVUs: 0,
    maxVUs: constant ? constant.users : Math.max(config.startUsers, ...stages!.map((s) => s.target)),
    plannedDurationMs,
    describe: () =>
      constant
        ? `${constant.users} users at ${constant.spawnRate}/s for ${formatDuration(constant.durationMs)}`
        : `users ${[config.startUsers, ...stages!.map((s) => s.target)].join(' → ')} over ${formatDuration(plannedDurationMs)}`,
    async run({ pool, signal, share, control }: ExecutorContext) {
      const start = performance.now();
      const end = start + plannedDurationMs;
      if (constant) {
        // This share takes global users k ≡ index (mod count), each at k / spawnRate;
        // a live change of the count spawns the difference from then on, at the same rate.
        const gapMs = (1000 * share.count) / constant.spawnRate;
        let due = start + (share.index * 1000) / constant.spawnRate;
        let mine = 0;
        for (;;) {
          const target = shareOf(control?.users ?? constant.users, share);
          if (mine > target) pool.scaleTo((mine = target));
          const until = mine < target ? Math.min(due, end) : end;
          const changed = control?.changed();
          const woke = await (changed
            ? Promise.race([sleepUntil(until, signal), changed.then(() => 'changed' as const)])
            : sleepUntil(until, signal));
          if (woke === false) return;
          if (woke === 'changed') {
            due = Math.max(due, performance.now());
            continue;
          }
          if (until >= end) return;
          pool.scaleTo(++mine);
          due += gapMs;
        }
      }
      for (let t = 0; ; t += STAGE_TICK_MS) {
        const target = stageTarget(config.startUsers, stages!, t);
        if (target === undefined) return;
        pool.scaleTo(shareOf(Math.round(target), share));
        if (!(await sleepUntil(Math.min(start + t + STAGE_TICK_MS, end), signal))) return;
      }
    },
  };
}
