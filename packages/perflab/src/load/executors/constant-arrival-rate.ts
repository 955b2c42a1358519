import { formatDuration } from '../../duration.ts';
import { constantArrivals, runArrivals } from './arrivals.ts';
import { type ConfigOf, type Executor, shareOf } from './executor.ts';

/**
 * Open model at a fixed rate (k6 constant-arrival-rate): iterations start every
 * `1 / rate` s whatever the latency, each on a free VU; when all `maxVUs` are busy
 * the iteration is dropped and counted.
 */
export function constantArrivalRate(config: ConfigOf<'constant-arrival-rate'>): Executor {
  return {
    model: 'open',
    preAllocatedVUs: config.preAllocatedVUs,
    maxVUs: config.maxVUs,
    plannedDurationMs: config.durationMs,
    describe: () =>
      `${config.ratePerSecond} iterations/s for ${formatDuration(config.durationMs)} ` +
      `(${config.preAllocatedVUs}–${config.maxVUs} VUs)`,
    async run(context) {
      context.pool.preAllocate(shareOf(config.preAllocatedVUs, context.share));
      await runArrivals(constantArrivals(config.ratePerSecond, config.durationMs), context);
    },
  };
}
