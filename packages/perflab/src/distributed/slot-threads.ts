import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from '../load/workers/events.ts';
import { MetricsStore, type StoreState } from '../metrics/store.ts';
import type { Threshold } from '../thresholds/threshold.ts';
import { thresholdGate } from '../thresholds/gate.ts';
import type { ThresholdGate } from '../load/driver.ts';
import type { ShippedFlags } from './protocol.ts';

/** Most sequential feeders a scenario file may create when run on a distributed worker. */
const MAX_SHARED_FEEDERS = 64;

/** What one slot thread is started with (workerData). */
export interface SlotThreadInput {
  /** The scenario file as written on this worker. */
  file: string;
  flags: ShippedFlags;
  host: string;
  graceMs: number;
  /** Slots this thread produces. */
  slots: number[];
  slotCount: number;
  /** Shared cursors for sequential feeders (one set per worker process). */
  feederCursors: SharedArrayBuffer[];
}

/**
 * Worker main thread → slot thread. `start.offsetMs`: how far into the run (ms)
 * the schedules begin — 0 at the start, the time since the start for a takeover.
 */
export type SlotThreadCommand = { type: 'start'; offsetMs: number } | { type: 'stop' };

/** What the worker gathered since its previous snapshot. */
export interface Snapshot {
  store: StoreState;
  thresholds: unknown[] | null;
  users: number;
}

interface Thread {
  worker: Worker;
  users: number;
  forced: number;
  finished: Promise<void>;
}

/**
 * A distributed worker's load-generator threads: started in groups (the run's
 * slots at the start, a lost worker's slots later), each thread running some
 * slots. Their batches are added exactly into one pending store (and threshold
 * gate) that {@link takeSnapshot} empties once a second.
 */
export class SlotThreads {
  private readonly threads: Thread[] = [];
  private pending = new MetricsStore();
  private gate: ThresholdGate | undefined;
  private readonly feederCursors = Array.from(
    { length: MAX_SHARED_FEEDERS },
    () => new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT),
  );
  /** Set by {@link stop}: threads still loading never start. */
  private stopping = false;
  /** Requests recorded by all threads so far (the worker's own count). */
  requests = 0;
  failures = 0;

  /**
   * @param base where the scenario is and how it runs (all but the slots)
   * @param thresholds the plan's thresholds (their series are merged like the metrics)
   * @param note receives notes and failures of running threads
   */
  constructor(
    private readonly base: Omit<SlotThreadInput, 'slots' | 'feederCursors'>,
    private readonly thresholds: Threshold[],
    private readonly note: (text: string) => void,
  ) {
    this.gate = this.newGate();
  }

  /** Running VUs over every thread. */
  get users(): number {
    return this.threads.reduce((sum, t) => sum + t.users, 0);
  }

  /** Forced stops over every finished thread. */
  get forced(): number {
    return this.threads.reduce((sum, t) => sum + t.forced, 0);
  }

  /**
   * Starts up to `maxThreads` threads sharing `slots` (round robin) and waits
   * until each loaded the scenario.
   * @returns a function that starts their load `offsetMs` into the run's schedule
   * @throws Error with the thread's message when one fails to load the scenario
   */
  async add(slots: number[], maxThreads: number): Promise<(offsetMs: number) => void> {
    const count = Math.max(1, Math.min(maxThreads, slots.length));
    const group: Thread[] = [];
    const ready: Promise<void>[] = [];
    for (let t = 0; t < count; t++) {
      const input: SlotThreadInput = {
        ...this.base,
        slots: slots.filter((_, j) => j % count === t),
        feederCursors: this.feederCursors,
      };
      const worker = new Worker(new URL('./slot-thread-entry.mjs', import.meta.url), { workerData: input });
      let markReady!: () => void;
      let fail!: (error: Error) => void;
      ready.push(
        new Promise<void>((resolve, reject) => {
          markReady = resolve;
          fail = reject;
        }),
      );
      let finish!: () => void;
      const thread: Thread = {
        worker,
        users: 0,
        forced: 0,
        finished: new Promise<void>((resolve) => (finish = resolve)),
      };
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'state':
            thread.users = message.users;
            this.requests += message.store.total.requests;
            this.failures += message.store.total.failures;
            this.pending.mergeState(message.store);
            if (message.thresholds) this.gate?.mergeState(message.thresholds);
            break;
          case 'ready':
            markReady();
            break;
          case 'note':
            this.note(message.text);
            break;
          case 'done':
            thread.forced = message.forced;
            thread.users = 0;
            finish();
            break;
          case 'failed':
            fail(new Error(message.message));
            this.note(`load thread failed: ${message.message}`);
            break;
        }
      });
      worker.on('error', (error) => {
        fail(error);
        this.note(`load thread crashed: ${error.message}`);
      });
      worker.on('exit', () => {
        thread.users = 0;
        fail(new Error('load thread exited before it was ready'));
        finish();
      });
      group.push(thread);
      this.threads.push(thread);
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(group.map((t) => t.worker.terminate()));
      throw error;
    }
    return (offsetMs) => this.post(group, this.stopping ? { type: 'stop' } : { type: 'start', offsetMs });
  }

  /** Resolves when every thread started so far has finished (its last batch arrived) or exited. */
  async finished(): Promise<void> {
    let seen = 0;
    while (seen < this.threads.length) {
      seen = this.threads.length;
      await Promise.all(this.threads.map((t) => t.finished));
    }
  }

  /** Asks every thread to stop: running iterations get the grace period. */
  stop(): void {
    this.stopping = true;
    this.post(this.threads, { type: 'stop' });
  }

  /** Ends every thread at once: no request is sent after this resolves. */
  async terminate(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  /** What was gathered since the previous call (then starts afresh). */
  takeSnapshot(): Snapshot {
    const snapshot: Snapshot = {
      store: this.pending.exportState(),
      thresholds: this.gate?.exportState() ?? null,
      users: this.users,
    };
    this.pending = new MetricsStore();
    this.gate = this.newGate();
    return snapshot;
  }

  private newGate(): ThresholdGate | undefined {
    return this.thresholds.length > 0 ? thresholdGate(this.thresholds) : undefined;
  }

  private post(threads: Thread[], message: SlotThreadCommand): void {
    for (const t of threads) t.worker.postMessage(message);
  }
}
