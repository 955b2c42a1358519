/**
 * perflab against its peers, on this machine, in one go (`npm run bench`):
 * nginx serves a 6-byte body on 127.0.0.1 with one worker pinned to core 0;
 * every load generator runs pinned to core 1 for the same duration with 50
 * connections/users and no think time: wrk, autocannon, Locust FastHttpUser and
 * perflab (--workers 1 and 2). Then perflab's RSS with 1,000 and 10,000 sleepy
 * VUs, and its RSS growth over a long run at full rate. Prints markdown tables
 * for docs/benchmarks.md.
 *
 * Needs Debian's nginx-light, wrk and python3-locust (and taskset from
 * util-linux); installs nothing. Environment: BENCH_SECONDS (default 10),
 * BENCH_LONG_MINUTES (default 10; 0 skips the long run), BENCH_ROUNDS (default 3:
 * each throughput figure is the median of that many interleaved runs).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LONG_MINUTES = Number(process.env.BENCH_LONG_MINUTES ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 18080;
const URL_ = `http://127.0.0.1:${PORT}/`;
const PERFLAB = join(ROOT, 'packages/perflab/bin/perflab.js');
const work = mkdtempSync(join(tmpdir(), 'perflab-bench-'));

interface Row {
  tool: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

function need(command: string, debianPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
  } catch {
    console.error(`bench: needs ${command} — apt-get install -y ${debianPackage}`);
    process.exit(2);
  }
}

function run(command: string, args: string[]): string {
  return execFileSync('taskset', ['-c', '1', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function startNginx(): () => void {
  const conf = join(work, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
worker_rlimit_nofile 40000;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 10000000;
  server { listen 127.0.0.1:${PORT}; location / { return 200 "hello\\n"; } }
}
`,
  );
  const nginx = spawn('nginx', ['-c', conf], { stdio: 'ignore' });
  return () => nginx.kill('SIGQUIT');
}

function wrk(): Row {
  const out = run('wrk', ['-t1', '-c50', `-d${SECONDS}s`, '--latency', URL_]);
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out)!;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  return {
    tool: 'wrk',
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]),
    p50Ms: ms('50%'),
    p99Ms: ms('99%'),
  };
}

function autocannon(): Row {
  const bin = join(ROOT, 'node_modules/autocannon/autocannon.js');
  const out = JSON.parse(run('node', [bin, '-c', '50', '-d', String(SECONDS), '-j', URL_])) as {
    requests: { total: number };
    latency: { p50: number; p99: number };
    duration: number;
  };
  return {
    tool: 'autocannon',
    rps: out.requests.total / out.duration,
    p50Ms: out.latency.p50,
    p99Ms: out.latency.p99,
  };
}

function locust(): Row {
  const prefix = join(work, 'locust');
  run('locust', [
    '-f',
    join(ROOT, 'bench/locustfile.py'),
    '--headless',
    '-u',
    '50',
    '-r',
    '50',
    '-t',
    `${SECONDS}s`,
    '--host',
    URL_.slice(0, -1),
    '--csv',
    prefix,
    '--only-summary',
  ]);
  const lines = readFileSync(`${prefix}_stats.csv`, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const agg = lines.at(-1)!.split(',');
  const col = (name: string) => Number(agg[header.indexOf(name)]);
  return { tool: 'Locust FastHttpUser', rps: col('Requests/s'), p50Ms: col('50%'), p99Ms: col('99%') };
}

/** `perflab run` arguments for a bench scenario against the bench's nginx. */
function perflabArgs(scenario: string, users: number, duration: string, workers: number): string[] {
  const host = URL_.slice(0, -1);
  return [
    'run',
    join(ROOT, 'bench', scenario),
    '--host',
    host,
    '-u',
    String(users),
    '-t',
    duration,
    '--workers',
    String(workers),
  ];
}

function perflab(workers: number): Row {
  const json = join(work, `perflab-${workers}.json`);
  run('node', [PERFLAB, ...perflabArgs('nginx.scenario.ts', 50, `${SECONDS}s`, workers), '--json', json]);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as {
    aggregated: { requests: number; percentiles: Record<string, number> };
    run: { elapsedMs: number };
  };
  return {
    tool: `perflab --workers ${workers}`,
    rps: doc.aggregated.requests / (doc.run.elapsedMs / 1000),
    p50Ms: doc.aggregated.percentiles['50']!,
    p99Ms: doc.aggregated.percentiles['99']!,
  };
}

/** Runs perflab and samples its RSS (MiB) every second: peak, and the value after `warmupS`. */
async function rssOf(
  args: string[],
  warmupS: number,
): Promise<{ peakMiB: number; afterWarmupMiB: number; endMiB: number }> {
  const child: ChildProcess = spawn('taskset', ['-c', '1', 'node', PERFLAB, ...args], { stdio: 'ignore' });
  const pid = child.pid!; // taskset execs node: the same process
  let peak = 0;
  let afterWarmup = 0;
  let last = 0;
  const started = Date.now();
  const exited = once(child, 'exit');
  while (child.exitCode === null) {
    try {
      const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
      last = kib / 1024;
      peak = Math.max(peak, last);
      if (!afterWarmup && Date.now() - started >= warmupS * 1000) afterWarmup = last;
    } catch {
      break;
    }
    await Promise.race([sleep(1000), exited]);
  }
  await exited;
  return { peakMiB: peak, afterWarmupMiB: afterWarmup, endMiB: last };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  need('nginx', 'nginx-light');
  need('wrk', 'wrk');
  need('locust', 'python3-locust');
  need('taskset', 'util-linux');
  if (cpus().length < 2) console.error('bench: fewer than 2 cores; results will be skewed');
  const stopNginx = startNginx();
  try {
    await sleep(500);
    // Every tool runs ROUNDS times, interleaved, and the run with the median
    // requests/s stands for it: this VM's speed drifts by ±15 % over minutes.
    const measures = [wrk, autocannon, locust, () => perflab(1), () => perflab(2)];
    const runs: Row[][] = measures.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      measures.forEach((measure, i) => {
        const row = measure();
        runs[i]!.push(row);
        console.error(`bench: round ${round + 1}: ${row.tool}: ${fmt(row.rps, 0)} req/s`);
      });
    }
    const rows = runs.map((all) => [...all].sort((a, b) => a.rps - b.rps)[Math.floor(all.length / 2)]!);
    const [one, two] = [rows[3]!, rows[4]!];
    console.log(
      `\n### Throughput: ${SECONDS} s each, 50 connections/users, no think time, generator on 1 core, median of ${ROUNDS} interleaved runs\n`,
    );
    console.log('| tool | requests/s | p50 ms | p99 ms | perflab --workers 1 ÷ tool |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.tool} | ${fmt(r.rps, 0)} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p99Ms, 2)} | ${fmt(one.rps / r.rps, 2)}× |`,
      );
    }
    console.log(
      `\n--workers 2 vs --workers 1 on one core: ${fmt((100 * (two.rps - one.rps)) / one.rps)} % requests/s`,
    );

    console.log('\n### Memory\n');
    console.log('| run | peak RSS MiB | requests/s | failures |');
    console.log('|---|---:|---:|---:|');
    for (const users of [1, 1000, 10_000]) {
      const json = join(work, `sleepy-${users}.json`);
      const { peakMiB } = await rssOf(
        [...perflabArgs('sleepy.scenario.ts', users, '20s', 1), '--json', json],
        0,
      );
      const doc = JSON.parse(readFileSync(json, 'utf8')) as {
        aggregated: { requests: number; failures: number };
        run: { elapsedMs: number };
      };
      const rps = doc.aggregated.requests / (doc.run.elapsedMs / 1000);
      console.log(
        `| ${users} VUs, 1 s think time, 20 s | ${fmt(peakMiB)} | ${fmt(rps, 0)} | ${doc.aggregated.failures} |`,
      );
    }
    if (LONG_MINUTES > 0) {
      const { afterWarmupMiB, endMiB } = await rssOf(
        perflabArgs('nginx.scenario.ts', 50, `${LONG_MINUTES}m`, 1),
        60,
      );
      console.log(
        `| 50 users at full rate for ${LONG_MINUTES} min: RSS after 1 min → end | ${fmt(afterWarmupMiB)} → ${fmt(endMiB)} (growth ${fmt(endMiB - afterWarmupMiB)}) |`,
      );
    }
  } finally {
    stopNginx();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
