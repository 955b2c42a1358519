import type { Sample } from '../../metrics/sample.ts';

/** Metric events a worker thread batches for the controller (structured-cloned). */
export interface EventBatch {
  type: 'events';
  samples: Sample[];
  /** [check name, passed, scenario, tags] */
  checks: [string, boolean, string, Record<string, string> | undefined][];
  /** [scenario, duration ms] */
  iterations: [string, number][];
  /** scenario of each dropped iteration */
  dropped: string[];
  exceptions: { name: string; message: string; stack: string | undefined }[];
  /** VUs running in the worker right now. */
  users: number;
}

/** Worker → controller messages. */
export type WorkerMessage =
  | EventBatch
  | { type: 'ready' }
  | { type: 'note'; text: string }
  | { type: 'done'; forced: number }
  | { type: 'failed'; message: string };

/** Controller → worker messages. */
export type ControllerMessage = { type: 'start' } | { type: 'stop' };

/** What a worker is started with (workerData). */
export interface WorkerInput {
  file: string;
  /** Run flags (users, spawn rate, duration, host, grace) as the controller got them. */
  flags: Record<string, string | undefined>;
  host: string;
  graceMs: number;
  index: number;
  count: number;
  /** Shared cursors for sequential feeders, in creation order. */
  feederCursors: SharedArrayBuffer[];
}
