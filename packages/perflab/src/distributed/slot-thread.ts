/**
 * A load-generator thread of a distributed worker: loads the shipped scenario
 * file itself (functions cannot cross threads), runs one generator per slot it
 * was given (each the in-thread driver with that slot's {@link Share}), and ships
 * its metrics to the worker's main thread through the same aggregated batches
 * (encoded HdrHistograms) local worker threads use.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveRunConfig } from '../cli/run-config.ts';
import { useSharedFeederCursors } from '../data/feeder.ts';
import { localDriver } from '../load/local-driver.ts';
import type { WorkerMessage } from '../load/workers/events.ts';
import { ForwardingStore } from '../load/workers/forwarding-store.ts';
import { loadTestPlan } from '../scenario/load.ts';
import { thresholdGate } from '../thresholds/gate.ts';
import { shiftPlan } from './shares.ts';
import type { SlotThreadCommand, SlotThreadInput } from './slot-threads.ts';

const input = workerData as SlotThreadInput;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

try {
  useSharedFeederCursors(input.feederCursors);
  const loaded = await loadTestPlan(input.file);
  const { plan } = resolveRunConfig(loaded, {}, input.flags);
  const stop = new AbortController();
  const started = new Promise<number>((resolve) => {
    port.on('message', (message: SlotThreadCommand) => {
      if (message.type === 'start') resolve(message.offsetMs);
      else stop.abort();
    });
  });
  post({ type: 'ready' });
  // A takeover resumes the schedules where the run is when this thread actually starts.
  const offsetMs = await started;
  const shifted = offsetMs > 0 ? shiftPlan(plan, offsetMs) : plan;
  const drivers = input.slots.map((slot) =>
    localDriver(shifted, input.host, input.graceMs, { index: slot, count: input.slotCount }),
  );
  const thresholds = plan.thresholds;
  const store = new ForwardingStore(
    port,
    () => drivers.reduce((sum, driver) => sum + driver.users, 0),
    () => (thresholds.length > 0 ? thresholdGate(thresholds) : undefined),
  );
  const outcomes = await Promise.all(
    drivers.map((driver) => driver.run(store, stop.signal, (text) => post({ type: 'note', text }))),
  );
  store.close();
  post({ type: 'done', forced: outcomes.reduce((sum, o) => sum + o.forced, 0) });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
port.close();
