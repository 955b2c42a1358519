import type { MessagePort } from 'node:worker_threads';
import type { Sample } from '../../metrics/sample.ts';
import { MetricsStore } from '../../metrics/store.ts';
import type { ThresholdGate } from '../driver.ts';
import type { StateBatch, WorkerMessage } from './events.ts';

/** How often a worker ships its metrics, ms. */
export const FLUSH_INTERVAL_MS = 250;

/**
 * A worker thread's metrics store: it aggregates locally (HdrHistograms, counters,
 * groups — and the thresholds' series) and every 250 ms ships what it gathered
 * since the last batch, then starts afresh. The controller adds the batches
 * into its one store exactly (HdrHistogram add), so the cost of a request stays
 * in the worker that made it.
 */
export class ForwardingStore extends MetricsStore {
  private inner: MetricsStore;
  private gate: ThresholdGate | undefined;
  private readonly timer: NodeJS.Timeout;

  /** @param newGate makes an empty threshold gate (undefined without thresholds) */
  constructor(
    private readonly port: MessagePort,
    private readonly users: () => number,
    private readonly newGate: () => ThresholdGate | undefined,
  ) {
    super();
    [this.inner, this.gate] = this.fresh();
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  override record(sample: Sample): void {
    this.inner.record(sample);
  }

  override recordCheck(name: string, passed: boolean, scenario: string, tags?: Record<string, string>): void {
    this.inner.recordCheck(name, passed, scenario, tags);
  }

  override recordIteration(scenario: string, durationMs: number): void {
    this.inner.recordIteration(scenario, durationMs);
  }

  override recordDroppedIteration(scenario: string): void {
    this.inner.recordDroppedIteration(scenario);
  }

  override recordException(error: unknown): void {
    this.inner.recordException(error);
  }

  /** Ships what was gathered since the last flush (and the current VU count), then starts afresh. */
  flush(): void {
    const batch: StateBatch = {
      type: 'state',
      store: this.inner.exportState(),
      thresholds: this.gate?.exportState() ?? null,
      users: this.users(),
    };
    [this.inner, this.gate] = this.fresh();
    this.port.postMessage(batch satisfies WorkerMessage);
  }

  /** Stops the periodic flush after a last one. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private fresh(): [MetricsStore, ThresholdGate | undefined] {
    const store = new MetricsStore();
    const gate = this.newGate();
    if (gate) store.observe(gate);
    return [store, gate];
  }
}
