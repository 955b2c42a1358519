import { PerflabError } from '../errors.ts';
import {
  type FeederMode,
  type FeederOnEnd,
  type FeederOptions,
  feederOptionsSchema,
  parseFeederOptions,
} from './feeder-options.ts';

/**
 * Test data for virtual users: a fixed list of rows handed out one per call
 * (Artillery `payload`, Locust-plugins CSV readers, k6 `SharedArray`).
 *
 * Exhaustion (only with `onEnd: 'stop'`): `next(vuId)` returns `undefined`.
 * - `sequential`: every row has been handed out once; `exhausted` is then `true`
 *   and `next()` returns `undefined` for every VU, so the runtime should stop the
 *   scenario.
 * - `per-vu`: that VU has walked all rows; `exhausted` stays `false` (other VUs
 *   may still have rows), so the runtime should stop that VU only.
 * - `random` never runs out.
 *
 * Rows are shared by all VUs, never copied: do not change them (the file feeders
 * freeze them; copy with `{ ...row }` to vary one).
 *
 * @typeParam T one row; never `undefined` (that value means "exhausted")
 */
export interface Feeder<T> {
  /**
   * The next row for virtual user `vuId` under the feeder's mode.
   * @param vuId the VU's 1-based number (`vu.id`); used by `per-vu`, ignored otherwise
   * @returns the row, or `undefined` when exhausted (only possible with `onEnd: 'stop'`)
   * @throws RangeError in `per-vu` mode when `vuId` is not a positive integer
   */
  next(vuId: number): T | undefined;
  /** Number of rows (≥ 1). */
  readonly size: number;
  readonly mode: FeederMode;
  readonly onEnd: FeederOnEnd;
  /**
   * `true` once no VU can get another row: a `sequential` + `stop` feeder whose
   * rows have all been handed out. Always `false` for `recycle`, `per-vu` and `random`.
   */
  readonly exhausted: boolean;
  /** Where the rows came from (a file path as given, or `'memory'`), for messages. */
  readonly source: string;
  /** Rewinds every cursor to the start (e.g. before a second run in the same process). */
  reset(): void;
}

/**
 * A feeder over rows already in memory. Loading files is `csvFeeder` and
 * `jsonFeeder`'s job; this holds the cursor logic they share.
 *
 * The `sequential` cursor is a ticket counter in a `SharedArrayBuffer`, taken
 * with `Atomics.add`: ticket `t` gets row `t % size` (pass `⌊t / size⌋`), so
 * rows stay exactly-once per pass even when, later, VUs on several worker
 * threads share the buffer. A 64-bit counter never wraps in practice.
 *
 * @param rows the rows (copied: later changes to the array do not affect the feeder);
 *   at least one, none `undefined`
 * @param options mode (default `sequential`) and onEnd (default `recycle`)
 * @param source names the data in messages, e.g. the file path; default `'memory'`
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_INVALID` when `rows` is empty, holds
 *   `undefined` or the options are invalid (every option problem listed at once)
 */
export function createFeeder<T>(rows: readonly T[], options?: FeederOptions, source = 'memory'): Feeder<T> {
  const { mode, onEnd } = parseFeederOptions(feederOptionsSchema, options, `feeder ${source}`);
  if (rows.length === 0) {
    throw new PerflabError('PERFLAB_ERR_SCENARIO_INVALID', `feeder ${source}: no rows`, null);
  }
  const data = rows.slice();
  const missing = data.findIndex((row) => row === undefined); // also finds holes
  if (missing !== -1) {
    throw new PerflabError(
      'PERFLAB_ERR_SCENARIO_INVALID',
      `feeder ${source}: rows[${missing}] is undefined (undefined means "exhausted")`,
      null,
    );
  }
  const size = data.length;
  const sizeBig = BigInt(size);
  const stop = onEnd === 'stop';

  // sequential: tickets handed out so far, shared.
  const tickets = new BigInt64Array(nextCursorBuffer());
  // per-vu: rows this pass per VU (recycle) or rows taken in all (stop).
  const taken = new Map<number, number>();

  const row = (index: number): T => data[index] as T;

  const nextSequential = (): T | undefined => {
    const ticket = Atomics.add(tickets, 0, 1n);
    if (stop && ticket >= sizeBig) return undefined;
    return row(Number(ticket % sizeBig));
  };

  const nextPerVu = (vuId: number): T | undefined => {
    if (!Number.isSafeInteger(vuId) || vuId < 1) {
      throw new RangeError(`feeder ${source}: vuId must be a positive integer, got ${String(vuId)}`);
    }
    const count = taken.get(vuId) ?? 0;
    if (stop && count >= size) return undefined;
    taken.set(vuId, stop || count + 1 < size ? count + 1 : 0);
    return row((((vuId - 1) % size) + count) % size);
  };

  const nextRandom = (): T => row(Math.floor(Math.random() * size));

  const next =
    mode === 'sequential' ? nextSequential : mode === 'per-vu' ? nextPerVu : (_vuId: number) => nextRandom();

  return {
    next,
    size,
    mode,
    onEnd,
    source,
    get exhausted() {
      return mode === 'sequential' && stop && Atomics.load(tickets, 0) >= sizeBig;
    },
    reset() {
      Atomics.store(tickets, 0, 0n);
      taken.clear();
    },
  };
}

let sharedCursors: SharedArrayBuffer[] | undefined;
let nextShared = 0;

/**
 * Makes the feeders created from now on in this thread take their sequential
 * cursors, in creation order, from `cursors` — buffers shared with the other
 * worker threads of the run, so that every row is used once across all of them.
 * Every worker loads the same scenario file, so its feeders are created in the same order.
 */
export function useSharedFeederCursors(cursors: SharedArrayBuffer[]): void {
  sharedCursors = cursors;
  nextShared = 0;
}

function nextCursorBuffer(): SharedArrayBuffer {
  return sharedCursors?.[nextShared++] ?? new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
}
