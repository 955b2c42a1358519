import type { ThresholdGate } from '../load/driver.ts';
import type { AccumulatorState } from './accumulator.ts';
import type { Threshold } from './threshold.ts';
import { ThresholdTracker } from './tracker.ts';

/**
 * Connects thresholds to a run: a {@link ThresholdTracker} fed from the metrics
 * store's events, which the runner polls for `abortOnFail` and asks for verdicts.
 */
export function thresholdGate(thresholds: readonly Threshold[]): ThresholdGate {
  const tracker = new ThresholdTracker(thresholds);
  return {
    onSample: (sample) => tracker.recordRequest(sample),
    onCheck: (name, passed, tags) => tracker.recordCheck(name, passed, tags),
    onIteration: (durationMs, tags) => tracker.recordIteration(durationMs, tags),
    onDroppedIteration: (tags) => tracker.recordDroppedIteration(tags),
    shouldAbort: (elapsedMs) => tracker.shouldAbort(elapsedMs),
    evaluate: (elapsedMs) => tracker.evaluate(elapsedMs),
    exportState: () => tracker.exportState(),
    mergeState: (states) => tracker.mergeState(states as AccumulatorState[]),
  };
}
