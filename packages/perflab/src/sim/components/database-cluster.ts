import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';

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
  /**
   * `sync`: a write completes once every live replica has applied it (its latency
   * includes the slowest replica's lag); `async`: at the master, replicas apply
   * it `lag` later (reads from a replica may be stale by that much).
   */
  replication: 'sync' | 'async';
  lag: Distribution;
  /** Time from a master failure to the promotion of a replica. */
  detectionDelayS: number;
  /** Time a failed node takes to come back (then it rejoins as a replica). */
  repair: Distribution;
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
export type QueryCallback = (error?: string) => void;

interface Node {
  name: string;
  resource: Resource;
  up: boolean;
  /** Incremented at every failure: a query that started before it fails. */
  epoch: number;
}

/**
 * A master–replica database cluster (the original model's PostgreSQL clusters):
 * writes go to the master, reads round-robin over the live replicas (the master
 * when none is live). A master failure fails the queries it was serving and
 * every write until a replica is promoted `detectionDelayS` later; the failed
 * node is repaired after a `repair` time and rejoins as a replica. Every role
 * change is logged with its simulated time.
 */
export class DatabaseCluster {
  readonly log: ClusterEvent[] = [];
  private readonly nodes: Node[] = [];
  private master: Node | undefined;
  private nextReplica = 0;
  /** Write failures by cause, for the component's metrics. */
  readonly failures = new Map<string, number>();

  constructor(
    private readonly calendar: Calendar,
    private readonly options: DatabaseClusterOptions,
  ) {
    if (!Number.isInteger(options.replicas) || options.replicas < 0) {
      throw new RangeError(`${options.name}: replicas must be a whole number ≥ 0, got ${options.replicas}`);
    }
    if (!(options.detectionDelayS >= 0)) {
      throw new RangeError(`${options.name}: detection delay must be ≥ 0 s, got ${options.detectionDelayS}`);
    }
    for (let i = 0; i <= options.replicas; i++) {
      const name = `${options.name}-${i}`;
      this.nodes.push({
        name,
        resource: new Resource(calendar, {
          name,
          capacity: options.concurrency,
          queueCapacity: options.queueCapacity,
        }),
        up: true,
        epoch: 0,
      });
    }
    this.master = this.nodes[0];
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
    this.query(master, this.options.writeService, (error) => {
      if (error !== undefined || this.options.replication === 'async') {
        done(error);
        return;
      }
      // Synchronous replication: the slowest live replica's acknowledgement ends the write.
      let lag = 0;
      for (const replica of this.nodes) {
        if (replica !== master && replica.up) lag = Math.max(lag, this.options.lag.sample(this.options.rng));
      }
      this.calendar.schedule(lag, () => done());
    });
  }

  /** Reads from the next live replica (round robin), else from the master. */
  read(done: QueryCallback): void {
    const replicas = this.nodes.filter((n) => n.up && n !== this.master);
    const target = replicas.length > 0 ? replicas[this.nextReplica++ % replicas.length]! : this.master;
    if (target === undefined || !target.up) {
      this.fail(done, `${this.options.name}: no database node available`);
      return;
    }
    this.query(target, this.options.readService, done);
  }

  /**
   * Fails `node` (default: the master) at simulated time `atS`. A failed master
   * is replaced `detectionDelayS` later by the first live replica; the node
   * rejoins as a replica after its repair time.
   */
  failAt(atS: number, node?: string): void {
    this.calendar.scheduleAt(atS, () => {
      const target = node === undefined ? this.master : this.nodes.find((n) => n.name === node);
      if (target === undefined || !target.up) return;
      target.up = false;
      target.epoch++;
      const wasMaster = target === this.master;
      this.log.push({ timeS: this.calendar.now, node: target.name, event: 'failed' });
      if (wasMaster) {
        this.master = undefined;
        this.calendar.schedule(this.options.detectionDelayS, () => this.promote());
      }
      this.calendar.schedule(this.options.repair.sample(this.options.rng), () => {
        target.up = true;
        this.log.push({ timeS: this.calendar.now, node: target.name, event: 'rejoined as replica' });
        if (this.master === undefined) this.promote();
      });
    });
  }

  private promote(): void {
    if (this.master !== undefined) return;
    const candidate = this.nodes.find((n) => n.up);
    if (candidate === undefined) return; // none live: the first to rejoin is promoted then
    this.master = candidate;
    this.log.push({ timeS: this.calendar.now, node: candidate.name, event: 'promoted to master' });
  }

  private query(node: Node, service: Distribution, done: QueryCallback): void {
    const epoch = node.epoch;
    const accepted = node.resource.serve(
      () => service.sample(this.options.rng),
      () => {
        if (node.epoch !== epoch) this.fail(done, `${node.name}: failed during the query`);
        else done();
      },
    );
    if (!accepted) this.fail(done, `${node.name}: queue full`);
  }

  private fail(done: QueryCallback, error: string): void {
    this.failures.set(error, (this.failures.get(error) ?? 0) + 1);
    done(error);
  }
}
