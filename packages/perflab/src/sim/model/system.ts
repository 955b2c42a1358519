/**
 * A model file's system, built on one replication's calendar: the components
 * (services, auth services, database clusters, caches, brokers), the load
 * balancers and network links between them, the request flows, and the workload
 * that sends requests through them. docs/sim-model.md describes the semantics.
 *
 * How a request travels: each step is made by a caller (`from`: by default the
 * service the flow last called, or `client`). A step pays the link latency
 * caller → target on the way out; an `auth`, `cache`, `read`, `write` or
 * `publish` step pays it back at once; a `call` step's return trip is paid when
 * the request leaves that service — at the end of the flow, or when a later step
 * is made by a caller further up the chain — so the response travels back along
 * the path it came (through the load balancer). Consecutive delays with nothing
 * in between are one event. Services hold a worker for their service time only
 * (asynchronous I/O, as Node.js and nginx do): calls a service makes to others do
 * not occupy its workers. A failed step ends the request; its error response
 * still travels back to the client.
 */
import type { Calendar } from '../calendar.ts';
import { Broker } from '../components/broker.ts';
import { Cache } from '../components/cache.ts';
import type { OperationCallback, SimComponent } from '../components/component.ts';
import { DatabaseCluster } from '../components/database-cluster.ts';
import { type BalancingAlgorithm, Service, smoothWeightedPick } from '../components/service.ts';
import { constant, type Distribution, exponential } from '../distributions.ts';
import type { RandomStreams, Rng } from '../random.ts';
import type { DistributionCompiler } from './distributions.ts';
import { type SimModel, splitRequest } from './schema.ts';

/** One finished request, times in simulated seconds. */
export interface FinishedRequest {
  /** Method and name as the results report them (the flow's `request`, else `FLOW` and the flow's name). */
  method: string;
  name: string;
  startS: number;
  endS: number;
  /** 200 on success; else the failing component's status (0: no response). */
  status: number;
  error: string | undefined;
}

/** A role change or outage of a component, with its simulated time. */
export interface ComponentEvent {
  timeS: number;
  component: string;
  node: string;
  event: string;
}

interface Link {
  latency: Distribution;
  loss: number;
}

/** One hop of a step's path (caller → balancer → service, or caller → target): the link, if any. */
interface Hop {
  link: Link | undefined;
  from: string;
  to: string;
}

interface Step {
  type: 'call' | 'auth' | 'cache' | 'read' | 'write' | 'publish';
  target: string;
  from: string | undefined;
  via: string | undefined;
  /** The balancer in front (`via`), or the one a call addresses directly. */
  balancer: Balancer | undefined;
  /** Out-and-back hops by caller (not for a balancer addressed directly: they depend on its pick). */
  hops: Map<string, Hop[]>;
  serviceTime: Distribution | undefined;
  queue: string | undefined;
}

interface Flow {
  name: string;
  method: string;
  requestName: string;
  weight: number;
  steps: Step[];
}

interface Balancer {
  name: string;
  algorithm: BalancingAlgorithm;
  targets: Array<{ target: string; weight: number; current: number }>;
  latency: Distribution;
  next: number;
}

/**
 * A request on its way: its flow, the step it is at, the calls it is inside
 * (innermost last), and the callbacks the calendar and components call — bound
 * once per request, not once per step.
 */
class Journey {
  step = 0;
  /** Callers' return paths: the component called, and the hops back to its caller. */
  readonly calls: Array<{ component: string; back: Hop[] }> = [];
  current: Step | undefined;
  target = '';
  hops: Hop[] = [];
  error: string | undefined;
  status = 200;
  readonly operate: () => void;
  readonly stepDone: OperationCallback;
  readonly arrive: () => void;

  constructor(
    system: SimSystem,
    readonly flow: Flow,
    readonly startS: number,
    readonly then: () => void,
  ) {
    this.operate = () => system.operate(this);
    this.stepDone = (error, status) => system.stepDone(this, error, status);
    this.arrive = () => system.deliver(this);
  }
}

const CLIENT = 'client';

/** Counts of the workload, for the users column and progress. */
export interface WorkloadState {
  /** Closed model: users running; open model: requests in the system. */
  active: number;
}

/**
 * Builds the system of `model` on `calendar`, with one random stream per component
 * (same seed ⇒ same results; adding a component leaves the others' numbers alone).
 * Call {@link SimSystem.start} to start the workload.
 */
export class SimSystem {
  readonly components = new Map<string, SimComponent>();
  readonly services = new Map<string, Service>();
  readonly databases = new Map<string, DatabaseCluster>();
  readonly caches = new Map<string, Cache>();
  readonly brokers = new Map<string, Broker>();
  private readonly cacheDatabase = new Map<string, string>();
  private readonly balancers = new Map<string, Balancer>();
  /** Links by caller, then callee (both directions). */
  private readonly links = new Map<string, Map<string, Link>>();
  private readonly flows: Flow[] = [];
  private readonly cumulativeWeights: number[] = [];
  private readonly flowRng: Rng;
  private readonly networkRng: Rng;
  private readonly workloadRng: Rng;
  readonly workload: WorkloadState = { active: 0 };
  /** Called for every finished request. */
  onRequest: (request: FinishedRequest) => void = () => {};

  constructor(
    private readonly model: SimModel,
    private readonly calendar: Calendar,
    streams: RandomStreams,
    private readonly dist: DistributionCompiler,
  ) {
    this.flowRng = streams.stream('flows');
    this.networkRng = streams.stream('network');
    this.workloadRng = streams.stream('workload');
    const outages = (o: { ttf: unknown; ttr: unknown } | undefined) =>
      o && {
        timeToFailure: dist(o.ttf as never),
        timeToRepair: dist(o.ttr as never),
      };

    // The first balancer in front of a service sets its algorithm and health checks.
    const frontOf = new Map<string, { algorithm: BalancingAlgorithm; lb: string }>();
    for (const [name, lb] of Object.entries(model.loadBalancers)) {
      this.balancers.set(name, {
        name,
        algorithm: lb.algorithm,
        targets: lb.targets.map((t) => ({ ...t, current: 0 })),
        latency: dist(lb.latency),
        next: 0,
      });
      for (const t of lb.targets) {
        if (!frontOf.has(t.target)) frontOf.set(t.target, { algorithm: lb.algorithm, lb: name });
      }
    }
    const healthCheckOf = (service: string) => {
      const front = frontOf.get(service);
      const hc = front && model.loadBalancers[front.lb]?.healthCheck;
      return (
        hc && {
          intervalS: hc.interval,
          timeoutS: hc.timeout,
          unhealthyAfter: hc.threshold,
          healthyAfter: hc.rise,
        }
      );
    };

    const addService = (name: string, s: SimModel['services'][string], kind: 'service' | 'auth') => {
      const front = frontOf.get(name);
      const hc = healthCheckOf(name);
      const service = new Service(calendar, {
        name,
        kind,
        instances: s.instances,
        concurrency: s.concurrency,
        queueCapacity: s.queueCapacity ?? Infinity,
        serviceTime: dist(s.serviceTime),
        failureProbability: s.failureProbability,
        ...(s.outages ? { outages: outages(s.outages)! } : {}),
        ...(s.timeout === undefined ? {} : { timeoutS: s.timeout }),
        retries: s.retries,
        retryBackoff: dist(s.retryBackoff),
        balancing: front?.algorithm ?? 'round-robin',
        ...(hc ? { healthCheck: hc } : {}),
        rng: streams.stream(`service:${name}`),
      });
      this.services.set(name, service);
      this.components.set(name, service);
    };
    for (const [name, s] of Object.entries(model.services)) addService(name, s, 'service');
    for (const [name, s] of Object.entries(model.auth)) addService(name, s, 'auth');

    for (const [name, d] of Object.entries(model.databases)) {
      const o = outages(d.outages);
      const cluster = new DatabaseCluster(calendar, {
        name,
        replicas: d.replicas,
        concurrency: d.concurrency,
        queueCapacity: d.queueCapacity ?? Infinity,
        readService: dist(d.readTime),
        writeService: dist(d.writeTime),
        readFrom: d.readFrom,
        replication: d.replication.mode,
        lag: dist(d.replication.lag),
        detectionDelayS: d.failover.detectionDelay,
        failover: d.failover.enabled,
        repair: o?.timeToRepair ?? constant(60),
        ...(o ? { timeToFailure: o.timeToFailure } : {}),
        failureProbability: d.failureProbability,
        ...(d.timeout === undefined ? {} : { timeoutS: d.timeout }),
        rng: streams.stream(`database:${name}`),
      });
      this.databases.set(name, cluster);
      this.components.set(name, cluster);
    }

    for (const [name, c] of Object.entries(model.caches)) {
      const keyspace = c.keyspace;
      const cache = new Cache(calendar, {
        name,
        lookup: dist(c.readTime),
        store: dist(c.writeTime),
        concurrency: c.concurrency,
        queueCapacity: c.queueCapacity ?? Infinity,
        model: keyspace
          ? {
              keys: keyspace.keys,
              ttlS: keyspace.ttl ?? Infinity,
              capacity: keyspace.capacity ?? keyspace.keys,
              ...(keyspace.popularity === 'uniform' ? {} : { zipf: keyspace.popularity.zipf }),
            }
          : { hitRatio: c.hitRatio! },
        failureProbability: c.failureProbability,
        ...(c.outages ? { outages: outages(c.outages)! } : {}),
        rng: streams.stream(`cache:${name}`),
      });
      this.caches.set(name, cache);
      this.components.set(name, cache);
      if (c.database !== undefined) this.cacheDatabase.set(name, c.database);
    }

    for (const [name, b] of Object.entries(model.brokers)) {
      const broker = new Broker(
        calendar,
        Object.entries(b.queues).map(([queue, q]) => ({
          name: queue,
          consumers: q.consumers,
          consumeTime: dist(q.serviceTime),
          capacity: q.capacity ?? Infinity,
          failureProbability: q.failureProbability,
          maxDeliveries: q.maxDeliveries,
        })),
        streams.stream(`broker:${name}`),
        {
          name,
          publishTime: dist(b.publishTime),
          failureProbability: b.failureProbability,
          ...(b.outages ? { outages: outages(b.outages)! } : {}),
        },
      );
      this.brokers.set(name, broker);
      this.components.set(name, broker);
    }

    for (const l of model.links) {
      const link = { latency: dist(l.latency), loss: l.lossProbability };
      const set = (from: string, to: string) => {
        let row = this.links.get(from);
        if (row === undefined) this.links.set(from, (row = new Map()));
        if (!row.has(to)) row.set(to, link);
      };
      set(l.from, l.to);
      set(l.to, l.from);
    }

    for (const incident of model.incidents) {
      const service = this.services.get(incident.target);
      if (service) {
        const repair = incident.for ?? service.options.outages?.timeToRepair.sample(this.workloadRng) ?? 0;
        service.failInstance(incident.at, incident.instance ?? 0, repair);
        continue;
      }
      const cluster = this.databases.get(incident.target)!;
      const node = incident.instance === undefined ? undefined : `${incident.target}-${incident.instance}`;
      cluster.failAt(incident.at, node, incident.for);
    }

    let cumulative = 0;
    for (const [name, f] of Object.entries(model.flows)) {
      const request = splitRequest(f.request);
      this.flows.push({
        name,
        method: request.method ?? 'FLOW',
        requestName: request.name ?? name,
        weight: f.weight,
        steps: f.steps.map((s) => ({
          type: s.type,
          target: s.target,
          from: s.from,
          via: 'via' in s ? s.via : undefined,
          balancer:
            'via' in s && s.via !== undefined
              ? this.balancers.get(s.via)
              : s.type === 'call'
                ? this.balancers.get(s.target)
                : undefined,
          hops: new Map(),
          serviceTime: 'serviceTime' in s && s.serviceTime !== undefined ? dist(s.serviceTime) : undefined,
          queue: 'queue' in s ? s.queue : undefined,
        })),
      });
      this.cumulativeWeights.push((cumulative += f.weight));
    }
  }

  /** Every component's role changes and outages so far, in time order. */
  events(): ComponentEvent[] {
    const out: ComponentEvent[] = [];
    for (const [component, c] of this.components) {
      for (const e of c.log) out.push({ timeS: e.timeS, component, node: e.node, event: e.event });
    }
    return out.sort((a, b) => a.timeS - b.timeS);
  }

  /** Warm-up deletion in every component. */
  resetStatistics(): void {
    for (const c of this.components.values()) c.resetStatistics();
  }

  /** Starts the workload at the current time (normally 0); it runs until the calendar stops. */
  start(): void {
    const w = this.model.workload;
    if (w.type === 'open') this.startOpen(w);
    else this.startClosed(w);
  }

  // ---- workload ----

  private startOpen(w: Extract<SimModel['workload'], { type: 'open' }>): void {
    const rng = this.workloadRng;
    if (w.rate !== undefined) {
      const gap = exponential({ rate: w.rate });
      const arrive = () => {
        this.send(() => {});
        this.calendar.schedule(gap.sample(rng), arrive);
      };
      this.calendar.schedule(gap.sample(rng), arrive);
      return;
    }
    // Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979): candidates at the
    // peak rate, each kept with probability rate(t) / peak. After the last stage the rate holds.
    const stages = w.stages!;
    const rateAt = piecewiseLinear(w.startRate, stages);
    const peak = Math.max(w.startRate, ...stages.map((s) => s.target));
    if (peak <= 0) return;
    const gap = exponential({ rate: peak });
    const candidate = () => {
      if (rng.next() * peak < rateAt(this.calendar.now)) this.send(() => {});
      this.calendar.schedule(gap.sample(rng), candidate);
    };
    this.calendar.schedule(gap.sample(rng), candidate);
  }

  private startClosed(w: Extract<SimModel['workload'], { type: 'closed' }>): void {
    const think = this.dist(w.thinkTime);
    let stopRequests = 0;
    const startUser = () => {
      this.workload.active++;
      const loop = () => {
        this.send(() => {
          if (stopRequests > 0) {
            stopRequests--;
            this.workload.active--;
            return;
          }
          const t = think.sample(this.workloadRng);
          if (t > 0) this.calendar.schedule(t, loop);
          else loop();
        });
      };
      loop();
    };
    if (w.users !== undefined) {
      const rate = w.spawnRate;
      for (let i = 0; i < w.users; i++) {
        if (rate === undefined) this.calendar.schedule(0, startUser);
        else this.calendar.schedule(i / rate, startUser);
      }
      return;
    }
    // Stages: the target number of users ramps linearly; a user starts (or one is asked to
    // stop after its current request) whenever the ramp crosses a whole number.
    let t0 = 0;
    let u0 = w.startUsers;
    for (let i = 0; i < w.startUsers; i++) this.calendar.schedule(0, startUser);
    for (const stage of w.stages!) {
      const u1 = stage.target;
      const from = t0;
      const span = stage.duration;
      const start = u0;
      if (u1 > start) {
        for (let k = Math.floor(start) + 1; k <= Math.floor(u1); k++)
          this.calendar.scheduleAt(from + ((k - start) / (u1 - start)) * span, startUser);
      } else if (u1 < start) {
        for (let k = Math.ceil(start) - 1; k >= Math.ceil(u1); k--)
          this.calendar.scheduleAt(from + ((start - k) / (start - u1)) * span, () => stopRequests++);
      }
      t0 += span;
      u0 = u1;
    }
  }

  // ---- requests ----

  /** Sends one request of a flow picked by weight; `then` runs when it is finished (recorded). */
  send(then: () => void): void {
    const weights = this.cumulativeWeights;
    const u = this.flowRng.next() * weights[weights.length - 1]!;
    let i = 0;
    while (i < weights.length - 1 && u >= weights[i]!) i++;
    if (this.model.workload.type === 'open') this.workload.active++;
    this.advance(new Journey(this, this.flows[i]!, this.calendar.now, then), 0);
  }

  /** Runs the journey's next step after `delay` seconds (its pending network time). */
  advance(journey: Journey, delay: number): void {
    const flow = journey.flow;
    if (journey.step >= flow.steps.length) {
      this.finish(journey, delay + this.unwind(journey, 0), undefined, 200);
      return;
    }
    const step = flow.steps[journey.step++]!;
    // The caller: the step's `from` (leaving the calls below it), else the innermost call.
    const calls = journey.calls;
    let caller = calls.length > 0 ? calls[calls.length - 1]!.component : CLIENT;
    if (step.from !== undefined && step.from !== caller) {
      if (step.from === CLIENT) delay += this.unwind(journey, 0);
      else {
        const depth = calls.findIndex((c) => c.component === step.from);
        if (depth >= 0) delay += this.unwind(journey, depth + 1);
      }
      caller = step.from;
    }
    let target = step.target;
    let hops: Hop[];
    const balancer = step.balancer;
    if (balancer !== undefined && step.via === undefined) {
      target = this.pickTarget(balancer); // a balancer addressed directly: hops depend on its pick
      hops = this.hopsVia(caller, balancer.name, target);
    } else {
      let cached = step.hops.get(caller);
      if (cached === undefined) {
        cached = balancer ? this.hopsVia(caller, balancer.name, target) : [this.hop(caller, target)];
        step.hops.set(caller, cached);
      }
      hops = cached;
    }
    if (balancer !== undefined) delay += balancer.latency.sample(this.networkRng);
    for (const hop of hops) {
      const link = hop.link;
      if (link === undefined) continue;
      if (link.loss > 0 && this.networkRng.next() < link.loss) {
        this.finish(journey, delay + this.unwind(journey, 0), `network: ${hop.from} → ${hop.to} lost`, 0);
        return;
      }
      delay += link.latency.sample(this.networkRng);
    }
    journey.current = step;
    journey.target = target;
    journey.hops = hops;
    if (delay > 0) this.calendar.schedule(delay, journey.operate);
    else this.operate(journey);
  }

  /** The journey's current step at its target (the out trip done). */
  operate(journey: Journey): void {
    const step = journey.current!;
    const target = journey.target;
    const done = journey.stepDone;
    switch (step.type) {
      case 'call':
      case 'auth':
        this.services.get(target)!.handle(done, step.serviceTime);
        return;
      case 'read':
        this.databases.get(target)!.read(done);
        return;
      case 'write':
        this.databases.get(target)!.write(done);
        return;
      case 'publish':
        this.brokers.get(target)!.send(step.queue!, done);
        return;
      case 'cache': {
        const database = this.cacheDatabase.get(target);
        this.caches.get(target)!.get(
          (fetched) => this.fetchFromDatabase(target, database, fetched),
          (error, _hit, status) => done(error, status),
        );
        return;
      }
    }
  }

  /** A cache miss reads the cache's database (over their link, if any); none: the value is made at once. */
  private fetchFromDatabase(cache: string, database: string | undefined, fetched: OperationCallback): void {
    if (database === undefined) {
      fetched();
      return;
    }
    const link = this.link(cache, database);
    const out = link ? link.latency.sample(this.networkRng) : 0;
    if (out > 0) this.calendar.schedule(out, () => this.readForCache(database, link, fetched));
    else this.readForCache(database, link, fetched);
  }

  private readForCache(database: string, link: Link | undefined, fetched: OperationCallback): void {
    this.databases.get(database)!.read((error, status) => {
      const back = link ? link.latency.sample(this.networkRng) : 0;
      if (back > 0) this.calendar.schedule(back, () => fetched(error, status));
      else fetched(error, status);
    });
  }

  /** The current step ended: on to the next (a call's return trip deferred), or the error goes back. */
  stepDone(journey: Journey, error: string | undefined, status: number | undefined): void {
    const hops = journey.hops;
    if (error !== undefined) {
      this.finish(journey, this.returnTrip(hops) + this.unwind(journey, 0), error, status ?? 500);
      return;
    }
    if (journey.current!.type === 'call') {
      journey.calls.push({ component: journey.target, back: hops });
      this.advance(journey, 0);
    } else this.advance(journey, this.returnTrip(hops));
  }

  /** The return trip over `hops`, seconds. */
  private returnTrip(hops: Hop[]): number {
    let delay = 0;
    for (const hop of hops) if (hop.link) delay += hop.link.latency.sample(this.networkRng);
    return delay;
  }

  /** Leaves the calls deeper than `keep`: their return trips, seconds. */
  private unwind(journey: Journey, keep: number): number {
    let delay = 0;
    while (journey.calls.length > keep) delay += this.returnTrip(journey.calls.pop()!.back);
    return delay;
  }

  private finish(journey: Journey, delay: number, error: string | undefined, status: number): void {
    journey.error = error;
    journey.status = status;
    if (delay > 0) this.calendar.schedule(delay, journey.arrive);
    else this.deliver(journey);
  }

  /** The response reached the client: record it, then hand over to the workload. */
  deliver(journey: Journey): void {
    if (this.model.workload.type === 'open') this.workload.active--;
    const flow = journey.flow;
    this.onRequest({
      method: flow.method,
      name: flow.requestName,
      startS: journey.startS,
      endS: this.calendar.now,
      status: journey.status,
      error: journey.error,
    });
    journey.then();
  }

  private hop(from: string, to: string): Hop {
    return { link: this.link(from, to), from, to };
  }

  private hopsVia(caller: string, balancer: string, target: string): Hop[] {
    return [this.hop(caller, balancer), this.hop(balancer, target)];
  }

  private link(from: string, to: string): Link | undefined {
    return this.links.get(from)?.get(to);
  }

  /** A load balancer addressed directly picks one of its target services. */
  private pickTarget(lb: Balancer): string {
    const targets = lb.targets;
    if (targets.length === 1) return targets[0]!.target;
    switch (lb.algorithm) {
      case 'random':
        return targets[Math.floor(this.networkRng.next() * targets.length)]!.target;
      case 'round-robin':
        return targets[lb.next++ % targets.length]!.target;
      case 'least-connections':
      case 'power-of-two': {
        let best = targets[0]!;
        let bestLoad = Infinity;
        for (const t of targets) {
          const load = this.services.get(t.target)!.sample();
          const busy = (load.busy + load.queueLength) / load.capacity;
          if (busy < bestLoad) [best, bestLoad] = [t, busy];
        }
        return best.target;
      }
      case 'weighted-round-robin':
        return smoothWeightedPick(targets).target;
    }
  }
}

/** Rate or users at time t of a linear ramp through stages (held after the last). */
export function piecewiseLinear(
  start: number,
  stages: ReadonlyArray<{ duration: number; target: number }>,
): (t: number) => number {
  return (t) => {
    let t0 = 0;
    let v0 = start;
    for (const s of stages) {
      if (t < t0 + s.duration) return v0 + ((s.target - v0) * (t - t0)) / s.duration;
      t0 += s.duration;
      v0 = s.target;
    }
    return v0;
  };
}
