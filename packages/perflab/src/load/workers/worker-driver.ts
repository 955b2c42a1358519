import { Worker } from 'node:worker_threads';
import type { MetricsStore } from '../../metrics/store.ts';
import type { LoadDriver, ThresholdGate } from '../driver.ts';
import type { ControllerMessage, WorkerInput, WorkerMessage } from './events.ts';

/** Most sequential feeders a scenario file may create when run on workers. */
const MAX_SHARED_FEEDERS = 64;

/** What the worker driver needs to start its workers. */
export interface WorkerDriverOptions {
  /** Scenario file (each worker loads it). */
  file: string;
  /** Run flags as given to the controller, so every worker resolves the same config. */
  flags: Record<string, string | undefined>;
  host: string;
  graceMs: number;
  /** Number of worker threads, ≥ 1. */
  workers: number;
}

/**
 * Spreads the load over worker threads, one event loop each: worker `i` of `n`
 * produces users and arrivals `k` with `k % n === i` of the planned schedule, so
 * together they produce exactly the planned load. Each worker aggregates its own
 * metrics and ships them every 250 ms; this thread adds them into the one store
 * exactly (counts and sums added, HdrHistograms added — never averaged
 * percentiles), and threshold series likewise.
 */
export function workerDriver(options: WorkerDriverOptions): LoadDriver {
  const users = new Array<number>(options.workers).fill(0);
  const workers: { worker: Worker; ready: Promise<void>; finished: Promise<void> }[] = [];
  let sink:
    { store: MetricsStore; note: (text: string) => void; thresholds: ThresholdGate | undefined } | undefined;
  const forced = new Array<number>(options.workers).fill(0);
  const early: string[] = [];
  const note = (text: string) => (sink ? sink.note(text) : early.push(text));

  return {
    get users() {
      return users.reduce((a, b) => a + b, 0);
    },

    /** Starts the workers and waits until each has loaded the scenario. */
    async prepare() {
      const feederCursors = Array.from(
        { length: MAX_SHARED_FEEDERS },
        () => new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT),
      );
      for (let index = 0; index < options.workers; index++) {
        const input: WorkerInput = {
          file: options.file,
          flags: options.flags,
          host: options.host,
          graceMs: options.graceMs,
          index,
          count: options.workers,
          feederCursors,
        };
        const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input });
        let ready!: () => void;
        const readyPromise = new Promise<void>((resolve) => (ready = resolve));
        // Finished = its last state batch arrived ('done'), or it is gone; thread teardown is not run time.
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'state') {
            users[index] = message.users;
            if (sink) {
              sink.store.mergeState(message.store);
              if (message.thresholds) sink.thresholds?.mergeState(message.thresholds);
            }
          } else if (message.type === 'ready') {
            ready();
          } else if (message.type === 'note') {
            note(message.text);
          } else if (message.type === 'done') {
            forced[index] = message.forced;
            users[index] = 0;
            finish();
          } else {
            note(`worker ${index + 1} failed: ${message.message}`);
            ready();
          }
        });
        worker.on('error', (error) => {
          sink?.store.recordException(error);
          note(`worker ${index + 1} crashed: ${error.message}`);
          ready();
        });
        worker.on('exit', () => {
          users[index] = 0;
          ready();
          finish();
        });
        workers.push({ worker, ready: readyPromise, finished });
      }
      await Promise.all(workers.map((w) => w.ready));
    },

    async dispose() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },

    async run(
      store: MetricsStore,
      stop: AbortSignal,
      runNote: (text: string) => void,
      thresholds?: ThresholdGate,
    ) {
      sink = { store, note: runNote, thresholds };
      for (const text of early.splice(0)) runNote(text);
      const send = (message: ControllerMessage) => {
        for (const { worker } of workers) worker.postMessage(message);
      };
      const onStop = () => send({ type: 'stop' });
      stop.addEventListener('abort', onStop, { once: true });
      send({ type: 'start' });
      await Promise.all(workers.map((w) => w.finished));
      stop.removeEventListener('abort', onStop);
      return { forced: forced.reduce((a, b) => a + b, 0) };
    },
  };
}
