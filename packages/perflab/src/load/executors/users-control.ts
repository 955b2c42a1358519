/**
 * A live override of a closed-model scenario's user count (the live UI's "change
 * users"): when set, the users/spawn-rate executor moves to `users` — new users
 * start at the scenario's spawn rate, surplus ones stop after their current task.
 */
export class UsersControl {
  private target: number | undefined = undefined;
  private wake: (() => void) | undefined = undefined;
  private changedPromise: Promise<void> | undefined = undefined;

  /** The requested user count, or undefined while the scenario's own applies. */
  get users(): number | undefined {
    return this.target;
  }

  /** @throws RangeError when `users` is not a non-negative integer */
  set(users: number): void {
    if (!Number.isInteger(users) || users < 0)
      throw new RangeError(`users must be a whole number ≥ 0, got ${users}`);
    this.target = users;
    const wake = this.wake;
    this.wake = undefined;
    this.changedPromise = undefined;
    wake?.();
  }

  /** Resolves at the next {@link set}. */
  changed(): Promise<void> {
    return (this.changedPromise ??= new Promise<void>((resolve) => (this.wake = resolve)));
  }
}
