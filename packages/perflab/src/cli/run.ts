import { runLoadTest } from '../load/run.ts';
import { ConsoleReporter } from '../output/console.ts';
import { CsvReporter } from '../output/csv.ts';
import { JsonReporter } from '../output/json.ts';
import type { Reporter, RunResult } from '../output/reporter.ts';
import { loadTestPlan } from '../scenario/load.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { type RunFlags, resolveRunConfig } from './run-config.ts';
import type { CliIo } from './io.ts';

/** Flags of `perflab run`. */
export interface RunCommandFlags extends RunFlags {
  csv?: string;
  json?: string;
}

/**
 * `perflab run <scenario>`: loads and validates the scenario, layers the run
 * settings, runs it with console (+ CSV/JSON) output.
 * @returns exit code: 0 done, 130 interrupted
 * @throws PerflabError for a bad scenario, flag or output path (exit 2) before any load is sent
 */
export async function runCommand(file: string, flags: RunCommandFlags, io: CliIo): Promise<number> {
  const plan = await loadTestPlan(file);
  const result = await runScenarioWithOutputs(plan, file, flags, io);
  return result.interrupted ? 130 : 0;
}

/** Shared by `run` and `demo`: resolve config, attach reporters, run until done or Ctrl-C. */
export async function runScenarioWithOutputs(
  plan: TestPlan,
  file: string,
  flags: RunCommandFlags,
  io: CliIo,
): Promise<RunResult> {
  const config = resolveRunConfig(plan, io.env, flags);
  const reporters: Reporter[] = [new ConsoleReporter({ write: io.write, isTTY: io.isTTY })];
  if (flags.csv) reporters.push(new CsvReporter(flags.csv));
  if (flags.json) reporters.push(new JsonReporter(flags.json));
  const interrupt = io.onInterrupt();
  try {
    return await runLoadTest({
      plan: config.plan,
      scenarioFile: file,
      host: config.host,
      graceMs: config.graceMs,
      reporters,
      signal: interrupt.signal,
    });
  } finally {
    interrupt.dispose();
  }
}
