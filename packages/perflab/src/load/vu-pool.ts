import { setTimeout as sleep } from 'node:timers/promises';
import type { Http1Agent } from '../http/agent.ts';
import type { MetricsStore } from '../metrics/store.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Share } from './driver.ts';
import { Stopper, VirtualUser } from './virtual-user.ts';

/** How a stop ended. */
export interface StopOutcome {
  /** Iterations still running when the grace period ended (their requests were aborted). */
  forced: number;
}

interface ClosedUser {
  vu: VirtualUser;
  stop: Stopper;
  done: Promise<void>;
}

/**
 * The virtual users of one scenario. Closed-model executors call {@link scaleTo}
 * to set how many users loop; open-model executors call {@link startIteration}
 * for each scheduled arrival, which runs it on an idle VU (allocating one more up
 * to `maxVUs`) or counts it as dropped. {@link stopAll} ends everything once.
 */
export class VuPool {
  private readonly closed: ClosedUser[] = [];
  private readonly idle: VirtualUser[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly openUsers: VirtualUser[] = [];
  private readonly hardStop = new AbortController();
  private nextId: number;
  private readonly idStep: number;
  private busy = 0;

  /**
   * @param maxVUs open model: most VUs ever allocated (ignored in the closed model)
   * @param stopScenario called when scenario code asks the scenario to end (a feeder ran dry)
   * @param share this generator's part of the load (VU ids are numbered to stay unique across shares)
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly host: string,
    private readonly transport: Http1Agent,
    private readonly store: MetricsStore,
    private readonly maxVUs = Number.POSITIVE_INFINITY,
    private readonly stopScenario: () => void = () => undefined,
    share: Share = { index: 0, count: 1 },
  ) {
    // VU ids stay unique across shares: this share numbers index+1, index+1+count, …
    this.nextId = share.index + 1;
    this.idStep = share.count;
  }

  /** Running users (closed model) plus allocated VUs (open model). */
  get size(): number {
    return this.closed.length + this.openUsers.length;
  }

  /** Closed model: starts or (gracefully) stops users until `users` run; the newest stop first. */
  scaleTo(users: number): void {
    while (this.closed.length < users) {
      const vu = this.create(false);
      const stop = new Stopper();
      const user: ClosedUser = { vu, stop, done: Promise.resolve() };
      user.done = vu.runClosedLoop(stop).finally(() => {
        const index = this.closed.indexOf(user);
        if (index >= 0) this.closed.splice(index, 1);
      });
      this.closed.push(user);
    }
    while (this.closed.length > users) {
      const user = this.closed.pop()!;
      user.stop.stop();
      this.track(user.done);
    }
  }

  /**
   * Open model: allocates `n` VUs ahead of time (k6 `preAllocatedVUs`); each runs
   * `onStart` at once and is idle when that is done.
   */
  preAllocate(n: number): void {
    for (let i = 0; i < n && this.openUsers.length < this.maxVUs; i++) {
      const vu = this.create(true);
      this.openUsers.push(vu);
      this.busy++;
      this.track(
        vu.start().then((ok) => {
          this.busy--;
          if (ok) this.idle.push(vu);
        }),
      );
    }
  }

  /**
   * Open model: starts an iteration scheduled for `intendedStart` (performance.now()
   * ms) on an idle VU, allocating a new one when none is idle and fewer than `maxVUs`
   * exist. @returns false when the iteration was dropped (no VU available)
   */
  startIteration(intendedStart: number): boolean {
    let vu = this.idle.pop();
    let fresh = false;
    if (!vu) {
      if (this.openUsers.length >= this.maxVUs) {
        this.store.recordDroppedIteration(this.scenario.name);
        return false;
      }
      vu = this.create(true);
      this.openUsers.push(vu);
      fresh = true;
    }
    const user = vu;
    this.busy++;
    this.track(
      (async () => {
        if (fresh && !(await user.start())) {
          this.busy--;
          return;
        }
        const completed = await user.iterate(intendedStart);
        this.busy--;
        if (completed !== undefined) this.idle.push(user);
        else if (user.isRetired) await user.finish();
      })(),
    );
    return true;
  }

  /** Open model: VUs running an iteration (or their `onStart`) right now. */
  get busyCount(): number {
    return this.busy;
  }

  /**
   * Stops everything: closed users stop after their current task, no iteration is
   * started any more; running ones may finish within `graceMs`, after which
   * requests in flight are aborted (not recorded). Then `onStop` runs for every
   * open-model VU and every connection is closed.
   */
  async stopAll(graceMs: number): Promise<StopOutcome> {
    this.scaleTo(0);
    const pending = () => Promise.all([...this.inFlight]);
    const grace = new AbortController();
    const finished = await Promise.race([
      pending().then(() => true),
      sleep(graceMs, false, { signal: grace.signal }).catch(() => false),
    ]);
    grace.abort();
    const forced = finished ? 0 : this.inFlight.size;
    if (!finished) {
      this.hardStop.abort();
      // Tasks awaiting something other than HTTP may never return; don't wait on them forever.
      await Promise.race([pending(), sleep(1000)]);
    } else {
      await Promise.all(this.idle.map((vu) => vu.finish()));
    }
    return { forced };
  }

  /** Aborts requests in flight at once (used when the whole run is torn down). */
  abort(): void {
    this.hardStop.abort();
  }

  private create(openModel: boolean): VirtualUser {
    const id = this.nextId;
    this.nextId += this.idStep;
    return new VirtualUser(id, {
      scenario: this.scenario,
      host: this.host,
      transport: this.transport,
      store: this.store,
      hardStop: this.hardStop.signal,
      openModel,
      stopScenario: this.stopScenario,
    });
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
