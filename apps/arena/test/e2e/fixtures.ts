/** The competition the end-to-end tests play: a 3×3 field, rules with decreasing rewards, CSV participants. */

export const TOPICS = ['algebra', 'geometry', 'logic'] as const;
export const LEVELS = [1, 2, 3] as const;
export const RULES = { multipliers: [2, 1.5, 1], maxAttempts: 5, penalty: 10, freezeAt: null };
export const INITIAL_BALANCE = 300;

/** Title of the card at (topic, level): "Algebra 2". */
export const cardTitle = (topic: string, level: number) =>
  `${topic[0]!.toUpperCase()}${topic.slice(1)} ${level}`;
/** Its accepted answer. */
export const answerOf = (topic: string, level: number) => `${topic}-${level}`;
/** Its price: 50 points per level. */
export const priceOf = (level: number) => 50 * level;

/** The body of POST …/cards for (topic, level); the statement carries a KaTeX formula. */
export function cardBody(topic: string, level: number) {
  return {
    topic,
    level,
    title: cardTitle(topic, level),
    statement: `Find $x$ such that $x^2 = ${level * level}$.\n\nAnswer with the word **${answerOf(topic, level)}**.`,
    price: priceOf(level),
    answers: [{ kind: 'exact', value: answerOf(topic, level) }],
  };
}

/** Participants as CSV (login,displayName,team,password). */
export const PARTICIPANTS_CSV = [
  'login,displayName,team,password',
  'alice,Alice,Red,alice-password',
  'bob,Bob,Blue,bob-password',
  'carol,Carol,Red,carol-password',
].join('\n');

/** A competition running from an hour ago to an hour from now. */
export function competitionBody(title: string) {
  return {
    title,
    description: 'End-to-end test competition',
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 3600_000).toISOString(),
    mode: 'team',
    initialBalance: INITIAL_BALANCE,
    rules: RULES,
  };
}
