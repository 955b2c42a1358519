/**
 * The distributed worker (`perflab worker`): registers with the coordinator
 * Redis, heartbeats, waits for a run addressed to it, checks it (token
 * signature, perflab version, scenario hash), runs its slots of the load on its
 * own threads and streams a snapshot of its metrics once a second, then the
 * final one, and waits for the next run. It stops its load at once when it
 * loses the coordinator or the controller stops heartbeating.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '../capacity/samplers/redis-sampler.ts';
import { resolveRunConfig } from '../cli/run-config.ts';
import { PERFLAB_VERSION } from '../output/json.ts';
import { loadTestPlan } from '../scenario/load.ts';
import { type CoordinatorClient, connectCoordinator, redactText, withTimeout } from './coordinator.ts';
import {
  COMMANDS_STREAM,
  type Command,
  COORDINATOR_LOSS_MS,
  controllerKey,
  entryOf,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TTL_MS,
  parseEntry,
  type Report,
  resultsStream,
  sha256,
  signatureProblem,
  SNAPSHOT_INTERVAL_MS,
  type WorkerInfo,
  workerGroup,
  workerKey,
} from './protocol.ts';
import { SlotThreads } from './slot-threads.ts';

/** The perflab package folder: a shipped scenario's `import 'perflab'` resolves to it. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Settings of a worker. */
export interface WorkerOptions {
  /** Coordinator URL, `redis://` or `rediss://`, credentials allowed. */
  coordinator: string;
  /** Shown in the controller's output and results; default the host name. */
  name: string;
  /** VUs this worker can drive: its share of a run is proportional to it. */
  capacity: number;
  /** Load-generator threads (default: the number of cores). */
  threads: number;
  /** Shared secret: only runs signed with it are executed. */
  token?: string;
  /** Where shipped scenario files are written (a fresh folder per run inside it); default the OS temp folder. */
  workDir?: string;
  /** Receives one line per event (registered, run started/done/refused, coordinator lost). */
  log: (line: string) => void;
}

interface ActiveRun {
  runId: string;
  dir: string;
  threads: SlotThreads;
  start?: (offsetMs: number) => void;
  /** When this worker started the run, epoch ms. */
  startedAt: number;
  started: boolean;
  ended: boolean;
  snapshots?: NodeJS.Timeout;
}

/**
 * Runs a worker until `signal` aborts (Ctrl-C / SIGTERM), then unregisters.
 * @throws PerflabError `PERFLAB_ERR_COORDINATOR` when the coordinator cannot be reached at first
 */
export async function runWorker(options: WorkerOptions, signal: AbortSignal): Promise<void> {
  const shown = redactUrl(options.coordinator);
  const id = `${options.name}-${randomBytes(4).toString('hex')}`;
  let outage = false;
  const { client, reader, close } = await connectCoordinator(options.coordinator, (error) => {
    if (outage) return;
    outage = true;
    options.log(`coordinator ${shown}: ${redactText(error.message, options.coordinator)}; reconnecting`);
  });
  const info: WorkerInfo = {
    id,
    name: options.name,
    capacity: options.capacity,
    threads: options.threads,
    version: PERFLAB_VERSION,
    state: 'idle',
  };
  let active: ActiveRun | undefined;
  let lastReply = Date.now();
  let beating = false;

  const publish = async (report: Report) => {
    await withTimeout(
      client.xAdd(resultsStream(report.runId), '*', entryOf(report, options.token)),
      COORDINATOR_LOSS_MS,
      'publishing to the coordinator',
    );
  };
  const publishQuietly = (report: Report) => {
    publish(report).catch(() => undefined); // a lost coordinator is handled by the watchdog
  };

  const ensureGroup = async () => {
    try {
      await client.xGroupCreate(COMMANDS_STREAM, workerGroup(id), '$', { MKSTREAM: true });
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
    }
  };

  const heartbeat = async () => {
    if (beating) return;
    beating = true;
    try {
      info.state = active ? 'busy' : 'idle';
      if (active) info.runId = active.runId;
      else delete info.runId;
      await withTimeout(
        client.set(workerKey(id), JSON.stringify(info), {
          expiration: { type: 'PX', value: HEARTBEAT_TTL_MS },
        }),
        COORDINATOR_LOSS_MS,
        'heartbeat',
      );
      lastReply = Date.now();
      if (outage) {
        outage = false;
        await ensureGroup(); // a restarted Redis may have lost it
        options.log(`coordinator ${shown}: connected again`);
      }
      const run = active;
      if (run?.started && !run.ended && (await client.exists(controllerKey(run.runId))) === 0) {
        await abortRun(run, 'the controller stopped heartbeating');
      }
    } catch {
      // the watchdog acts on lastReply
    } finally {
      beating = false;
    }
  };

  /** Ends the run's load at once (no grace): the coordinator or controller is gone. */
  const abortRun = async (run: ActiveRun, reason: string) => {
    if (run.ended) return;
    run.ended = true;
    clearInterval(run.snapshots);
    await run.threads.terminate();
    options.log(`run ${run.runId}: stopped its load at once: ${reason}`);
    await finishRun(run);
  };

  const finishRun = async (run: ActiveRun) => {
    if (active === run) active = undefined;
    await rm(run.dir, { recursive: true, force: true });
  };

  const refuse = (runId: string, reason: string) => {
    options.log(`run ${runId}: refused: ${reason}`);
    publishQuietly({ type: 'refused', runId, worker: id, reason });
  };

  const prepare = async (command: Extract<Command, { type: 'prepare' }>, body: string, sig: string) => {
    const mine = command.assignments[id];
    if (!mine) return;
    const problem = signatureProblem(body, sig, options.token);
    if (problem) return refuse(command.runId, problem);
    if (active) return refuse(command.runId, `busy with run ${active.runId}`);
    if (command.version !== PERFLAB_VERSION) {
      return refuse(
        command.runId,
        `the controller runs perflab ${command.version} and this worker perflab ${PERFLAB_VERSION}: run the same version on both`,
      );
    }
    if (sha256(command.scenario) !== command.sha256) {
      return refuse(command.runId, 'the scenario does not match its sha256 (altered in transit)');
    }
    const base = options.workDir ?? tmpdir();
    await mkdir(base, { recursive: true });
    const dir = await mkdtemp(join(base, `perflab-run-${command.runId}-`));
    const file = join(dir, basename(command.fileName));
    const run: ActiveRun = {
      runId: command.runId,
      dir,
      started: false,
      startedAt: 0,
      ended: false,
      threads: undefined as unknown as SlotThreads,
    };
    active = run;
    try {
      await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
      await mkdir(join(dir, 'node_modules'));
      await symlink(PACKAGE_ROOT, join(dir, 'node_modules', 'perflab'), 'dir');
      await writeFile(file, command.scenario);
      for (const [key, value] of Object.entries(command.env)) process.env[key] = value;
      const { plan, host, graceMs } = resolveRunConfig(await loadTestPlan(file), {}, command.flags);
      run.threads = new SlotThreads(
        { file, flags: command.flags, host, graceMs, slotCount: command.slotCount },
        plan.thresholds,
        (text) =>
          publishQuietly({ type: 'note', runId: run.runId, worker: id, text: `${options.name}: ${text}` }),
      );
      run.start = await run.threads.add(mine, options.threads);
      options.log(
        `run ${run.runId}: ${basename(command.fileName)} (sha256 ${command.sha256.slice(0, 12)}…), ${mine.length} of ${command.slotCount} slots, ready`,
      );
      await publish({ type: 'ready', runId: run.runId, worker: id });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.log(`run ${run.runId}: failed: ${message}`);
      publishQuietly({ type: 'failed', runId: run.runId, worker: id, message });
      run.ended = true;
      await finishRun(run);
    }
  };

  const start = (run: ActiveRun) => {
    if (run.started || run.ended || !run.start) return;
    run.started = true;
    run.startedAt = Date.now();
    run.start(0);
    options.log(`run ${run.runId}: started`);
    const ship = () =>
      publishQuietly({ type: 'state', runId: run.runId, worker: id, ...run.threads.takeSnapshot() });
    run.snapshots = setInterval(ship, SNAPSHOT_INTERVAL_MS);
    void run.threads.finished().then(async () => {
      if (run.ended) return;
      run.ended = true;
      clearInterval(run.snapshots);
      ship();
      const { requests, failures, forced } = run.threads;
      try {
        await publish({ type: 'done', runId: run.runId, worker: id, forced, requests });
      } catch {
        // the controller learns from the missing heartbeat
      }
      options.log(`run ${run.runId}: done: ${requests} requests, ${failures} failures`);
      await finishRun(run);
    });
  };

  const takeover = async (command: Extract<Command, { type: 'takeover' }>) => {
    const run = active;
    const slots = command.assignments[id];
    if (!run || run.runId !== command.runId || !slots || !run.started || run.ended) return;
    try {
      const go = await run.threads.add(slots, options.threads);
      // Where the run is now (loading the threads took time since the command was sent).
      const offsetMs = Math.max(command.offsetMs, Date.now() - run.startedAt);
      go(offsetMs);
      options.log(
        `run ${run.runId}: took over slots ${slots.join(', ')} from ${(offsetMs / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      publishQuietly({
        type: 'note',
        runId: run.runId,
        worker: id,
        text: `${options.name}: could not take over slots: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  const handle = async (fields: Record<string, string>) => {
    const entry = parseEntry<Command>(fields);
    if (!entry) return;
    const { message: command, body, sig } = entry;
    if (command.type === 'prepare') return prepare(command, body, sig);
    // Other commands only steer a run this worker accepted; they must carry the same signature.
    const run = active;
    if (!run || run.runId !== command.runId || signatureProblem(body, sig, options.token)) return;
    if (command.type === 'start') start(run);
    else if (command.type === 'takeover') await takeover(command);
    else if (command.type === 'stop' && (!command.only || command.only.includes(id))) {
      if (run.started) run.threads.stop();
      else {
        run.ended = true;
        await run.threads?.terminate();
        await finishRun(run);
        options.log(`run ${run.runId}: called off before it started`);
      }
    }
  };

  await ensureGroup();
  await heartbeat();
  options.log(
    `worker ${id} registered at ${shown}: capacity ${options.capacity} VUs, ${options.threads} threads${options.token ? ', token required' : ''}; waiting for runs`,
  );
  const beat = setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS);
  const watchdog = setInterval(() => {
    const run = active;
    if (run?.started && !run.ended && Date.now() - lastReply > COORDINATOR_LOSS_MS) {
      void abortRun(run, `no reply from the coordinator ${shown} for ${COORDINATOR_LOSS_MS / 1000} s`);
    }
  }, 250);

  try {
    await readCommands(reader, id, signal, handle, ensureGroup);
  } finally {
    clearInterval(beat);
    clearInterval(watchdog);
    const run = active;
    if (run && !run.ended) await abortRun(run, 'the worker is shutting down');
    try {
      await withTimeout(
        Promise.all([client.del(workerKey(id)), client.xGroupDestroy(COMMANDS_STREAM, workerGroup(id))]),
        1000,
        'unregistering',
      );
    } catch {
      // the heartbeat key expires by itself
    }
    await close();
    options.log(`worker ${id} stopped`);
  }
}

/** Reads this worker's commands (its consumer group) until `signal` aborts; acknowledges each. */
async function readCommands(
  reader: CoordinatorClient,
  id: string,
  signal: AbortSignal,
  handle: (fields: Record<string, string>) => Promise<void>,
  ensureGroup: () => Promise<void>,
): Promise<void> {
  while (!signal.aborted) {
    let replies;
    try {
      replies = await reader.xReadGroup(
        workerGroup(id),
        id,
        { key: COMMANDS_STREAM, id: '>' },
        { BLOCK: 500, COUNT: 16 },
      );
    } catch (error) {
      if (error instanceof Error && error.message.includes('NOGROUP')) {
        await ensureGroup().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    for (const stream of replies ?? []) {
      for (const entry of stream.messages) {
        await reader.xAck(COMMANDS_STREAM, workerGroup(id), entry.id).catch(() => undefined);
        await handle(entry.message as Record<string, string>);
      }
    }
  }
}
