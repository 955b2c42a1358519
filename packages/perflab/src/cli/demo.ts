import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PerflabError } from '../errors.ts';
import { loadTestPlan } from '../scenario/load.ts';
import type { CliIo } from './io.ts';
import { freePort } from './free-port.ts';
import { exitCodeOf, runScenarioWithOutputs } from './run.ts';

/** Flags of `perflab demo`. */
export interface DemoFlags {
  users?: string;
  spawnRate?: string;
  duration?: string;
  out?: string;
  workers?: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLINIC_MAIN = join(REPO_ROOT, 'apps/clinic/src/main.ts');
const CLINIC_SCENARIO = join(REPO_ROOT, 'examples/clinic.scenario.ts');

/**
 * `perflab demo`: starts the clinic service on its embedded store (PGlite) on a
 * free loopback port, runs examples/clinic.scenario.ts against it (50 users at
 * 5/s for 30 s unless flags say otherwise), writes CSV and JSON into
 * `./perflab-results/` and stops the service.
 * @returns exit code: 0 done, 130 interrupted
 * @throws PerflabError `PERFLAB_ERR_DEMO_SERVICE` when the service does not come up
 */
export async function demoCommand(flags: DemoFlags, io: CliIo): Promise<number> {
  const plan = await loadTestPlan(CLINIC_SCENARIO);
  const out = flags.out ?? 'perflab-results';
  const port = await freePort();
  io.write(`perflab demo: starting the clinic service (embedded PGlite store) on http://127.0.0.1:${port}\n`);
  const service = startClinic(port);
  try {
    await waitUntilHealthy(service, `http://127.0.0.1:${port}/health`, 60_000);
    const result = await runScenarioWithOutputs(
      plan,
      { shown: 'examples/clinic.scenario.ts', path: CLINIC_SCENARIO },
      {
        host: `http://127.0.0.1:${port}`,
        users: flags.users,
        spawnRate: flags.spawnRate,
        duration: flags.duration,
        workers: flags.workers,
        csv: join(out, 'clinic'),
        json: join(out, 'clinic.json'),
      },
      io,
    );
    io.write(
      `results: ${join(out, 'clinic_stats.csv')} (+ _stats_history, _failures, _exceptions), ${join(out, 'clinic.json')}\n`,
    );
    return exitCodeOf(result);
  } finally {
    await stop(service.child);
  }
}

interface Service {
  child: ChildProcess;
  stderr: string[];
}

function startClinic(port: number): Service {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLINIC_MAIN], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return { child, stderr };
}

async function waitUntilHealthy(service: Service, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new PerflabError(
        'PERFLAB_ERR_DEMO_SERVICE',
        `the clinic service exited (${service.child.exitCode ?? service.child.signalCode}): ${service.stderr.join('').trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new PerflabError(
    'PERFLAB_ERR_DEMO_SERVICE',
    `the clinic service did not answer ${url} within ${timeoutMs / 1000} s`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
