/** The game's arithmetic: which multiplier an attempt earns and what a solve pays. */

/**
 * The multiplier for `attempt` (1-based): the card's own list when it has one,
 * else the competition's; attempts past the end of the list use its last value.
 * E.g. `[2, 1.5, 1.2]`: attempt 1 → 2, 2 → 1.5, 3 and later → 1.2.
 * @throws RangeError when `attempt < 1` or the chosen list is empty.
 */
export function multiplierFor(
  attempt: number,
  competitionMultipliers: readonly number[],
  cardMultipliers?: readonly number[] | null,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
  const list = cardMultipliers && cardMultipliers.length > 0 ? cardMultipliers : competitionMultipliers;
  const value = list[Math.min(attempt, list.length) - 1];
  if (value === undefined) throw new RangeError('the multiplier list is empty');
  return value;
}

/** Points credited for a correct answer: `round(price × multiplier)` (half away from zero), in points. */
export function rewardFor(price: number, multiplier: number): number {
  return Math.round(price * multiplier);
}
