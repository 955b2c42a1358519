import { performance } from 'node:perf_hooks';
import { createTransport } from '../http/client.ts';
import type { TestPlan } from '../scenario/schema.ts';
import type { LoadDriver, Share } from './driver.ts';
import { shareOf } from './executors/executor.ts';
import { createExecutor } from './executors/index.ts';
import { sleepUntil } from './executors/timing.ts';
import type { UsersControl } from './executors/users-control.ts';
import { type StopOutcome, VuPool } from './vu-pool.ts';

/**
 * Runs a plan's scenarios in this thread, side by side, each from its start time
 * with its own executor and VU pool, then stops them (grace period).
 * @param share the part of the load to produce (all of it by default)
 * @param control live user-count changes for closed users/spawn-rate scenarios (the live UI)
 */
export function localDriver(
  plan: TestPlan,
  host: string,
  graceMs: number,
  share: Share = { index: 0, count: 1 },
  control?: UsersControl,
): LoadDriver {
  const pools: VuPool[] = [];
  return {
    get users() {
      return pools.reduce((sum, pool) => sum + pool.size, 0);
    },
    async run(store, stopRun, note) {
      const transport = createTransport();
      const origin = performance.now();
      const outcomes = await Promise.all(
        plan.scenarios.map(async (scenario): Promise<StopOutcome> => {
          const executor = createExecutor(scenario.executor);
          const stopScenario = new AbortController();
          const signal = AbortSignal.any([stopRun, stopScenario.signal]);
          // This share's part of maxVUs (together the shares allocate at most maxVUs); only
          // the open model allocates against it (a shape decides its model at its first tick).
          const maxVUs = shareOf(executor.maxVUs, share);
          const pool = new VuPool(
            scenario,
            host,
            transport,
            store,
            maxVUs,
            () => stopScenario.abort(),
            share,
          );
          pools.push(pool);
          if (!(await sleepUntil(origin + scenario.startTimeMs, stopRun))) return { forced: 0 };
          try {
            await executor.run({ pool, signal, share, control });
          } catch (error) {
            store.recordException(error);
            note(
              `scenario ${scenario.name} stopped: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          return pool.stopAll(scenario.gracefulStopMs ?? graceMs);
        }),
      );
      await transport.destroy();
      return { forced: outcomes.reduce((sum, o) => sum + o.forced, 0) };
    },
  };
}
