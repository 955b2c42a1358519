/**
 * Resources: a pool of `capacity` identical servers with a FIFO waiting room
 * of `queueCapacity` places (Kendall's K = capacity + queueCapacity); an
 * arrival that finds every server busy and the waiting room full is blocked
 * (rejected, never served).
 *
 * Process style: callbacks on the {@link Calendar}. A request that finds a
 * free server is granted synchronously (no extra event); otherwise its
 * callback runs when a server is released. Measured with bench/sim-styles.ts
 * (M/M/1, λ = 0.8, μ = 1, 10⁶ customers, median of 3 rounds, Node 20.20, the
 * 2-core development machine shared with other work), customers/s:
 *
 * | style                                     | run 1     | run 2 (load 5.9) | run 3 (load 4.3) |
 * | ----------------------------------------- | --------- | ---------------- | ---------------- |
 * | callbacks                                 | 2,507,155 | 1,692,834        | 2,066,446        |
 * | generators (`function*`, SimPy's style)   | 1,063,215 | 845,235          | 1,057,208        |
 * | async/await (promises resolved by events) | 521,078   | 390,131          | 446,937          |
 * | this Resource (statistics + histograms)   | —         | 586,693          | 1,111,474        |
 *
 * Callbacks are 2.0–2.4× the generators and 4.3–4.8× async/await in every
 * run, so the engine uses callbacks. Run 3 records waits and sojourns through
 * {@link LatencyAccumulator} instead of `recordValue`; interleaved in one
 * process that took the Resource from 0.73–0.93 M to 1.00–1.19 M customers/s.
 *
 * Statistics (since the last {@link Resource.resetStatistics}, i.e. after warm-up deletion):
 * time-weighted busy servers, queue length and number in system (integrals of
 * the piecewise-constant state over simulated time); per-customer waits
 * (arrival → start of service) and sojourns (arrival → release) as exact
 * float sums in seconds and in latency histograms (µs of simulated time, the
 * same HdrHistogram settings as `perflab run`). A customer's wait and sojourn
 * count only if it arrived at or after the last reset (warm-up deletion by
 * arrival time).
 */
import type { Calendar } from './calendar.ts';
import type { LatencyHistogram } from '../metrics/histogram.ts';
import { LatencyAccumulator } from './latency-accumulator.ts';

/** One customer holding or waiting for a server. Times in simulated seconds. */
export interface Customer {
  /** When the customer arrived at the resource. */
  readonly arrival: number;
  /** When service started (NaN while waiting). */
  start: number;
  /** Called when a server is granted. */
  readonly onGrant: (customer: Customer) => void;
}

/** Options of a {@link Resource}. */
export interface ResourceOptions {
  /** Name used in labels and error messages. */
  name: string;
  /** Number of servers c (positive integer; default 1). */
  capacity?: number;
  /** Waiting places (non-negative integer or Infinity; default Infinity). K = capacity + queueCapacity. */
  queueCapacity?: number;
}

/** Statistics of a resource over the observation period [reset time, now]. */
export interface ResourceStats {
  name: string;
  /** Length of the observation period, seconds. */
  observedSeconds: number;
  /** Customers arriving in the period (served, waiting or blocked). */
  arrivals: number;
  /** Arrivals rejected because the system was full. */
  blocked: number;
  /** blocked / arrivals (0 with no arrivals). */
  blockingProbability: number;
  /** Arrivals (not blocked) that found every server busy and had to queue. */
  delayed: number;
  /** delayed / arrivals — with Poisson arrivals, the probability of waiting (PASTA). */
  probabilityOfWaiting: number;
  /** Observed customers that have been released. */
  completed: number;
  /** Time-average busy servers / capacity, in [0, 1]. */
  utilisation: number;
  /** Time-average number waiting (Lq). */
  meanQueueLength: number;
  /** Time-average number in system, waiting or in service (L). */
  meanInSystem: number;
  /** Mean wait of observed customers that started service, seconds (Wq). */
  meanWaitSeconds: number;
  /** Mean sojourn (response time) of observed released customers, seconds (W). */
  meanSojournSeconds: number;
  /** Waits of observed customers, µs of simulated time. */
  waits: LatencyHistogram;
  /** Sojourns of observed customers, µs of simulated time. */
  sojourns: LatencyHistogram;
}

function toMicros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

/** A multi-server resource with a bounded FIFO queue, on a calendar. */
export class Resource {
  readonly name: string;
  /** Servers c. */
  readonly capacity: number;
  /** Waiting places. */
  readonly queueCapacity: number;
  private readonly calendar: Calendar;
  private readonly queue: Customer[] = [];
  private head = 0;
  private busyServers = 0;
  // Observation-period accumulators.
  private resetTime = 0;
  private lastChange = 0;
  private busyArea = 0;
  private queueArea = 0;
  private arrivals = 0;
  private blocked = 0;
  private delayed = 0;
  private started = 0;
  private completed = 0;
  private waitSum = 0;
  private sojournSum = 0;
  private readonly waits = new LatencyAccumulator();
  private readonly sojourns = new LatencyAccumulator();

  /** Throws `RangeError` for a capacity that is not a positive integer or a negative/fractional queue capacity. */
  constructor(calendar: Calendar, options: ResourceOptions) {
    const capacity = options.capacity ?? 1;
    const queueCapacity = options.queueCapacity ?? Infinity;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`resource ${options.name}: capacity must be a positive integer, got ${capacity}`);
    if (!(queueCapacity === Infinity || (Number.isInteger(queueCapacity) && queueCapacity >= 0)))
      throw new RangeError(
        `resource ${options.name}: queue capacity must be a non-negative integer or Infinity, got ${queueCapacity}`,
      );
    this.calendar = calendar;
    this.name = options.name;
    this.capacity = capacity;
    this.queueCapacity = queueCapacity;
    this.resetTime = calendar.now;
    this.lastChange = calendar.now;
  }

  /** Customers waiting now. */
  get queueLength(): number {
    return this.queue.length - this.head;
  }

  /** Observed customers released since the last reset (cheap; for count-based stop rules). */
  get completions(): number {
    return this.completed;
  }

  /** Servers busy now. */
  get busy(): number {
    return this.busyServers;
  }

  /**
   * A customer arrives and asks for a server. If one is free, `onGrant` runs
   * now (synchronously); if all are busy and there is room, the customer
   * waits (FIFO) and `onGrant` runs at release of a server; otherwise the
   * arrival is blocked and `null` is returned. The granted customer must be
   * passed to {@link release} when service ends.
   */
  request(onGrant: (customer: Customer) => void): Customer | null {
    const now = this.calendar.now;
    this.advance(now);
    this.arrivals++;
    const customer: Customer = { arrival: now, start: Number.NaN, onGrant };
    if (this.busyServers < this.capacity) {
      this.busyServers++;
      this.begin(customer, now);
      onGrant(customer);
      return customer;
    }
    if (this.queue.length - this.head >= this.queueCapacity) {
      this.blocked++;
      return null;
    }
    this.delayed++;
    this.queue.push(customer);
    return customer;
  }

  /**
   * Service of `customer` ends: its sojourn is recorded and the server passes
   * to the first waiting customer, if any. Throws `Error` for a customer
   * not in service.
   */
  release(customer: Customer): void {
    if (Number.isNaN(customer.start))
      throw new Error(`resource ${this.name}: release of a customer not in service`);
    const now = this.calendar.now;
    this.advance(now);
    if (customer.arrival >= this.resetTime) {
      const sojourn = now - customer.arrival;
      this.completed++;
      this.sojournSum += sojourn;
      this.sojourns.record(toMicros(sojourn));
    }
    customer.start = Number.NaN;
    if (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Customer;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.begin(next, now);
      next.onGrant(next);
    } else {
      this.busyServers--;
    }
  }

  /**
   * Convenience for the common server pattern: request a server, hold it for
   * `serviceTime()` seconds (drawn when service starts), release it, then call
   * `onDone`. Returns false if the arrival was blocked.
   */
  serve(serviceTime: () => number, onDone?: (customer: Customer) => void): boolean {
    const calendar = this.calendar;
    const granted = this.request((customer) => {
      calendar.schedule(serviceTime(), () => {
        this.release(customer);
        if (onDone !== undefined) onDone(customer);
      });
    });
    return granted !== null;
  }

  /**
   * Warm-up deletion: forget everything observed so far and start a new
   * observation period now. Customers already present finish normally but
   * their waits and sojourns are not recorded.
   */
  resetStatistics(): void {
    const now = this.calendar.now;
    this.advance(now);
    this.resetTime = now;
    this.busyArea = 0;
    this.queueArea = 0;
    this.arrivals = 0;
    this.blocked = 0;
    this.delayed = 0;
    this.started = 0;
    this.completed = 0;
    this.waitSum = 0;
    this.sojournSum = 0;
    this.waits.reset();
    this.sojourns.reset();
  }

  /** Statistics over [last reset, now]. Histograms are the live objects (copy them to keep a snapshot). */
  stats(): ResourceStats {
    const now = this.calendar.now;
    this.advance(now);
    const period = now - this.resetTime;
    const queueMean = period > 0 ? this.queueArea / period : 0;
    const busyMean = period > 0 ? this.busyArea / period : 0;
    return {
      name: this.name,
      observedSeconds: period,
      arrivals: this.arrivals,
      blocked: this.blocked,
      blockingProbability: this.arrivals > 0 ? this.blocked / this.arrivals : 0,
      delayed: this.delayed,
      probabilityOfWaiting: this.arrivals > 0 ? this.delayed / this.arrivals : 0,
      completed: this.completed,
      utilisation: busyMean / this.capacity,
      meanQueueLength: queueMean,
      meanInSystem: queueMean + busyMean,
      meanWaitSeconds: this.started > 0 ? this.waitSum / this.started : 0,
      meanSojournSeconds: this.completed > 0 ? this.sojournSum / this.completed : 0,
      waits: this.waits.histogram(),
      sojourns: this.sojourns.histogram(),
    };
  }

  private begin(customer: Customer, now: number): void {
    customer.start = now;
    if (customer.arrival >= this.resetTime) {
      const wait = now - customer.arrival;
      this.started++;
      this.waitSum += wait;
      this.waits.record(toMicros(wait));
    }
  }

  private advance(now: number): void {
    const dt = now - this.lastChange;
    if (dt > 0) {
      this.busyArea += dt * this.busyServers;
      this.queueArea += dt * (this.queue.length - this.head);
      this.lastChange = now;
    }
  }
}
