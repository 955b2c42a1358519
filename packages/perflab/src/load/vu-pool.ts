import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpClient, createTransport } from '../http/client.ts';
import type { MetricsStore } from '../metrics/store.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runVirtualUser } from './vu.ts';

/** How a stop ended: how many users finished on their own and how many were cut off. */
export interface StopOutcome {
  /** Users still running when the grace period ended (their requests were aborted). */
  forced: number;
}

/**
 * The virtual users of one scenario and their shared keep-alive transport.
 * Executors call {@link start} to add users; the runner calls {@link stopAll}
 * once at the end, which also closes every connection.
 */
export class VuPool {
  private readonly hardStop = new AbortController();
  private readonly transport = createTransport();
  private readonly running = new Map<number, { stop: AbortController; done: Promise<void> }>();
  private nextId = 1;

  constructor(
    private readonly scenario: Scenario,
    private readonly host: string,
    private readonly store: MetricsStore,
  ) {}

  /** Number of running virtual users. */
  get size(): number {
    return this.running.size;
  }

  /** Starts one more virtual user. */
  start(): void {
    const id = this.nextId++;
    const stop = new AbortController();
    const http = createHttpClient({
      host: this.host,
      transport: this.transport,
      timeoutMs: this.scenario.requestTimeoutMs,
      stopSignal: this.hardStop.signal,
      record: (sample) => this.store.record(sample),
    });
    const done = runVirtualUser(this.scenario, { id, http, state: {} }, stop.signal, (error) =>
      this.store.recordException(error),
    ).finally(() => this.running.delete(id));
    this.running.set(id, { stop, done });
  }

  /**
   * Asks every user to stop: think times end at once, running tasks may finish
   * within `graceMs`; after that, requests in flight are aborted (not recorded).
   * Then every connection is closed.
   */
  async stopAll(graceMs: number): Promise<StopOutcome> {
    const all = [...this.running.values()];
    for (const vu of all) vu.stop.abort();
    const everyone = Promise.all(all.map((vu) => vu.done));
    const grace = new AbortController();
    const finished = await Promise.race([
      everyone.then(() => true),
      sleep(graceMs, false, { signal: grace.signal }).catch(() => false),
    ]);
    grace.abort();
    const forced = finished ? 0 : this.running.size;
    this.hardStop.abort();
    await this.transport.destroy();
    // Tasks awaiting something other than HTTP may never return; don't wait on them forever.
    if (!finished) await Promise.race([everyone, sleep(1000)]);
    return { forced };
  }
}
