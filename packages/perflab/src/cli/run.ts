import { ExitCode, PerflabError } from '../errors.ts';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ResourceMonitor } from '../capacity/samplers/monitor.ts';
import { renderResourceSummary } from '../capacity/samplers/text.ts';
import { runLoadTest } from '../load/run.ts';
import { workerDriver } from '../load/workers/worker-driver.ts';
import { thresholdGate } from '../thresholds/gate.ts';
import { ConsoleReporter } from '../output/console.ts';
import { CsvReporter } from '../output/csv.ts';
import { HtmlReporter } from '../output/html.ts';
import { JsonReporter } from '../output/json.ts';
import type { Reporter, RunResult } from '../output/reporter.ts';
import { loadTestPlan } from '../scenario/load.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { type RunFlags, resolveRunConfig } from './run-config.ts';
import type { CliIo } from './io.ts';
import type { DistributedRunFlags } from '../distributed/run-flags.ts';

/** Flags of `perflab run`. */
export interface RunCommandFlags extends RunFlags, DistributedRunFlags {
  csv?: string;
  json?: string;
  /** The static HTML report's path. */
  html?: string;
  /** Worker threads generating the load; default: the number of cores. */
  workers?: string;
  /** `KEY=VALUE` pairs set in the environment before the scenario file loads. */
  env?: string[];
  /** Serve the live UI instead of running at once (see cli/live.ts). */
  ui?: boolean;
  uiPort?: string;
  uiHost?: string;
  /** `--watch` process specs sampled during the run: `pid:N`, `port:N`, `cmd:PATTERN`. */
  watch?: string[];
  /** `--redis` URLs sampled during the run. */
  redis?: string[];
  /** `--postgres` URLs sampled during the run. */
  postgres?: string[];
}

/**
 * `perflab run <scenario>`: loads and validates the scenario, layers the run
 * settings, runs it with console (+ CSV/JSON) output.
 * @returns exit code: 0 done, 99 a threshold failed, 130 interrupted
 * @throws PerflabError for a bad scenario, flag or output path (exit 2) before any load is sent
 */
export async function runCommand(file: string, flags: RunCommandFlags, io: CliIo): Promise<number> {
  applyEnv(flags.env ?? [], io.env);
  const plan = await loadTestPlan(file);
  if (flags.ui) {
    if (flags.coordinator !== undefined) {
      throw new PerflabError('PERFLAB_ERR_USAGE', '--coordinator does not apply to --ui runs');
    }
    if (resourceMonitorFor(flags)) {
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        '--watch, --redis and --postgres do not apply to --ui runs',
      );
    }
    const { liveCommand } = await import('./live.ts');
    return liveCommand(plan, file, flags, io);
  }
  return exitCodeOf(await runScenarioWithOutputs(plan, { shown: file, path: resolve(file) }, flags, io));
}

/**
 * Worker threads for a run: `--workers`, else `PERFLAB_WORKERS`, else the number of cores.
 * @throws PerflabError `PERFLAB_ERR_USAGE` when the value is not a positive integer
 */
export function workerCount(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const value = flag ?? env.PERFLAB_WORKERS;
  if (value === undefined || value === '') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    const where = flag !== undefined ? '--workers' : 'PERFLAB_WORKERS';
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${where}: ${JSON.stringify(value)} is not a positive integer`,
    );
  }
  return n;
}

/**
 * Sets `--env KEY=VALUE` pairs in `env` (the scenario reads them as `process.env.KEY`).
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming a pair that is not `KEY=VALUE`
 */
export function applyEnv(pairs: string[], env: NodeJS.ProcessEnv): void {
  const bad = pairs.filter((pair) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair));
  if (bad.length > 0) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--env: ${bad.map((b) => JSON.stringify(b)).join(', ')} not KEY=VALUE`,
    );
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
}

/**
 * The resource monitor for `--watch`, `--redis` and `--postgres` (each one value or a list); undefined when none is given.
 * @throws PerflabError `PERFLAB_ERR_WATCH_SPEC` / `PERFLAB_ERR_WATCH_SOURCE` for a malformed spec or URL
 */
export function resourceMonitorFor(flags: {
  watch?: string | string[];
  redis?: string | string[];
  postgres?: string | string[];
}): ResourceMonitor | undefined {
  const list = (value: string | string[] | undefined) => (typeof value === 'string' ? [value] : value);
  const monitor = new ResourceMonitor({
    watch: list(flags.watch),
    redis: list(flags.redis),
    postgres: list(flags.postgres),
  });
  return monitor.empty ? undefined : monitor;
}

/** 99 when a threshold failed (k6), else 130 after Ctrl-C, else 0. */
export function exitCodeOf(result: RunResult): number {
  if (result.thresholds.some((t) => !t.ok)) return ExitCode.thresholdsFailed;
  return result.interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** Shared by `run`, `demo` and `plan`: resolve config, attach reporters (plus `extraReporters`), run until done or Ctrl-C. */
export async function runScenarioWithOutputs(
  plan: TestPlan,
  file: { shown: string; path: string },
  flags: RunCommandFlags,
  io: CliIo,
  extraReporters: Reporter[] = [],
): Promise<RunResult> {
  const config = resolveRunConfig(plan, io.env, flags);
  const workers = workerCount(flags.workers, io.env);
  const resources = resourceMonitorFor(flags);
  const runFlags = {
    host: flags.host,
    users: flags.users,
    spawnRate: flags.spawnRate,
    duration: flags.duration,
    grace: flags.grace,
  };
  const reporters: Reporter[] = [new ConsoleReporter({ write: io.write, isTTY: io.isTTY })];
  if (flags.csv) reporters.push(new CsvReporter(flags.csv));
  if (flags.json) reporters.push(new JsonReporter(flags.json));
  if (flags.html) reporters.push(new HtmlReporter(flags.html));
  reporters.push(...extraReporters);
  const interrupt = io.onInterrupt();
  try {
    const distributed = await distributedDriverFor(file.path, flags, config, io, interrupt.signal);
    const result = await runLoadTest({
      plan: config.plan,
      scenarioFile: file.shown,
      host: config.host,
      graceMs: config.graceMs,
      reporters,
      signal: interrupt.signal,
      thresholds: config.plan.thresholds.length > 0 ? thresholdGate(config.plan.thresholds) : undefined,
      driver:
        distributed ??
        (workers > 1
          ? workerDriver({
              file: file.path,
              flags: runFlags,
              host: config.host,
              graceMs: config.graceMs,
              workers,
            })
          : undefined),
      resources,
    });
    if (result.resources) io.write(`\n${renderResourceSummary(result.resources)}`);
    if (distributed?.failure) throw new PerflabError('PERFLAB_ERR_WORKER_LOST', distributed.failure);
    return result;
  } finally {
    interrupt.dispose();
  }
}

/** The distributed driver when `--coordinator` is given (run settings resolved here, shipped to workers). */
async function distributedDriverFor(
  path: string,
  flags: RunCommandFlags,
  config: { host: string; graceMs: number },
  io: CliIo,
  signal: AbortSignal,
) {
  const { coordinator, expectWorkers, workerTimeout, onWorkerLoss } = flags;
  if ([coordinator, expectWorkers, workerTimeout, onWorkerLoss].every((flag) => flag === undefined))
    return undefined;
  const { checkDistributedFlags, controllerFromFlags } = await import('../distributed/run-flags.ts');
  checkDistributedFlags(flags);
  const pick = (flag: string | undefined, variable: string) => flag ?? (io.env[variable] || undefined);
  return controllerFromFlags(
    path,
    flags,
    {
      ...config,
      users: pick(flags.users, 'PERFLAB_USERS'),
      spawnRate: pick(flags.spawnRate, 'PERFLAB_SPAWN_RATE'),
      duration: pick(flags.duration, 'PERFLAB_DURATION'),
    },
    io.env,
    signal,
    (line) => io.write(`${line}\n`),
  );
}
