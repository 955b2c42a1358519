import { Availability } from '../availability.ts';
import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';
import {
  type ComponentKind,
  type ComponentReport,
  type ComponentSample,
  type OperationCallback,
  type PartEvent,
  Outcomes,
  reportParts,
  resetParts,
  type SimComponent,
  sampleResources,
} from './component.ts';
import { serveWithDeadline } from './deadline.ts';

/** Load-balancing algorithms, as nginx names them (and power of two choices, Mitzenmacher 2001). */
export type BalancingAlgorithm =
  'round-robin' | 'weighted-round-robin' | 'least-connections' | 'random' | 'power-of-two';

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_round_robin.c): add each
 * item's weight to its running `current`, pick the largest, subtract the total
 * weight from the pick. Over a cycle each item is picked in proportion to its
 * weight, spread out rather than in bursts. `pool` must not be empty.
 */
export function smoothWeightedPick<T extends { weight: number; current: number }>(pool: readonly T[]): T {
  let total = 0;
  let best = pool[0]!;
  for (const item of pool) {
    item.current += item.weight;
    total += item.weight;
    if (item.current > best.current) best = item;
  }
  best.current -= total;
  return best;
}

/** A service: instances behind a load balancer. Times in simulated seconds. */
export interface ServiceOptions {
  name: string;
  /** `service` (default) or `auth`: an auth service's failures are authentication failures (401). */
  kind?: Extract<ComponentKind, 'service' | 'auth'>;
  instances: number;
  /** Requests served at once per instance (workers), and waiting places per instance. */
  concurrency: number;
  queueCapacity: number;
  serviceTime: Distribution;
  /** Probability that a served request fails (an application error; for auth, a rejected token), 0..1. */
  failureProbability?: number;
  /** Outages per instance: time to failure and time to repair; absent: never fails. */
  outages?: { timeToFailure: Distribution; timeToRepair: Distribution };
  /** A request not answered within this many seconds fails as a timeout (the instance finishes it anyway). */
  timeoutS?: number;
  /** Further attempts on another instance after a failure (0 = none). */
  retries?: number;
  /** Wait before each retry (default none). */
  retryBackoff?: Distribution;
  balancing?: BalancingAlgorithm;
  /** Weights per instance for weighted round robin (default all 1). */
  weights?: number[];
  /**
   * Health checks: every `intervalS`; a check of a down instance fails when its
   * `timeoutS` (default 0) runs out; out of rotation after `unhealthyAfter` failed
   * checks in a row, back after `healthyAfter` good ones.
   */
  healthCheck?: { intervalS: number; timeoutS?: number; unhealthyAfter: number; healthyAfter: number };
  rng: Rng;
}

/** How a request ended: `error` is the failure label, absent on success; `status` as {@link OperationCallback}. */
export type ServiceCallback = OperationCallback;

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
  availability: Availability;
}

/**
 * A service of identical instances behind an nginx-like load balancer: each
 * instance a {@link Resource} (workers and a bounded queue) with a service-time
 * distribution, a per-request failure probability and optional outages; the
 * balancer picks among instances in rotation by the chosen algorithm, and health
 * checks take a down instance out of rotation and back in. Requests to a down
 * instance fail (`connection refused`); timeouts, retries with backoff as configured.
 * Failure statuses: 500 application error (401 for an auth service), 503 queue
 * full or no instance in rotation, 0 (no response) for a refused connection,
 * an instance failing mid-request or a timeout.
 */
export class Service implements SimComponent {
  readonly name: string;
  readonly kind: Extract<ComponentKind, 'service' | 'auth'>;
  private readonly instances: Instance[] = [];
  private next = 0;
  private readonly availability: Availability;
  /** Outcomes by label (`ok` or the failure), for the component's metrics. */
  readonly outcomes = new Outcomes();
  /** Role changes and outages with their simulated time. */
  readonly log: PartEvent[] = [];
  private readonly failure: { label: string; status: number };

  constructor(
    private readonly calendar: Calendar,
    readonly options: ServiceOptions,
  ) {
    this.name = options.name;
    this.kind = options.kind ?? 'service';
    this.failure =
      this.kind === 'auth'
        ? { label: `${options.name}: authentication failed (401)`, status: 401 }
        : { label: `${options.name}: HTTP 500`, status: 500 };
    const p = options.failureProbability ?? 0;
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`${options.name}: failure probability ${p} is not in [0, 1]`);
    if (!Number.isInteger(options.instances) || options.instances < 1) {
      throw new RangeError(`${options.name}: instances must be a whole number ≥ 1, got ${options.instances}`);
    }
    this.availability = new Availability(options.instances, calendar.now);
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
        availability: new Availability(1, calendar.now),
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
      if (!instance.up) return;
      this.goDown(instance);
      this.calendar.schedule(forS, () => this.comeBack(instance));
    });
  }

  /**
   * Sends one request; `done(error?, status?)` when it completes, fails or times out (after retries).
   * @param serviceTime this request type's service time (default: the service's)
   */
  handle(done: ServiceCallback, serviceTime: Distribution = this.options.serviceTime): void {
    this.attempt(done, this.options.retries ?? 0, serviceTime);
  }

  private attempt(done: ServiceCallback, retriesLeft: number, serviceTime: Distribution): void {
    const instance = this.pick();
    if (instance === undefined) {
      this.finish(done, retriesLeft, serviceTime, `${this.options.name}: no instance in rotation (503)`, 503);
      return;
    }
    if (!instance.up) {
      this.finish(done, retriesLeft, serviceTime, `${instance.name}: connection refused (instance down)`, 0);
      return;
    }
    const epoch = instance.epoch;
    const rng = this.options.rng;
    instance.inFlight++;
    const accepted = serveWithDeadline(
      this.calendar,
      instance.resource,
      () => serviceTime.sample(rng),
      this.options.timeoutS,
      (timedOut) => {
        instance.inFlight--;
        if (timedOut) return;
        if (instance.epoch !== epoch)
          this.finish(done, retriesLeft, serviceTime, `${instance.name}: failed during the request`, 0);
        else if (rng.next() < (this.options.failureProbability ?? 0))
          this.finish(done, retriesLeft, serviceTime, this.failure.label, this.failure.status);
        else this.finish(done, retriesLeft, serviceTime);
      },
      () => this.finish(done, retriesLeft, serviceTime, `${this.options.name}: timeout`, 0),
    );
    if (!accepted) {
      instance.inFlight--;
      this.finish(done, retriesLeft, serviceTime, `${instance.name}: queue full (503)`, 503);
    }
  }

  /** An attempt ended: retry a failure while retries are left (after the backoff), else report. */
  private finish(
    done: ServiceCallback,
    retriesLeft: number,
    serviceTime: Distribution,
    error?: string,
    status?: number,
  ): void {
    if (error !== undefined && retriesLeft > 0) {
      const backoff = this.options.retryBackoff?.sample(this.options.rng) ?? 0;
      if (backoff > 0)
        this.calendar.schedule(backoff, () => this.attempt(done, retriesLeft - 1, serviceTime));
      else this.attempt(done, retriesLeft - 1, serviceTime);
      return;
    }
    this.outcomes.count(error);
    done(error, status);
  }

  /** The balancer's choice among instances in rotation. */
  private pick(): Instance | undefined {
    const all = this.instances;
    const pool = all.every((i) => i.healthy) ? all : all.filter((i) => i.healthy);
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
      case 'weighted-round-robin':
        return smoothWeightedPick(pool);
    }
  }

  private goDown(instance: Instance): void {
    const now = this.calendar.now;
    instance.up = false;
    instance.epoch++;
    instance.availability.down(now);
    this.availability.down(now);
    this.log.push({ timeS: now, node: instance.name, event: 'failed' });
  }

  private comeBack(instance: Instance): void {
    const now = this.calendar.now;
    instance.up = true;
    instance.availability.restored(now);
    this.availability.restored(now);
    this.log.push({ timeS: now, node: instance.name, event: 'repaired' });
  }

  private scheduleOutage(instance: Instance): void {
    const { timeToFailure, timeToRepair } = this.options.outages!;
    this.calendar.schedule(timeToFailure.sample(this.options.rng), () => {
      this.goDown(instance);
      this.calendar.schedule(timeToRepair.sample(this.options.rng), () => {
        this.comeBack(instance);
        this.scheduleOutage(instance);
      });
    });
  }

  /** One round of health checks: a check succeeds when the instance is up, and fails at its timeout when it is down. */
  private check(): void {
    const hc = this.options.healthCheck!;
    for (const i of this.instances) {
      if (i.up) {
        i.failedChecks = 0;
        if (!i.healthy && ++i.goodChecks >= hc.healthyAfter) i.healthy = true;
      } else if ((hc.timeoutS ?? 0) > 0) this.calendar.schedule(hc.timeoutS!, () => this.checkFailed(i));
      else this.checkFailed(i);
    }
    if (this.calendar.pending > 0) this.calendar.schedule(hc.intervalS, () => this.check());
  }

  private checkFailed(instance: Instance): void {
    instance.goodChecks = 0;
    if (instance.healthy && ++instance.failedChecks >= this.options.healthCheck!.unhealthyAfter)
      instance.healthy = false;
  }

  resetStatistics(): void {
    const now = this.calendar.now;
    resetParts(this.instances, now);
    this.availability.reset(now);
    this.outcomes.clear();
  }

  sample(): ComponentSample {
    return sampleResources(
      this.instances.map((i) => i.resource),
      this.availability.upNow / this.instances.length,
    );
  }

  report(): ComponentReport {
    const now = this.calendar.now;
    return {
      name: this.name,
      kind: this.kind,
      ...reportParts(this.instances, now),
      availability: this.availability.fractions(now).component,
      outcomes: this.outcomes.toRecord(),
    };
  }
}
