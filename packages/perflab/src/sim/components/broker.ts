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
  type PartEvent,
  type SimComponent,
  sampleResources,
} from './component.ts';

/** One named queue of a broker and its consumers. Times in simulated seconds. */
export interface QueueOptions {
  name: string;
  /** Consumers taking messages one at a time each. */
  consumers: number;
  /** Time a consumer takes per message. */
  consumeTime: Distribution;
  /** Messages the queue holds waiting (Infinity: unbounded); a publish beyond it fails. */
  capacity: number;
  /** Probability a consumer fails a message (it is redelivered, up to `maxDeliveries` attempts in all, then counted failed). */
  failureProbability?: number;
  /** Delivery attempts per message (default 1: no redelivery). */
  maxDeliveries?: number;
}

/** How the broker itself takes messages. Times in simulated seconds. */
export interface BrokerOptions {
  /** Name for labels (default `broker`). */
  name?: string;
  /** Time to accept a published message (the publisher waits for it; default 0). */
  publishTime?: Distribution;
  /** Probability a publish fails. */
  failureProbability?: number;
  /** The broker fails after a time to failure and is back after a time to repair: publishes fail meanwhile. */
  outages?: { timeToFailure: Distribution; timeToRepair: Distribution };
}

/** What a broker queue counted (the original model's RabbitMQ statistics). */
export interface QueueStats {
  name: string;
  sent: number;
  /** Refused at publish (queue full). */
  rejected: number;
  /** Consumed successfully. */
  delivered: number;
  /** Consumed with a failure on the last allowed attempt. */
  failed: number;
  /** Redeliveries after a consumer failure. */
  redelivered: number;
  /** Mean publish → consumed, seconds. */
  meanDeliveryLatencyS: number;
  /** Time-average messages waiting. */
  meanQueueLength: number;
  /** Waiting messages at each whole simulated second (queue length over time). */
  lengthBySecond: number[];
}

interface Queue {
  options: QueueOptions;
  resource: Resource;
  sent: number;
  rejected: number;
  delivered: number;
  failed: number;
  redelivered: number;
  latencySum: number;
  lengthBySecond: number[];
}

/**
 * A message broker (RabbitMQ-like): named queues, each with consumers serving
 * messages FIFO; publishing takes `publishTime`, then delivery is asynchronous
 * for the publisher. Counts sent, rejected, delivered, redelivered and failed
 * messages, the delivery latency, and the queue length over time. An outage
 * refuses publishes; messages already queued are kept (durable queues).
 */
export class Broker implements SimComponent {
  readonly name: string;
  readonly kind = 'broker' as const;
  private readonly queues = new Map<string, Queue>();
  private readonly availability: Availability;
  private up = true;
  /** Publishes by outcome (`ok` or the failure label). */
  readonly outcomes = new Outcomes();
  readonly log: PartEvent[] = [];

  constructor(
    private readonly calendar: Calendar,
    queues: QueueOptions[],
    private readonly rng: Rng,
    private readonly options: BrokerOptions = {},
  ) {
    this.name = options.name ?? 'broker';
    for (const options of queues) {
      if (this.queues.has(options.name))
        throw new RangeError(`broker: queue ${options.name} is declared twice`);
      const resource = new Resource(calendar, {
        name: options.name,
        capacity: options.consumers,
        queueCapacity: options.capacity,
      });
      this.queues.set(options.name, {
        options,
        resource,
        sent: 0,
        rejected: 0,
        delivered: 0,
        failed: 0,
        redelivered: 0,
        latencySum: 0,
        lengthBySecond: [],
      });
    }
    this.availability = new Availability(1, calendar.now);
    if (options.outages) this.scheduleOutage();
  }

  /**
   * Puts one message on `queue` now, without the publish time or failures (a direct enqueue).
   * @returns false when the queue was full (the message is lost and counted rejected)
   * @throws RangeError for a queue that was not declared
   */
  publish(queue: string): boolean {
    const q = this.queues.get(queue);
    if (q === undefined) throw new RangeError(`broker: no queue named ${queue}`);
    q.sent++;
    const accepted = this.deliver(q, this.calendar.now, 1);
    if (!accepted) q.rejected++;
    return accepted;
  }

  /**
   * A publisher sends one message to `queue`: after `publishTime`, `done()` on
   * acceptance, or `done(error, 500)` when the broker is down, the publish fails or the queue is full.
   * @throws RangeError for a queue that was not declared
   */
  send(queue: string, done: OperationCallback): void {
    if (!this.queues.has(queue)) throw new RangeError(`broker: no queue named ${queue}`);
    if (!this.up) {
      this.refuse(`${this.name}: broker unavailable`, done);
      return;
    }
    const publishTime = this.options.publishTime?.sample(this.rng) ?? 0;
    if (publishTime > 0) this.calendar.schedule(publishTime, () => this.accept(queue, done));
    else this.accept(queue, done);
  }

  /** The broker takes (or refuses) a message at the end of its publish time. */
  private accept(queue: string, done: OperationCallback): void {
    if (!this.up) this.refuse(`${this.name}: broker unavailable`, done);
    else if (this.rng.next() < (this.options.failureProbability ?? 0))
      this.refuse(`${this.name}: publish failed`, done);
    else if (!this.publish(queue)) this.refuse(`${this.name}: queue ${queue} full`, done);
    else {
      this.outcomes.count();
      done();
    }
  }

  private refuse(label: string, done: OperationCallback): void {
    this.outcomes.count(label);
    done(label, 500);
  }

  private deliver(q: Queue, published: number, attempt: number): boolean {
    return q.resource.serve(
      () => q.options.consumeTime.sample(this.rng),
      () => {
        if (this.rng.next() < (q.options.failureProbability ?? 0)) {
          if (attempt < (q.options.maxDeliveries ?? 1)) {
            q.redelivered++;
            if (!this.deliver(q, published, attempt + 1)) q.failed++;
          } else q.failed++;
        } else {
          q.delivered++;
          q.latencySum += this.calendar.now - published;
        }
      },
    );
  }

  private scheduleOutage(): void {
    const { timeToFailure, timeToRepair } = this.options.outages!;
    this.calendar.schedule(timeToFailure.sample(this.rng), () => {
      this.up = false;
      this.availability.down(this.calendar.now);
      this.log.push({ timeS: this.calendar.now, node: this.name, event: 'failed' });
      this.calendar.schedule(timeToRepair.sample(this.rng), () => {
        this.up = true;
        this.availability.restored(this.calendar.now);
        this.log.push({ timeS: this.calendar.now, node: this.name, event: 'repaired' });
        this.scheduleOutage();
      });
    });
  }

  /** Records every queue's waiting length now (call once per simulated second). */
  sampleLengths(): void {
    for (const q of this.queues.values()) q.lengthBySecond.push(q.resource.queueLength);
  }

  stats(): QueueStats[] {
    return [...this.queues.values()].map((q) => ({
      name: q.options.name,
      sent: q.sent,
      rejected: q.rejected,
      delivered: q.delivered,
      failed: q.failed,
      redelivered: q.redelivered,
      meanDeliveryLatencyS: q.delivered === 0 ? 0 : q.latencySum / q.delivered,
      meanQueueLength: q.resource.stats().meanQueueLength,
      lengthBySecond: [...q.lengthBySecond],
    }));
  }

  resetStatistics(): void {
    for (const q of this.queues.values()) {
      q.resource.resetStatistics();
      q.sent = q.rejected = q.delivered = q.failed = q.redelivered = 0;
      q.latencySum = 0;
    }
    this.availability.reset(this.calendar.now);
    this.outcomes.clear();
  }

  sample(): ComponentSample {
    return sampleResources(
      [...this.queues.values()].map((q) => q.resource),
      this.up ? 1 : 0,
    );
  }

  report(): ComponentReport {
    const availability = this.availability.fractions(this.calendar.now).component;
    const parts = [...this.queues.values()].map((q) => {
      const s = q.resource.stats();
      return {
        name: q.options.name,
        utilisation: s.utilisation,
        meanQueueLength: s.meanQueueLength,
        availability,
      };
    });
    return {
      name: this.name,
      kind: this.kind,
      utilisation: parts.reduce((sum, p) => sum + p.utilisation, 0) / Math.max(1, parts.length),
      meanQueueLength: parts.reduce((sum, p) => sum + p.meanQueueLength, 0),
      availability,
      outcomes: this.outcomes.toRecord(),
      parts,
      extra: { queues: this.stats().map(({ lengthBySecond: _series, ...rest }) => rest) },
    };
  }
}
