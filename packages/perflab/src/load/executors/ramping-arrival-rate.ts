import { formatDuration } from '../../duration.ts';
import { rampingArrivals, runArrivals } from './arrivals.ts';
import { type ConfigOf, type Executor, shareOf } from './executor.ts';

/**
 * Open model with a ramping rate (k6 ramping-arrival-rate): the rate goes linearly
 * from stage to stage; iterations start when the cumulative arrivals reach each
 * integer, whatever the latency; with no free VU (up to `maxVUs`) they are dropped.
 */
export function rampingArrivalRate(config: ConfigOf<'ramping-arrival-rate'>): Executor {
  const plannedDurationMs = config.stages.reduce((sum, s) => sum + s.durationMs, 0);
  return {
    model: 'open',
    preAllocatedVUs: config.preAllocatedVUs,
    maxVUs: config.maxVUs,
    plannedDurationMs,
    describe: () =>
      `iterations/s ${[config.startRatePerSecond, ...config.stages.map((s) => s.target)].join(' → ')} over ` +
      `${formatDuration(plannedDurationMs)} (${config.preAllocatedVUs}–${config.maxVUs} VUs)`,
    async run(context) {
      context.pool.preAllocate(shareOf(config.preAllocatedVUs, context.share));
      await runArrivals(rampingArrivals(config.startRatePerSecond, config.stages), context);
    },
  };
}
