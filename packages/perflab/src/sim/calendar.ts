/**
 * The event calendar (future-event list) of the discrete-event simulator.
 *
 * A binary min-heap of events ordered by (time, priority, insertion sequence):
 * earlier time first; at equal times the lower `priority` number first; at
 * equal time and priority, the event scheduled first runs first (FIFO). The
 * sequence number makes the order total, so the same schedule calls always
 * give the same execution order — deterministic tie-breaking, independent of
 * heap internals. Cancellation is lazy: a cancelled event stays in the heap
 * and is discarded when it reaches the top (O(1) cancel; Brown's calendar-queue
 * paper and SimPy use the same idea). Clock unit: **seconds** of simulated time.
 */

/** A scheduled event: returned by {@link Calendar.schedule}, passed to {@link Calendar.cancel}. */
export interface SimEvent {
  /** Simulated time the event fires, in seconds. */
  readonly time: number;
  /** Tie-break at equal times: lower runs first. */
  readonly priority: number;
  /** Insertion sequence number (0, 1, 2 … per calendar). */
  readonly seq: number;
  /** True once cancelled or run. */
  readonly done: boolean;
}

interface MutableEvent {
  time: number;
  priority: number;
  seq: number;
  done: boolean;
  action: (() => void) | null;
}

/** When {@link Calendar.run} stops: at a simulated time (s), after a number of events, or when either is reached. */
export interface RunLimits {
  /** Stop before the first event later than this time (seconds); the clock is then set to `until`. */
  until?: number;
  /** Stop after executing this many events. */
  count?: number;
  /** Checked after each event; the run stops as soon as it returns true (e.g. a customer count reached). */
  stopWhen?: () => boolean;
}

function before(a: MutableEvent, b: MutableEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/** Event calendar: the simulation clock plus the heap of future events. */
export class Calendar {
  private readonly heap: MutableEvent[] = [];
  private nextSeq = 0;
  private live = 0;
  private stopped = false;
  private clock = 0;
  /** Events executed so far. */
  executed = 0;

  /** Current simulated time, in seconds (starts at 0). */
  get now(): number {
    return this.clock;
  }

  /** Events scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /**
   * Schedules `action` to run `delay` seconds from now (delay ≥ 0, finite).
   * Throws `RangeError` for a negative, NaN or infinite delay.
   */
  schedule(delay: number, action: () => void, priority = 0): SimEvent {
    if (!(delay >= 0 && delay !== Infinity))
      throw new RangeError(`event delay must be a finite number ≥ 0 s, got ${delay}`);
    return this.push(this.clock + delay, action, priority);
  }

  /**
   * Schedules `action` at absolute simulated time `time` (seconds, ≥ now).
   * Throws `RangeError` for a time in the past or not finite.
   */
  scheduleAt(time: number, action: () => void, priority = 0): SimEvent {
    if (!(time >= this.clock && time !== Infinity))
      throw new RangeError(`event time must be finite and ≥ now (${this.clock} s), got ${time}`);
    return this.push(time, action, priority);
  }

  /** Cancels a scheduled event; returns false if it already ran or was cancelled. */
  cancel(event: SimEvent): boolean {
    const e = event as MutableEvent;
    if (e.done) return false;
    e.done = true;
    e.action = null;
    this.live--;
    return true;
  }

  /** Makes the current {@link run} return after the event being executed. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Executes events in order until the calendar is empty, `limits.until`
   * (seconds) is passed, `limits.count` events have run, or {@link stop} is
   * called, or `limits.stopWhen()` returns true. With `until`, the clock ends at `until` unless stopped earlier.
   * Returns the number of events executed by this call.
   */
  run(limits: RunLimits = {}): number {
    const until = limits.until ?? Infinity;
    const count = limits.count ?? Infinity;
    const stopWhen = limits.stopWhen;
    if (Number.isNaN(until) || until < this.clock)
      throw new RangeError(`run until must be ≥ now (${this.clock} s), got ${until}`);
    this.stopped = false;
    let ran = 0;
    const heap = this.heap;
    while (ran < count && !this.stopped && heap.length > 0) {
      const top = heap[0]!;
      if (top.done) {
        this.pop();
        continue;
      }
      if (top.time > until) break;
      this.pop();
      this.clock = top.time;
      const action = top.action!;
      top.done = true;
      top.action = null;
      this.live--;
      ran++;
      this.executed++;
      action();
      if (stopWhen !== undefined && stopWhen()) {
        this.stopped = true;
        break;
      }
    }
    if (until !== Infinity && !this.stopped && ran < count) this.clock = until;
    return ran;
  }

  private push(time: number, action: () => void, priority: number): SimEvent {
    const event: MutableEvent = { time, priority, seq: this.nextSeq++, done: false, action };
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    this.live++;
    return event;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right]!, heap[left]!)) child = right;
      const c = heap[child]!;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
