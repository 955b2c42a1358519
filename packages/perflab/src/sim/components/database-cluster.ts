import { Availability } from '../availability.ts';
import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';
import {
  type ComponentReport,
  type ComponentSample,
  type OperationCallback,
  Outcomes,
  reportParts,
  resetParts,
  type SimComponent,
  sampleResources,
} from './component.ts';
import { serveWithDeadline } from './deadline.ts';

/** How a database cluster is built. Times in simulated seconds. */
export interface DatabaseClusterOptions {
  name: string;
  /** Replicas beside the master (≥ 0). */
  replicas: number;
  /** Queries served at once per node, and waiting places per node (Infinity: unbounded). */
  concurrency: number;
  queueCapacity: number;
  readService: Distribution;
  writeService: Distribution;
  /** Where reads go: `replicas` (default; the master when none is live), `master`, or `any` live node. */
  readFrom?: 'replicas' | 'master' | 'any';
  /**
   * `sync`: a write completes once every live replica has applied it (its latency
   * includes the slowest replica's lag); `async`: at the master, replicas apply
   * it `lag` later (reads from a replica may be stale by that much).
   */
  replication: 'sync' | 'async';
  lag: Distribution;
  /** Time from a master failure to the promotion of a replica. */
  detectionDelayS: number;
  /** False: no promotion — writes fail until the master itself is repaired (default true). */
  failover?: boolean;
  /** Time a failed node takes to come back (then it rejoins as a replica). */
  repair: Distribution;
  /** Each node fails after this time to failure, again after each repair; absent: only scripted failures. */
  timeToFailure?: Distribution;
  /** Probability that a query fails (a database error), 0..1. */
  failureProbability?: number;
  /** A query not finished within this many seconds fails. */
  timeoutS?: number;
  /** Random stream of this cluster's service times, lags and repairs. */
  rng: Rng;
}

/** A role change or failure, with its simulated time. */
export interface ClusterEvent {
  timeS: number;
  node: string;
  event: 'failed' | 'promoted to master' | 'rejoined as replica';
}

/** How a query ended: `error` is the failure label, absent on success. */
export type QueryCallback = OperationCallback;

interface Node {
  name: string;
  resource: Resource;
  up: boolean;
  /** Incremented at every failure: a query that started before it fails. */
  epoch: number;
  availability: Availability;
}

/**
 * A master–replica database cluster (the original model's PostgreSQL clusters):
 * writes go to the master, reads round-robin over the live replicas (the master
 * when none is live). A master failure fails the queries it was serving and
 * every write until a replica is promoted `detectionDelayS` later; the failed
 * node is repaired after a `repair` time and rejoins as a replica. Every role
 * change is logged with its simulated time. Availability is the share of time
 * a master takes writes.
 */
export class DatabaseCluster implements SimComponent {
  readonly name: string;
  readonly kind = 'database' as const;
  readonly log: ClusterEvent[] = [];
  private readonly nodes: Node[] = [];
  private master: Node | undefined;
  private nextReplica = 0;
  /** Write failures by cause, for the component's metrics. */
  readonly failures = new Map<string, number>();
  /** Queries by outcome (`ok` or the failure label). */
  readonly outcomes = new Outcomes();
  /** Master present (1 part): the cluster's write availability. */
  private readonly writable: Availability;

  constructor(
    private readonly calendar: Calendar,
    private readonly options: DatabaseClusterOptions,
  ) {
    this.name = options.name;
    if (!Number.isInteger(options.replicas) || options.replicas < 0) {
      throw new RangeError(`${options.name}: replicas must be a whole number ≥ 0, got ${options.replicas}`);
    }
    if (!(options.detectionDelayS >= 0)) {
      throw new RangeError(`${options.name}: detection delay must be ≥ 0 s, got ${options.detectionDelayS}`);
    }
    for (let i = 0; i <= options.replicas; i++) {
      const name = `${options.name}-${i}`;
      const node: Node = {
        name,
        resource: new Resource(calendar, {
          name,
          capacity: options.concurrency,
          queueCapacity: options.queueCapacity,
        }),
        up: true,
        epoch: 0,
        availability: new Availability(1, calendar.now),
      };
      this.nodes.push(node);
      if (options.timeToFailure) this.scheduleFailure(node);
    }
    this.master = this.nodes[0];
    this.writable = new Availability(1, calendar.now);
  }

  /** The node that takes writes now, or undefined between a failure and the promotion. */
  get masterName(): string | undefined {
    return this.master?.name;
  }

  /** Live replicas (not the master). */
  get liveReplicas(): string[] {
    return this.nodes.filter((n) => n.up && n !== this.master).map((n) => n.name);
  }

  /** Writes to the master; `done(error?)` when it completes (or fails at once when there is no master). */
  write(done: QueryCallback): void {
    const master = this.master;
    if (master === undefined || !master.up) {
      this.fail(done, `${this.options.name}: master unavailable (failover in progress)`);
      return;
    }
    this.query(master, this.options.writeService, (error, status) => {
      if (error !== undefined || this.options.replication === 'async' || this.options.replicas === 0) {
        if (error === undefined) this.outcomes.count();
        done(error, status);
        return;
      }
      // Synchronous replication: the slowest live replica's acknowledgement ends the write.
      let lag = 0;
      for (const replica of this.nodes) {
        if (replica !== master && replica.up) lag = Math.max(lag, this.options.lag.sample(this.options.rng));
      }
      this.outcomes.count();
      this.calendar.schedule(lag, () => done());
    });
  }

  /** Reads where `readFrom` says: the next live replica (round robin, else the master), the master, or any live node. */
  read(done: QueryCallback): void {
    const readFrom = this.options.readFrom ?? 'replicas';
    let target: Node | undefined;
    if (readFrom === 'master') target = this.master;
    else {
      const pool = this.nodes.filter((n) => n.up && (readFrom === 'any' || n !== this.master));
      target = pool.length > 0 ? pool[this.nextReplica++ % pool.length]! : this.master;
    }
    if (target === undefined || !target.up) {
      this.fail(done, `${this.options.name}: no database node available`);
      return;
    }
    this.query(target, this.options.readService, (error, status) => {
      if (error === undefined) this.outcomes.count();
      done(error, status);
    });
  }

  /**
   * Fails `node` (default: the master) at simulated time `atS`. A failed master
   * is replaced `detectionDelayS` later by the first live replica; the node
   * rejoins as a replica after `repairS` seconds (default: a draw of `repair`).
   */
  failAt(atS: number, node?: string, repairS?: number): void {
    this.calendar.scheduleAt(atS, () => {
      const target = node === undefined ? this.master : this.nodes.find((n) => n.name === node);
      if (target !== undefined) this.failNode(target, false, repairS);
    });
  }

  private failNode(target: Node, thenAgain: boolean, repairS?: number): void {
    if (!target.up) return;
    const now = this.calendar.now;
    target.up = false;
    target.epoch++;
    target.availability.down(now);
    const wasMaster = target === this.master;
    this.log.push({ timeS: now, node: target.name, event: 'failed' });
    if (wasMaster) {
      this.master = undefined;
      this.writable.down(now);
      if (this.options.failover !== false)
        this.calendar.schedule(this.options.detectionDelayS, () => this.promote());
    }
    this.calendar.schedule(repairS ?? this.options.repair.sample(this.options.rng), () => {
      target.up = true;
      target.availability.restored(this.calendar.now);
      this.log.push({ timeS: this.calendar.now, node: target.name, event: 'rejoined as replica' });
      if (this.master === undefined) this.promote();
      if (thenAgain) this.scheduleFailure(target);
    });
  }

  private scheduleFailure(node: Node): void {
    this.calendar.schedule(this.options.timeToFailure!.sample(this.options.rng), () =>
      this.failNode(node, true),
    );
  }

  private promote(): void {
    if (this.master !== undefined) return;
    const candidate = this.nodes.find((n) => n.up);
    if (candidate === undefined) return; // none live: the first to rejoin is promoted then
    this.master = candidate;
    this.writable.restored(this.calendar.now);
    this.log.push({ timeS: this.calendar.now, node: candidate.name, event: 'promoted to master' });
  }

  private query(node: Node, service: Distribution, done: QueryCallback): void {
    const epoch = node.epoch;
    const rng = this.options.rng;
    const accepted = serveWithDeadline(
      this.calendar,
      node.resource,
      () => service.sample(rng),
      this.options.timeoutS,
      (timedOut) => {
        if (timedOut) return;
        if (node.epoch !== epoch) this.fail(done, `${node.name}: failed during the query`);
        else if (rng.next() < (this.options.failureProbability ?? 0))
          this.fail(done, `${this.options.name}: query error`);
        else done();
      },
      () => this.fail(done, `${this.options.name}: query timeout`),
    );
    if (!accepted) this.fail(done, `${node.name}: queue full`);
  }

  private fail(done: QueryCallback, error: string): void {
    this.failures.set(error, (this.failures.get(error) ?? 0) + 1);
    this.outcomes.count(error);
    done(error, 500);
  }

  resetStatistics(): void {
    const now = this.calendar.now;
    resetParts(this.nodes, now);
    this.writable.reset(now);
    this.failures.clear();
    this.outcomes.clear();
  }

  sample(): ComponentSample {
    return sampleResources(
      this.nodes.map((n) => n.resource),
      this.writable.upNow,
    );
  }

  report(): ComponentReport {
    const now = this.calendar.now;
    return {
      name: this.name,
      kind: this.kind,
      ...reportParts(this.nodes, now),
      availability: this.writable.fractions(now).component,
      outcomes: this.outcomes.toRecord(),
      extra: { master: this.masterName ?? null },
    };
  }
}
