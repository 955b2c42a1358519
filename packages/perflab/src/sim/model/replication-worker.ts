/**
 * A worker thread of `simulateModel`: runs the replications it is given of a
 * model (passed as the validated object, so nothing is parsed twice) and posts
 * their outcomes back. Started through replication-worker-entry.mjs, which
 * registers tsx as bin/perflab.js does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileDistributions } from './distributions.ts';
import { type ReplicationOutcome, type ReplicationSettings, runModelReplication } from './replication.ts';
import type { SimModel } from './schema.ts';

/** What a replication worker is given. */
export interface ReplicationWorkerInput {
  /** The model file, for messages. */
  file: string;
  model: SimModel;
  settings: ReplicationSettings;
  /** Replication numbers to run (0 is recorded in full). */
  indices: number[];
}

/** What it posts back, once. */
export type ReplicationWorkerMessage =
  { type: 'done'; outcomes: ReplicationOutcome[] } | { type: 'error'; message: string };

if (parentPort !== null && workerData !== null && typeof workerData === 'object' && 'indices' in workerData) {
  const input = workerData as ReplicationWorkerInput;
  const port = parentPort;
  try {
    const dist = await compileDistributions(input.model);
    const outcomes = input.indices.map((i) =>
      runModelReplication(input.model, dist, input.settings, i, i === 0),
    );
    port.postMessage({ type: 'done', outcomes } satisfies ReplicationWorkerMessage);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: `${input.file}: ${error instanceof Error ? error.message : String(error)}`,
    } satisfies ReplicationWorkerMessage);
  }
}
