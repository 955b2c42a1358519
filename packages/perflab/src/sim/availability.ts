/**
 * Time-weighted availability of a component made of `units` identical parts
 * (instances, nodes): the fraction of the observation period during which at
 * least one part was up, and the mean fraction of parts up. Times in simulated
 * seconds; the caller reports every change with the current time.
 */
export class Availability {
  private up: number;
  private lastChange: number;
  private resetTime: number;
  /** ∫ 1{up > 0} dt and ∫ up dt since the reset. */
  private anyUpArea = 0;
  private upArea = 0;

  /** @param units parts, all up at `now` */
  constructor(
    readonly units: number,
    now: number,
  ) {
    this.up = units;
    this.lastChange = now;
    this.resetTime = now;
  }

  /** Parts up now. */
  get upNow(): number {
    return this.up;
  }

  /** One part went down at `now`. */
  down(now: number): void {
    this.advance(now);
    this.up--;
  }

  /** One part came back at `now`. */
  restored(now: number): void {
    this.advance(now);
    this.up++;
  }

  /** Starts a new observation period at `now` (warm-up deletion). */
  reset(now: number): void {
    this.advance(now);
    this.resetTime = now;
    this.anyUpArea = 0;
    this.upArea = 0;
  }

  /**
   * Over [reset, now]: `component` = share of time with at least one part up,
   * `parts` = mean share of parts up (both 1 for an empty period).
   */
  fractions(now: number): { component: number; parts: number } {
    this.advance(now);
    const period = now - this.resetTime;
    if (period <= 0) return { component: 1, parts: 1 };
    return { component: this.anyUpArea / period, parts: this.upArea / period / this.units };
  }

  private advance(now: number): void {
    const dt = now - this.lastChange;
    if (dt > 0) {
      if (this.up > 0) this.anyUpArea += dt;
      this.upArea += dt * this.up;
      this.lastChange = now;
    }
  }
}
