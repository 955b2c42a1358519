import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Budget, parseBudget, parseSlo, type Slo } from '../capacity/capacity.ts';
import { planMarkdown } from '../capacity/plan-markdown.ts';
import { hasThinkTime, reportStamp, runPlan } from '../capacity/plan.ts';
import { ResourceMonitor } from '../capacity/samplers/monitor.ts';
import { parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';
import { writeFileAtomic } from '../output/atomic-write.ts';
import { writeDashboardHtml } from '../report/html.ts';
import { loadTestPlan } from '../scenario/load.ts';
import type { CliIo } from './io.ts';
import { applyEnv, runScenarioWithOutputs } from './run.ts';

/** Flags of `perflab plan`. */
export interface PlanFlags {
  steps: string;
  stepDuration: string;
  warmup?: string;
  budget?: string;
  slo?: string;
  watch?: string[];
  redis?: string;
  postgres?: string;
  host?: string;
  spawnRate?: string;
  workers?: string;
  out?: string;
  env?: string[];
  /** USL concurrency: `users`, `little` (X·R) or `auto` (little when the scenario has think time). */
  concurrency?: string;
}

/**
 * `perflab plan SCENARIO --steps 5,10,20,50,100 --step-duration 60s …`: the
 * stepped run, fits and capacity (src/capacity/plan.ts), written as
 * `perflab-plan-YYYYMMDD-HHMMSS.{md,html,json}` in `--out` (default: the current folder).
 * @returns 0 when the plan was written (130 when interrupted; what ran is still reported)
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag whose value is invalid (before any load)
 */
export async function planCommand(file: string, flags: PlanFlags, io: CliIo): Promise<number> {
  applyEnv(flags.env ?? [], io.env);
  const steps = parseSteps(flags.steps);
  const stepDurationMs = parseDuration(flags.stepDuration, '--step-duration');
  const warmupMs = parseDuration(flags.warmup ?? '10s', '--warmup');
  if (stepDurationMs < 1000) throw new PerflabError('PERFLAB_ERR_USAGE', '--step-duration: at least 1s');
  const budget = usage(() => (flags.budget ? parseBudget(flags.budget) : ({} as Budget)));
  const slo = usage((): Slo | undefined => (flags.slo ? parseSlo(flags.slo) : undefined));
  const plan = await loadTestPlan(file);
  const scenario = plan.scenarios.length === 1 ? plan.scenarios[0]! : undefined;
  if (scenario?.executor.type !== 'ramping-users' || !scenario.executor.constant) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${file}: perflab plan steps the users of a single closed-model scenario (users, spawnRate, duration)`,
    );
  }
  const thinkTime = hasThinkTime(scenario);
  const basis = flags.concurrency ?? 'auto';
  if (basis !== 'auto' && basis !== 'users' && basis !== 'little') {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--concurrency: ${JSON.stringify(basis)} is not auto, users or little`,
    );
  }
  const concurrency = basis === 'auto' ? (thinkTime ? 'little' : 'users') : basis;
  const watched = flags.watch ?? [];
  const monitor = new ResourceMonitor({
    watch: watched,
    redis: flags.redis ? [flags.redis] : [],
    postgres: flags.postgres ? [flags.postgres] : [],
  });
  const outDir = resolve(flags.out ?? '.');
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_OUTPUT',
      `--out: cannot create ${outDir}: ${(error as Error).message}`,
    );
  }
  if (!monitor.empty) await monitor.start();
  monitor.onNote((note) => io.writeError(`note: ${note}\n`));
  if (steps.length < 6) {
    io.writeError(
      `note: ${steps.length} steps: the USL fit needs at least 6 (capacity then rests on memory, CPU and the SLO)\n`,
    );
  }
  const quiet: CliIo = { ...io, write: () => {} };
  let interrupted = false;
  let host = flags.host ?? '';
  let report: Awaited<ReturnType<typeof runPlan>>;
  try {
    report = await runPlan({
      steps,
      stepDurationMs,
      warmupMs,
      budget,
      slo,
      scenarioFile: file,
      host: flags.host ?? plan.host ?? '',
      watched,
      concurrency,
      runStep: async (users, durationMs, reporters) => {
        const result = await runScenarioWithOutputs(
          plan,
          { shown: file, path: resolve(file) },
          {
            host: flags.host,
            users: String(users),
            spawnRate: flags.spawnRate ?? String(Math.max(1, users)),
            duration: `${durationMs}ms`,
            workers: flags.workers,
          },
          quiet,
          reporters,
        );
        host = result.info.host;
        interrupted ||= result.interrupted;
        return result;
      },
      resources: () => (monitor.empty ? null : monitor.report()),
      log: (line) => io.write(`${line}\n`),
      interrupted: () => interrupted,
    });
  } finally {
    // Always: the Redis/PostgreSQL samplers hold connections.
    if (!monitor.empty) await monitor.stop();
  }
  report.host = host;
  const stamp = reportStamp(report.startedAt);
  const base = join(outDir, `perflab-plan-${stamp}`);
  await writeFileAtomic(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(`${base}.md`, planMarkdown(report));
  await writeDashboardHtml(`${base}.html`, { kind: 'plan', plan: report });
  const { capacity } = report;
  io.write(
    capacity.maxUsers === null
      ? 'capacity: no constraint could be estimated\n'
      : `capacity: ${capacity.maxUsers} users (bound by ${capacity.binding}); headroom at ${capacity.currentUsers} users: ${capacity.headroomPercent?.toFixed(0)} %\n`,
  );
  io.write(`wrote ${base}.md, ${base}.html and ${base}.json\n`);
  return interrupted ? 130 : 0;
}

/** `5,10,20` → [5, 10, 20]. @throws PerflabError naming `--steps` unless strictly ascending positive integers (≥ 2) */
export function parseSteps(text: string): number[] {
  const steps = text.split(',').map((s) => Number(s.trim()));
  const ascending = steps.every((n, i) => Number.isInteger(n) && n > 0 && (i === 0 || n > steps[i - 1]!));
  if (steps.length < 2 || !ascending) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--steps: ${JSON.stringify(text)} is not a list of at least 2 ascending user counts, e.g. 5,10,20,50,100`,
    );
  }
  return steps;
}

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError) throw new PerflabError('PERFLAB_ERR_USAGE', error.message);
    throw error;
  }
}
