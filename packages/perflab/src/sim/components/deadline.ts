import type { Calendar, SimEvent } from '../calendar.ts';
import type { Customer, Resource } from '../resource.ts';

/**
 * Serves one request on `resource` (FIFO, blocking when its queue is full)
 * with an optional deadline `timeoutS` seconds from now. `onTimeout()` runs at
 * the deadline if service has not ended by then; the server finishes the
 * request anyway, and `onEnd(timedOut)` runs when it does (always, so the
 * caller can do its bookkeeping). A timeout event is scheduled only when the
 * request has to wait or its service would end after the deadline — most
 * requests need none, which keeps the event calendar small.
 * @returns false when the request was blocked (nothing else is called)
 */
export function serveWithDeadline(
  calendar: Calendar,
  resource: Resource,
  serviceTime: () => number,
  timeoutS: number | undefined,
  onEnd: (timedOut: boolean) => void,
  onTimeout: () => void,
): boolean {
  const deadline = timeoutS === undefined ? Infinity : calendar.now + timeoutS;
  const request = new DeadlineRequest(calendar, resource, deadline, onEnd, onTimeout);
  // Inline callbacks and a class, not named closures: tsx (esbuild keepNames) wraps every
  // named closure in a defineProperty call, which cost a third of a webservice simulation.
  const customer = resource.request((granted) => {
    const end = calendar.now + serviceTime();
    if (end > deadline) request.arm();
    calendar.scheduleAt(end, () => request.end(granted));
  });
  if (customer === null) return false;
  if (Number.isNaN(customer.start) && deadline !== Infinity) request.arm(); // waiting for a server
  return true;
}

/** One request's deadline state. */
class DeadlineRequest {
  private timer: SimEvent | undefined;
  private timedOut = false;
  private ended = false;

  constructor(
    private readonly calendar: Calendar,
    private readonly resource: Resource,
    private readonly deadline: number,
    private readonly onEnd: (timedOut: boolean) => void,
    private readonly onTimeout: () => void,
  ) {}

  arm(): void {
    if (this.timer === undefined) this.timer = this.calendar.scheduleAt(this.deadline, () => this.expire());
  }

  end(granted: Customer): void {
    this.ended = true;
    if (this.timer !== undefined && !this.timedOut) this.calendar.cancel(this.timer);
    this.resource.release(granted);
    this.onEnd(this.timedOut);
  }

  private expire(): void {
    if (this.ended) return;
    this.timedOut = true;
    this.onTimeout();
  }
}
