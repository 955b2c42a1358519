/**
 * Which process style should the simulator's engine use? Measures M/M/1
 * customers per second (λ = 0.8, μ = 1, FIFO, one server, infinite queue) on
 * the same Calendar and random streams, written three ways:
 *
 * - callbacks: arrival and departure are calendar events calling plain functions;
 * - generators: each customer is a `function*` yielding hold times / requests,
 *   driven by a small scheduler (SimPy's style);
 * - async: each customer is an `async` function awaiting promises that calendar
 *   events resolve (one microtask hop per event).
 *
 * Then the engine's own Resource (callbacks plus statistics and histograms).
 * Every style computes the same mean sojourn (checked against 1/(μ−λ) = 5 s).
 * Usage: `npx tsx bench/sim-styles.ts [customers=1000000] [rounds=3]`; prints
 * the median customers/s per style.
 */
import { Calendar } from '../packages/perflab/src/sim/calendar.ts';
import { createStream } from '../packages/perflab/src/sim/random.ts';
import { Resource } from '../packages/perflab/src/sim/resource.ts';

const CUSTOMERS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const LAMBDA = 0.8;
const MU = 1;

interface Result {
  meanSojourn: number;
  seconds: number;
}

function callbacks(): Result {
  const cal = new Calendar();
  const arrivals = createStream(42, 'arrivals');
  const service = createStream(42, 'service');
  const queue: number[] = [];
  let head = 0;
  let busy = false;
  let done = 0;
  let sum = 0;
  let arrived = 0;
  const depart = (arrival: number) => (): void => {
    sum += cal.now - arrival;
    done++;
    if (head < queue.length) {
      const next = queue[head++]!;
      cal.schedule(-Math.log(service.next()) / MU, depart(next));
    } else busy = false;
  };
  const arrive = (): void => {
    if (++arrived < CUSTOMERS) cal.schedule(-Math.log(arrivals.next()) / LAMBDA, arrive);
    if (busy) queue.push(cal.now);
    else {
      busy = true;
      cal.schedule(-Math.log(service.next()) / MU, depart(cal.now));
    }
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  const t0 = performance.now();
  cal.schedule(0, arrive);
  cal.run();
  return { meanSojourn: sum / done, seconds: (performance.now() - t0) / 1000 };
}

const REQUEST = Symbol('request');
type Step = number | typeof REQUEST;

function generators(): Result {
  const cal = new Calendar();
  const arrivals = createStream(42, 'arrivals');
  const service = createStream(42, 'service');
  const waiting: Generator<Step, void, void>[] = [];
  let head = 0;
  let busy = false;
  let done = 0;
  let sum = 0;
  const step = (proc: Generator<Step, void, void>): void => {
    const r = proc.next();
    if (r.done) return;
    if (r.value === REQUEST) {
      if (busy) waiting.push(proc);
      else {
        busy = true;
        step(proc);
      }
    } else cal.schedule(r.value, () => step(proc));
  };
  const release = (): void => {
    if (head < waiting.length) {
      const next = waiting[head++]!;
      if (head > 4096 && head * 2 > waiting.length) {
        waiting.splice(0, head);
        head = 0;
      }
      cal.schedule(0, () => step(next));
    } else busy = false;
  };
  function* customer(): Generator<Step, void, void> {
    const t0 = cal.now;
    yield REQUEST;
    yield -Math.log(service.next()) / MU;
    release();
    sum += cal.now - t0;
    done++;
  }
  function* source(): Generator<Step, void, void> {
    for (let i = 0; i < CUSTOMERS; i++) {
      step(customer());
      yield -Math.log(arrivals.next()) / LAMBDA;
    }
  }
  const t0 = performance.now();
  step(source());
  cal.run();
  return { meanSojourn: sum / done, seconds: (performance.now() - t0) / 1000 };
}

async function asyncStyle(): Promise<Result> {
  const cal = new Calendar();
  const arrivals = createStream(42, 'arrivals');
  const service = createStream(42, 'service');
  const waiting: Array<() => void> = [];
  let head = 0;
  let busy = false;
  let done = 0;
  let sum = 0;
  const hold = (dt: number): Promise<void> => new Promise((resolve) => cal.schedule(dt, resolve));
  const request = (): Promise<void> =>
    new Promise((resolve) => {
      if (busy) waiting.push(resolve);
      else {
        busy = true;
        cal.schedule(0, resolve);
      }
    });
  const release = (): void => {
    if (head < waiting.length) {
      cal.schedule(0, waiting[head++]!);
      if (head > 4096 && head * 2 > waiting.length) {
        waiting.splice(0, head);
        head = 0;
      }
    } else busy = false;
  };
  const customer = async (): Promise<void> => {
    const t0 = cal.now;
    await request();
    await hold(-Math.log(service.next()) / MU);
    release();
    sum += cal.now - t0;
    done++;
  };
  const source = async (): Promise<void> => {
    for (let i = 0; i < CUSTOMERS; i++) {
      void customer();
      await hold(-Math.log(arrivals.next()) / LAMBDA);
    }
  };
  const t0 = performance.now();
  void source();
  // One event, then one microtask hop so the continuation it resumed runs before the next event.
  while (cal.pending > 0) {
    cal.run({ count: 1 });
    await null;
  }
  return { meanSojourn: sum / done, seconds: (performance.now() - t0) / 1000 };
}

/** The engine itself: Resource.serve with its statistics and HdrHistograms (what perflab sim runs). */
function resource(): Result {
  const cal = new Calendar();
  const arrivals = createStream(42, 'arrivals');
  const service = createStream(42, 'service');
  const server = new Resource(cal, { name: 'server' });
  const draw = (): number => -Math.log(service.next()) / MU;
  let arrived = 0;
  const arrive = (): void => {
    server.serve(draw);
    if (++arrived < CUSTOMERS) cal.schedule(-Math.log(arrivals.next()) / LAMBDA, arrive);
  };
  const t0 = performance.now();
  cal.schedule(0, arrive);
  cal.run();
  return { meanSojourn: server.stats().meanSojournSeconds, seconds: (performance.now() - t0) / 1000 };
}

const styles: Record<string, () => Result | Promise<Result>> = {
  callbacks,
  generators,
  async: asyncStyle,
  'Resource (engine, with histograms)': resource,
};
const rates: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(styles)) {
    const r = await run();
    if (Math.abs(r.meanSojourn - 1 / (MU - LAMBDA)) > 0.5)
      throw new Error(`${name}: mean sojourn ${r.meanSojourn}`);
    (rates[name] ??= []).push(CUSTOMERS / r.seconds);
  }
}
console.log(
  `M/M/1 (λ=${LAMBDA}, μ=${MU}), ${CUSTOMERS} customers, median of ${ROUNDS} rounds, Node ${process.version}`,
);
console.log('| style | customers/s |\n|---|---:|');
for (const [name, list] of Object.entries(rates)) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(`| ${name} | ${Math.round(sorted[Math.floor(sorted.length / 2)]!).toLocaleString('en-US')} |`);
}
