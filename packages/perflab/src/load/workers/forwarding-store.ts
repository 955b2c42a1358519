import type { MessagePort } from 'node:worker_threads';
import type { Sample } from '../../metrics/sample.ts';
import { MetricsStore } from '../../metrics/store.ts';
import type { EventBatch, WorkerMessage } from './events.ts';

/** How often a worker ships its events, ms. */
export const FLUSH_INTERVAL_MS = 100;

/**
 * A worker thread's metrics store: instead of aggregating, it batches every
 * event and ships it to the controller (every 100 ms and at the end), which
 * records it into the one real store — so percentiles come from every raw
 * latency, exactly as in a single-thread run.
 */
export class ForwardingStore extends MetricsStore {
  private batch: EventBatch = emptyBatch();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly port: MessagePort,
    private readonly users: () => number,
  ) {
    super();
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  override record(sample: Sample): void {
    this.batch.samples.push(sample);
  }

  override recordCheck(name: string, passed: boolean, scenario: string, tags?: Record<string, string>): void {
    this.batch.checks.push([name, passed, scenario, tags]);
  }

  override recordIteration(scenario: string, durationMs: number): void {
    this.batch.iterations.push([scenario, durationMs]);
  }

  override recordDroppedIteration(scenario: string): void {
    this.batch.dropped.push(scenario);
  }

  override recordException(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.batch.exceptions.push({ name: e.name, message: e.message, stack: e.stack });
  }

  /** Ships what was recorded since the last flush (and the current VU count). */
  flush(): void {
    const batch = this.batch;
    batch.users = this.users();
    this.batch = emptyBatch();
    this.port.postMessage(batch satisfies WorkerMessage);
  }

  /** Stops the periodic flush after a last one. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

function emptyBatch(): EventBatch {
  return { type: 'events', samples: [], checks: [], iterations: [], dropped: [], exceptions: [], users: 0 };
}

/** Replays a worker's batch into the controller's store. */
export function replay(batch: EventBatch, store: MetricsStore): void {
  for (const sample of batch.samples) store.record(sample);
  for (const [name, passed, scenario, tags] of batch.checks) store.recordCheck(name, passed, scenario, tags);
  for (const [scenario, ms] of batch.iterations) store.recordIteration(scenario, ms);
  for (const scenario of batch.dropped) store.recordDroppedIteration(scenario);
  for (const e of batch.exceptions) {
    const error = new Error(e.message);
    error.name = e.name;
    error.stack = e.stack;
    store.recordException(error);
  }
}
