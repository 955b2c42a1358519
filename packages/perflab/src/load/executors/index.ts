import type { ExecutorConfig } from '../../scenario/schema.ts';
import { constantArrivalRate } from './constant-arrival-rate.ts';
import type { Executor } from './executor.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { rampingUsers } from './ramping-users.ts';
import { shape } from './shape.ts';

/** Creates the executor a validated config names (registry by type). */
export function createExecutor(config: ExecutorConfig): Executor {
  switch (config.type) {
    case 'ramping-users':
      return rampingUsers(config);
    case 'constant-arrival-rate':
      return constantArrivalRate(config);
    case 'ramping-arrival-rate':
      return rampingArrivalRate(config);
    case 'shape':
      return shape(config);
  }
}

export type { Executor, ExecutorContext } from './executor.ts';
