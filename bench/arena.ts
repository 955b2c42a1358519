/**
 * The arena under competition load (`npx tsx bench/arena.ts`): one competition,
 * 500 participants in 100 teams, driven by perflab (examples/arena.scenario.ts)
 * for 2 minutes against ONE arena process. Every participant holds the event
 * stream open the whole time. Targets (issue 9): p95 of buy and of submit
 * ≤ 100 ms, 0 unexpected errors (expected refusals — already bought, no
 * attempts left — are validated as successes), and every scoreboard push within
 * 1 s of the newest ledger row it shows. Prints a markdown section for
 * docs/benchmarks.md; exits 1 when a target is missed.
 *
 * Environment: ARENA_BENCH_USERS (500), ARENA_BENCH_TEAMS (100),
 * ARENA_BENCH_DURATION (2m), ARENA_BENCH_DB (`postgres`: a PostgreSQL server
 * started for the run, the default; `pglite`: embedded), ARENA_WAIT_MIN_MS /
 * ARENA_WAIT_MAX_MS (think time, default 2000..6000), ARENA_BENCH_WORKERS
 * (perflab worker threads, default 1). Needs the Debian packages postgresql
 * (for `postgres`). Everything it starts, it stops; load goes to 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedArena } from '../examples/arena.scenario.ts';
import { exited, tail, terminate } from '../packages/perflab/test/support/child.ts';
import {
  startPostgresServer,
  type PostgresServer,
} from '../packages/perflab/test/support/postgres-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USERS = Number(process.env.ARENA_BENCH_USERS ?? 500);
const TEAMS = Number(process.env.ARENA_BENCH_TEAMS ?? 100);
const DURATION = process.env.ARENA_BENCH_DURATION ?? '2m';
const DB = process.env.ARENA_BENCH_DB ?? 'postgres';
const WAIT_MIN_MS = process.env.ARENA_WAIT_MIN_MS ?? '2000';
const WAIT_MAX_MS = process.env.ARENA_WAIT_MAX_MS ?? '6000';
const WORKERS = process.env.ARENA_BENCH_WORKERS ?? '1';
const ADMIN = { login: 'bench-admin', password: 'bench-admin-password' };
const BUY = '/api/competitions/[id]/cards/[id]/buy';
const SUBMIT = '/api/competitions/[id]/cards/[id]/submissions';

interface Results {
  stats: Array<{
    method: string;
    name: string;
    requests: number;
    failures: number;
    rps: number;
    medianMs: number;
    percentiles: Record<string, number>;
  }>;
  aggregated: { requests: number; failures: number; rps: number };
  checks: Array<{ name: string; passes: number; fails: number }>;
  failures: Array<{ method: string; name: string; error: string; occurrences: number }>;
  resources?: unknown;
}

/** Start the arena's main.ts; resolve to its URL once it printed its ready line. */
async function startArena(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PGLITE_DIR', 'LOG_LEVEL']) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/arena/src/main.ts')], {
    env: {
      ...base,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_LOGIN: ADMIN.login,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = tail(child.stderr);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`arena not ready in 60 s: ${stderr()}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`arena exited (${code}): ${stderr()}`));
    });
  });
  return { child, url, stderr };
}

function runPerflab(env: Record<string, string>, json: string, arenaPid: number): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/perflab/bin/perflab.js'),
      'run',
      join(ROOT, 'examples/arena.scenario.ts'),
      '--users',
      String(USERS),
      '--spawn-rate',
      String(Math.max(10, Math.ceil(USERS / 20))),
      '--duration',
      DURATION,
      '--workers',
      WORKERS,
      '--json',
      json,
      '--watch',
      `pid:${arenaPid}`,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * From the arena's own Prometheus histogram: the share of `route`'s requests the
 * server answered within `le` seconds (all statuses), and the count.
 */
function serverShare(metrics: string, route: string, le: string): { share: number; count: number } {
  let within = 0;
  let count = 0;
  const pattern = /^arena_http_request_duration_seconds_(bucket|count)\{([^}]*)\} (\d+)/gm;
  for (const match of metrics.matchAll(pattern)) {
    const labels = match[2] ?? '';
    if (!labels.includes(`route="${route}"`)) continue;
    if (match[1] === 'count') count += Number(match[3]);
    else if (labels.includes(`le="${le}"`)) within += Number(match[3]);
  }
  return { share: count === 0 ? 0 : within / count, count };
}

const ms = (value: number | undefined) =>
  value === undefined ? '–' : value < 10 ? value.toFixed(1) : value.toFixed(0);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'arena-bench-'));
  let postgres: PostgresServer | undefined;
  let arena: Awaited<ReturnType<typeof startArena>> | undefined;
  try {
    // Every participant logs in from 127.0.0.1, like a school behind one NAT: raise the per-IP login limit.
    const env: Record<string, string> = { LOGIN_IP_LIMIT_PER_MIN: String(USERS * 2) };
    if (DB === 'postgres') {
      postgres = await startPostgresServer({ database: 'arena', settings: ['max_connections=100'] });
      env.DATABASE_URL = postgres.url;
    } else if (DB !== 'pglite') {
      throw new Error(`ARENA_BENCH_DB must be postgres or pglite, got ${JSON.stringify(DB)}`);
    }
    arena = await startArena(env);
    console.error(
      `bench: arena at ${arena.url} (database: ${DB}); seeding ${USERS} participants in ${TEAMS} teams…`,
    );
    const seeded = await seedArena(arena.url, ADMIN, USERS, TEAMS);
    const json = join(work, 'results.json');
    const exitCode = await runPerflab(
      {
        ARENA_URL: arena.url,
        ARENA_PREFIX: seeded.prefix,
        ARENA_PARTICIPANTS: String(USERS),
        ARENA_WAIT_MIN_MS: WAIT_MIN_MS,
        ARENA_WAIT_MAX_MS: WAIT_MAX_MS,
      },
      json,
      arena.child.pid ?? 0,
    );
    const results = JSON.parse(readFileSync(json, 'utf8')) as Results;
    const metrics = await (
      await fetch(`${arena.url}/metrics`, { signal: AbortSignal.timeout(10_000) })
    ).text();
    const serverBuy = serverShare(metrics, '/api/competitions/:competitionId/cards/:cardId/buy', '0.1');
    const serverSubmit = serverShare(
      metrics,
      '/api/competitions/:competitionId/cards/:cardId/submissions',
      '0.1',
    );
    const row = (name: string) => results.stats.find((s) => s.name === name);
    const push = results.checks.find((c) => c.name === 'scoreboard pushed within 1 s');
    const buy = row(BUY);
    const submit = row(SUBMIT);
    const okBuy = (buy?.percentiles['95'] ?? Infinity) <= 100;
    const okSubmit = (submit?.percentiles['95'] ?? Infinity) <= 100;
    const okErrors = results.aggregated.failures === 0;
    const okPush = push !== undefined && push.passes > 0 && push.fails === 0;

    const lines = [
      `### Arena: ${USERS} participants in ${TEAMS} teams, ${DURATION}, one process (${DB})`,
      '',
      `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ` +
        `perflab and the arena on the same machine, ${WORKERS} perflab worker thread(s), think time ${WAIT_MIN_MS}–${WAIT_MAX_MS} ms, ` +
        `every participant holding the event stream open. \`npx tsx bench/arena.ts\` (perflab exit code ${exitCode}).`,
      '',
      '| request | requests | req/s | median ms | p95 ms | p99 ms | failures |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.stats
        .filter((s) => s.name !== 'Aggregated')
        .map(
          (s) =>
            `| ${s.method} ${s.name} | ${s.requests} | ${s.rps.toFixed(1)} | ${ms(s.medianMs)} | ${ms(s.percentiles['95'])} | ${ms(s.percentiles['99'])} | ${s.failures} |`,
        ),
      `| all | ${results.aggregated.requests} | ${results.aggregated.rps.toFixed(1)} | | | | ${results.aggregated.failures} |`,
      '',
      `- p95 buy ${ms(buy?.percentiles['95'])} ms ${okBuy ? '≤' : '>'} 100 ms; p95 submit ${ms(submit?.percentiles['95'])} ms ${okSubmit ? '≤' : '>'} 100 ms`,
      `- server side (the arena's own histogram, excluding the load generator's queueing): ` +
        `${(serverBuy.share * 100).toFixed(1)}% of ${serverBuy.count} buys and ${(serverSubmit.share * 100).toFixed(1)}% of ` +
        `${serverSubmit.count} submits answered within 100 ms`,
      `- unexpected errors: ${results.aggregated.failures}${results.failures.length ? ` (${results.failures.map((f) => `${f.name} ${f.error} ×${f.occurrences}`).join('; ')})` : ''}`,
      `- scoreboard pushes checked: ${push ? push.passes + push.fails : 0}, later than 1 s: ${push?.fails ?? 'n/a'}`,
    ];
    console.log(lines.join('\n'));
    if (!(okBuy && okSubmit && okErrors && okPush)) process.exitCode = 1;
  } finally {
    if (arena) {
      await terminate(arena.child, 'SIGTERM');
      await exited(arena.child);
    }
    await postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
