/**
 * Entry of a load-generator worker thread: loads the scenario file itself
 * (functions cannot cross threads), produces its share of the load, and ships
 * every metric event to the controller.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveRunConfig } from '../../cli/run-config.ts';
import { useSharedFeederCursors } from '../../data/feeder.ts';
import { loadTestPlan } from '../../scenario/load.ts';
import { thresholdGate } from '../../thresholds/gate.ts';
import { localDriver } from '../local-driver.ts';
import type { ControllerMessage, WorkerInput, WorkerMessage } from './events.ts';
import { ForwardingStore } from './forwarding-store.ts';

const input = workerData as WorkerInput;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

try {
  useSharedFeederCursors(input.feederCursors);
  const plan = await loadTestPlan(input.file);
  const { plan: resolved } = resolveRunConfig(plan, process.env, input.flags);
  const driver = localDriver(resolved, input.host, input.graceMs, { index: input.index, count: input.count });
  const stop = new AbortController();
  const started = new Promise<void>((resolve) => {
    port.on('message', (message: ControllerMessage) => {
      if (message.type === 'start') resolve();
      else stop.abort();
    });
  });
  post({ type: 'ready' });
  await started;
  const thresholds = resolved.thresholds;
  const store = new ForwardingStore(
    port,
    () => driver.users,
    () => (thresholds.length > 0 ? thresholdGate(thresholds) : undefined),
  );
  const { forced } = await driver.run(store, stop.signal, (text) => post({ type: 'note', text }));
  store.close();
  post({ type: 'done', forced });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
port.close();
