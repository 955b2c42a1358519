/**
 * The simulator against SimPy (`npm run bench:sim`): the same M/M/1 model
 * (λ = 0.8, μ = 1, FIFO, one server, infinite queue; mean sojourn 1/(μ−λ) = 5 s)
 * run by SimPy 3 (Debian python3-simpy3, generator processes and its Resource)
 * and by perflab's engine (Calendar, Resource, named random streams, sojourns
 * recorded in an HdrHistogram), one after the other in one invocation, pinned to
 * core 1. Prints customers/s for each and the ratio.
 *
 * Then examples/webservice.sim.yaml (the original architecture: balancer, auth,
 * two services, two database clusters, cache, broker; 400 requests/s, 20
 * replications × 10 min) through `simulateModel`: simulated requests per second
 * of wall time, on one thread pinned to core 1 and on a thread per core.
 *
 * Needs Debian's python3-simpy3 (it says so and stops if missing; it installs
 * nothing). Environment: SIM_CUSTOMERS (default 1,000,000 for perflab),
 * SIMPY_CUSTOMERS (default 200,000: SimPy is slower; rates are per second),
 * WEB_REPLICATIONS (default: the model's 20).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Calendar } from '../packages/perflab/src/sim/calendar.ts';
import { exponential } from '../packages/perflab/src/sim/distributions.ts';
import { createStream } from '../packages/perflab/src/sim/random.ts';
import { Resource } from '../packages/perflab/src/sim/resource.ts';
import { loadSimModel } from '../packages/perflab/src/sim/model/load.ts';
import { simulateModel } from '../packages/perflab/src/sim/model/simulate.ts';

const PERFLAB_CUSTOMERS = Number(process.env.SIM_CUSTOMERS ?? 1_000_000);
const SIMPY_CUSTOMERS = Number(process.env.SIMPY_CUSTOMERS ?? 200_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Debian's Python, where python3-simpy3 installs (a pyenv `python3` earlier on PATH would not see it). */
const PYTHON = '/usr/bin/python3';

interface Measured {
  customers: number;
  seconds: number;
  customersPerSecond: number;
  meanSojourn: number;
}

function simpy(): Measured {
  try {
    execFileSync(PYTHON, ['-c', 'import simpy'], { stdio: 'ignore' });
  } catch {
    console.error('bench:sim needs SimPy 3 — apt-get install -y python3-simpy3');
    process.exit(2);
  }
  const out = execFileSync(
    'taskset',
    ['-c', '1', PYTHON, `${ROOT}bench/mm1_simpy.py`, String(SIMPY_CUSTOMERS)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Measured;
}

/** perflab's M/M/1 on the engine's own Resource (the path every model takes). */
function perflab(): Measured {
  const calendar = new Calendar();
  const arrivals = createStream(42, 'arrivals');
  const service = createStream(42, 'service');
  const interArrival = exponential({ rate: 0.8 });
  const serviceTime = exponential({ rate: 1 });
  const server = new Resource(calendar, { name: 'server' });
  let arrived = 0;
  const arrive = (): void => {
    if (++arrived < PERFLAB_CUSTOMERS) calendar.schedule(interArrival.sample(arrivals), arrive);
    server.serve(() => serviceTime.sample(service));
  };
  const start = performance.now();
  calendar.schedule(0, arrive);
  calendar.run();
  const seconds = (performance.now() - start) / 1000;
  const stats = server.stats();
  return {
    customers: stats.completed,
    seconds,
    customersPerSecond: stats.completed / seconds,
    meanSojourn: stats.meanSojournSeconds,
  };
}

interface WebMeasured {
  threads: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  meanLatencyMs: number;
}

/** examples/webservice.sim.yaml with `threads` worker threads; wall time from the loaded model to the results. */
async function webservice(threads: number): Promise<WebMeasured> {
  const model = await loadSimModel(`${ROOT}examples/webservice.sim.yaml`);
  const replications = Number(process.env.WEB_REPLICATIONS ?? model.replications);
  const start = performance.now();
  const results = await simulateModel(model, { threads, replications });
  const seconds = (performance.now() - start) / 1000;
  const requests = results.simulation.simulatedRequests;
  return {
    threads,
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    meanLatencyMs: results.simulation.intervals.find((i) => i.metric === 'mean latency ms')!.mean,
  };
}

const mode = process.argv[2];
if (mode === '--perflab') {
  console.log(JSON.stringify(perflab()));
} else if (mode === '--webservice') {
  console.log(JSON.stringify(await webservice(Number(process.argv[3]))));
} else {
  const theirs = simpy();
  const ours = JSON.parse(
    execFileSync(
      'taskset',
      ['-c', '1', process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--perflab'],
      {
        encoding: 'utf8',
      },
    ),
  ) as Measured;
  console.log('\n### M/M/1 (λ = 0.8, μ = 1): customers simulated per second, one core\n');
  console.log('| engine | customers | seconds | customers/s | mean sojourn s (theory 5) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, m] of [
    ['SimPy 3 (python3-simpy3)', theirs],
    ['perflab sim engine', ours],
  ] as const) {
    console.log(
      `| ${name} | ${m.customers.toLocaleString('en')} | ${m.seconds.toFixed(2)} | ${Math.round(m.customersPerSecond).toLocaleString('en')} | ${m.meanSojourn.toFixed(3)} |`,
    );
  }
  console.log(`\nperflab ÷ SimPy: ${(ours.customersPerSecond / theirs.customersPerSecond).toFixed(1)}×`);

  const self = fileURLToPath(import.meta.url);
  const web = (threads: number, pin: boolean) =>
    JSON.parse(
      execFileSync(
        pin ? 'taskset' : process.execPath,
        [
          ...(pin ? ['-c', '1', process.execPath] : []),
          '--import',
          'tsx',
          self,
          '--webservice',
          String(threads),
        ],
        { encoding: 'utf8' },
      ),
    ) as WebMeasured;
  const cores = availableParallelism();
  const runs = [web(1, true), ...(cores > 1 ? [web(cores, false)] : [])];
  console.log('\n### examples/webservice.sim.yaml: simulated requests per second of wall time\n');
  console.log('| threads | requests simulated | seconds | requests/s | mean latency ms |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const m of runs) {
    console.log(
      `| ${m.threads}${m.threads === 1 ? ' (core 1)' : ''} | ${m.requests.toLocaleString('en')} | ${m.seconds.toFixed(2)} | ${Math.round(m.requestsPerSecond).toLocaleString('en')} | ${m.meanLatencyMs.toFixed(3)} |`,
    );
  }
}
