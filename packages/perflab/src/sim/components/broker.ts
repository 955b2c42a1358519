import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';

/** One named queue of a broker and its consumers. Times in simulated seconds. */
export interface QueueOptions {
  name: string;
  /** Consumers taking messages one at a time each. */
  consumers: number;
  /** Time a consumer takes per message. */
  consumeTime: Distribution;
  /** Messages the queue holds waiting (Infinity: unbounded); a publish beyond it fails. */
  capacity: number;
  /** Probability a consumer fails a message (it is then counted failed, not delivered). */
  failureProbability?: number;
}

/** What a broker queue counted (the original model's RabbitMQ statistics). */
export interface QueueStats {
  name: string;
  sent: number;
  /** Refused at publish (queue full). */
  rejected: number;
  /** Consumed successfully. */
  delivered: number;
  /** Consumed with a failure. */
  failed: number;
  /** Mean publish → consumed, seconds. */
  meanDeliveryLatencyS: number;
  /** Time-average messages waiting. */
  meanQueueLength: number;
  /** Waiting messages at each whole simulated second (queue length over time). */
  lengthBySecond: number[];
}

/**
 * A message broker (RabbitMQ-like): named queues, each with consumers serving
 * messages FIFO; publishing is fire-and-forget for the publisher. Counts sent,
 * rejected, delivered and failed messages, the delivery latency, and the queue
 * length over time.
 */
export class Broker {
  private readonly queues = new Map<
    string,
    {
      options: QueueOptions;
      resource: Resource;
      sent: number;
      rejected: number;
      delivered: number;
      failed: number;
      latencySum: number;
      lengthBySecond: number[];
    }
  >();

  constructor(
    private readonly calendar: Calendar,
    queues: QueueOptions[],
    private readonly rng: Rng,
  ) {
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
        latencySum: 0,
        lengthBySecond: [],
      });
    }
  }

  /**
   * Publishes one message to `queue`.
   * @returns false when the queue was full (the message is lost and counted rejected)
   * @throws RangeError for a queue that was not declared
   */
  publish(queue: string): boolean {
    const q = this.queues.get(queue);
    if (q === undefined) throw new RangeError(`broker: no queue named ${queue}`);
    q.sent++;
    const published = this.calendar.now;
    const accepted = q.resource.serve(
      () => q.options.consumeTime.sample(this.rng),
      () => {
        if (this.rng.next() < (q.options.failureProbability ?? 0)) q.failed++;
        else {
          q.delivered++;
          q.latencySum += this.calendar.now - published;
        }
      },
    );
    if (!accepted) q.rejected++;
    return accepted;
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
      meanDeliveryLatencyS: q.delivered === 0 ? 0 : q.latencySum / q.delivered,
      meanQueueLength: q.resource.stats().meanQueueLength,
      lengthBySecond: [...q.lengthBySecond],
    }));
  }
}
