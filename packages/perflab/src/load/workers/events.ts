import type { StoreState } from '../../metrics/store.ts';

/** A worker's metrics since its previous batch, aggregated (encoded histograms). */
export interface StateBatch {
  type: 'state';
  store: StoreState;
  /** Threshold series (same order on both sides: built from the same thresholds); null without thresholds. */
  thresholds: unknown[] | null;
  /** VUs running in the worker right now. */
  users: number;
}

/** Worker → controller messages. */
export type WorkerMessage =
  | StateBatch
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
