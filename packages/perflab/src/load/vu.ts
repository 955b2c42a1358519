import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { VuContext } from '../scenario/define.ts';
import type { Scenario, Task } from '../scenario/schema.ts';
import { RunStoppedError } from '../http/client.ts';

/**
 * Picks tasks in proportion to their weights (Locust `@task(n)`: a task with
 * weight 3 runs three times as often as one with weight 1).
 */
export function weightedPicker(tasks: Task[], random: () => number = Math.random): () => Task {
  const cumulative: number[] = [];
  let total = 0;
  for (const task of tasks) cumulative.push((total += task.weight));
  return () => {
    const x = random() * total;
    let i = 0;
    while (cumulative[i]! <= x) i++;
    return tasks[i]!;
  };
}

/**
 * One virtual user's life: `onStart`, then pick-a-task / think-time iterations
 * until asked to stop, then `onStop`. A stop request ends a think time at once and
 * lets a running task finish; errors thrown by scenario code are reported and the
 * user carries on (as Locust does).
 */
export async function runVirtualUser(
  scenario: Scenario,
  context: VuContext,
  stop: AbortSignal,
  reportException: (error: unknown) => void,
): Promise<void> {
  const pick = weightedPicker(scenario.tasks);
  const call = async (fn: (vu: VuContext) => unknown): Promise<boolean> => {
    try {
      await fn(context);
      return true;
    } catch (error) {
      if (error instanceof RunStoppedError) return false;
      reportException(error);
      return true;
    }
  };
  if (scenario.onStart && !(await call(scenario.onStart))) return;
  while (!stop.aborted) {
    const taskStart = performance.now();
    if (!(await call(pick().run))) return;
    if (stop.aborted) break;
    const waitMs = scenario.waitTime(performance.now() - taskStart);
    if (waitMs > 0) {
      try {
        await sleep(waitMs, undefined, { signal: stop });
      } catch {
        break; // stop requested during think time
      }
    }
  }
  if (scenario.onStop) await call(scenario.onStop);
}
