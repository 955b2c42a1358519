/** Game rules as the participant sees them: card states and rewards (mirrors the server's rules). */
import type { Competition, FieldCard } from './api/client';

export type CardState = 'available' | 'bought' | 'solved' | 'failed' | 'closed';

export const STATE_LABEL: Record<CardState, string> = {
  available: 'Available',
  bought: 'Bought',
  solved: 'Solved',
  failed: 'Failed',
  closed: 'Closed',
};

/** Whether the competition window is open at `now` (ms). */
export function isRunning(competition: Competition, now = Date.now()): boolean {
  return now >= Date.parse(competition.startsAt) && now < Date.parse(competition.endsAt);
}

/** The state a card shows to the viewer. */
export function cardState(card: FieldCard, running: boolean): CardState {
  if (card.purchase) {
    if (card.purchase.status === 'solved') return 'solved';
    if (card.purchase.status === 'closed') return 'failed';
    return running ? 'bought' : 'closed';
  }
  return running ? 'available' : 'closed';
}

/** Reward for a correct answer at attempt `attempt` (1-based): round(price × multiplier); later attempts use the last multiplier. */
export function rewardAt(price: number, multipliers: number[], attempt: number): number {
  const m = multipliers[Math.min(attempt, multipliers.length) - 1] ?? 1;
  return Math.round(price * m);
}
