import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';

/** Load-balancing algorithms, as nginx names them (and power of two choices, Mitzenmacher 2001). */
export type BalancingAlgorithm =
  'round-robin' | 'weighted-round-robin' | 'least-connections' | 'random' | 'power-of-two';

/** A service: instances behind a load balancer. Times in simulated seconds. */
export interface ServiceOptions {
  name: string;
  instances: number;
  /** Requests served at once per instance (workers), and waiting places per instance. */
  concurrency: number;
  queueCapacity: number;
  serviceTime: Distribution;
  /** Probability that a served request fails (an application error), 0..1. */
  failureProbability?: number;
  /** Outages per instance: time to failure and time to repair; absent: never fails. */
  outages?: { timeToFailure: Distribution; timeToRepair: Distribution };
  /** A request not answered within this many seconds fails as a timeout (the instance finishes it anyway). */
  timeoutS?: number;
  /** Further attempts on another instance after a failure (0 = none). */
  retries?: number;
  balancing?: BalancingAlgorithm;
  /** Weights per instance for weighted round robin (default all 1). */
  weights?: number[];
  /** Health checks: every `intervalS`; out after `unhealthyAfter` failed checks, back after `healthyAfter` good ones. */
  healthCheck?: { intervalS: number; unhealthyAfter: number; healthyAfter: number };
  rng: Rng;
}

/** How a request ended: `error` is the failure label, absent on success. */
export type ServiceCallback = (error?: string) => void;

interface Instance {
  name: string;
  resource: Resource;
  up: boolean;
  /** In rotation (health checks); always true without health checks. */
  healthy: boolean;
  failedChecks: number;
  goodChecks: number;
  epoch: number;
  inFlight: number;
  weight: number;
  /** Smooth weighted round robin's current weight (nginx's algorithm). */
  current: number;
}

/**
 * A service of identical instances behind an nginx-like load balancer: each
 * instance a {@link Resource} (workers and a bounded queue) with a service-time
 * distribution, a per-request failure probability and optional outages; the
 * balancer picks among instances in rotation by the chosen algorithm, and health
 * checks take a down instance out of rotation and back in. Requests to a down
 * instance fail (`connection refused`); timeouts and retries as configured.
 */
export class Service {
  private readonly instances: Instance[] = [];
  private next = 0;
  /** Outcomes by label (`ok` or the failure), for the component's metrics. */
  readonly outcomes = new Map<string, number>();

  constructor(
    private readonly calendar: Calendar,
    readonly options: ServiceOptions,
  ) {
    const p = options.failureProbability ?? 0;
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`${options.name}: failure probability ${p} is not in [0, 1]`);
    if (!Number.isInteger(options.instances) || options.instances < 1) {
      throw new RangeError(`${options.name}: instances must be a whole number ≥ 1, got ${options.instances}`);
    }
    for (let i = 0; i < options.instances; i++) {
      const name = `${options.name}-${i}`;
      const instance: Instance = {
        name,
        resource: new Resource(calendar, {
          name,
          capacity: options.concurrency,
          queueCapacity: options.queueCapacity,
        }),
        up: true,
        healthy: true,
        failedChecks: 0,
        goodChecks: 0,
        epoch: 0,
        inFlight: 0,
        weight: options.weights?.[i] ?? 1,
        current: 0,
      };
      this.instances.push(instance);
      if (options.outages) this.scheduleOutage(instance);
    }
    if (options.healthCheck) this.calendar.schedule(options.healthCheck.intervalS, () => this.check());
  }

  /** Instances in rotation now. */
  get inRotation(): string[] {
    return this.instances.filter((i) => i.healthy).map((i) => i.name);
  }

  /** Requests each instance has completed (served, failed or not), by instance name. */
  served(): Record<string, number> {
    return Object.fromEntries(this.instances.map((i) => [i.name, i.resource.stats().completed]));
  }

  /** A scripted outage: instance `index` goes down at `atS` for `forS` seconds (requests it holds fail). */
  failInstance(atS: number, index: number, forS: number): void {
    const instance = this.instances[index];
    if (instance === undefined) throw new RangeError(`${this.options.name}: no instance ${index}`);
    this.calendar.scheduleAt(atS, () => {
      instance.up = false;
      instance.epoch++;
      this.calendar.schedule(forS, () => (instance.up = true));
    });
  }

  /** Sends one request; `done(error?)` when it completes, fails or times out (after retries). */
  handle(done: ServiceCallback): void {
    this.attempt(done, this.options.retries ?? 0);
  }

  private attempt(done: ServiceCallback, retriesLeft: number): void {
    const finish = (error?: string) => {
      if (error !== undefined && retriesLeft > 0) {
        this.attempt(done, retriesLeft - 1);
        return;
      }
      this.outcomes.set(error ?? 'ok', (this.outcomes.get(error ?? 'ok') ?? 0) + 1);
      done(error);
    };
    const instance = this.pick();
    if (instance === undefined) {
      finish(`${this.options.name}: no instance in rotation`);
      return;
    }
    if (!instance.up) {
      finish(`${instance.name}: connection refused (instance down)`);
      return;
    }
    let settled = false;
    const settle = (error?: string) => {
      if (settled) return;
      settled = true;
      finish(error);
    };
    const epoch = instance.epoch;
    instance.inFlight++;
    const accepted = instance.resource.serve(
      () => this.options.serviceTime.sample(this.options.rng),
      () => {
        instance.inFlight--;
        if (instance.epoch !== epoch) settle(`${instance.name}: failed during the request`);
        else if (this.options.rng.next() < (this.options.failureProbability ?? 0))
          settle(`${this.options.name}: HTTP 500`);
        else settle();
      },
    );
    if (!accepted) {
      instance.inFlight--;
      settle(`${instance.name}: queue full (503)`);
      return;
    }
    if (this.options.timeoutS !== undefined) {
      this.calendar.schedule(this.options.timeoutS, () => settle(`${this.options.name}: timeout`));
    }
  }

  /** The balancer's choice among instances in rotation. */
  private pick(): Instance | undefined {
    const pool = this.instances.filter((i) => i.healthy);
    if (pool.length === 0) return undefined;
    const rng = this.options.rng;
    switch (this.options.balancing ?? 'round-robin') {
      case 'round-robin':
        return pool[this.next++ % pool.length];
      case 'random':
        return pool[Math.floor(rng.next() * pool.length)];
      case 'least-connections':
        return pool.reduce((best, i) => (i.inFlight < best.inFlight ? i : best));
      case 'power-of-two': {
        const a = pool[Math.floor(rng.next() * pool.length)]!;
        const b = pool[Math.floor(rng.next() * pool.length)]!;
        return a.inFlight <= b.inFlight ? a : b;
      }
      case 'weighted-round-robin': {
        // nginx's smooth weighted round robin: add each weight, pick the largest, subtract the total.
        let total = 0;
        let best = pool[0]!;
        for (const i of pool) {
          i.current += i.weight;
          total += i.weight;
          if (i.current > best.current) best = i;
        }
        best.current -= total;
        return best;
      }
    }
  }

  private scheduleOutage(instance: Instance): void {
    const { timeToFailure, timeToRepair } = this.options.outages!;
    this.calendar.schedule(timeToFailure.sample(this.options.rng), () => {
      instance.up = false;
      instance.epoch++;
      this.calendar.schedule(timeToRepair.sample(this.options.rng), () => {
        instance.up = true;
        this.scheduleOutage(instance);
      });
    });
  }

  /** One round of health checks: a check succeeds when the instance is up. */
  private check(): void {
    const hc = this.options.healthCheck!;
    for (const i of this.instances) {
      if (i.up) {
        i.failedChecks = 0;
        if (!i.healthy && ++i.goodChecks >= hc.healthyAfter) i.healthy = true;
      } else {
        i.goodChecks = 0;
        if (i.healthy && ++i.failedChecks >= hc.unhealthyAfter) i.healthy = false;
      }
    }
    if (this.calendar.pending > 0) this.calendar.schedule(hc.intervalS, () => this.check());
  }
}
