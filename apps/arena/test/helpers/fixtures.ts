/** Building competitions, cards and participants for tests, straight through the store. */
import type { SqlClient } from '../../src/db/sql-client.ts';
import type { CardInput, CompetitionInput } from '../../src/domain/schemas.ts';
import { createCard } from '../../src/store/cards.ts';
import { createCompetition } from '../../src/store/competitions.ts';
import { createParticipant, createTeam } from '../../src/store/people.ts';

const HOUR = 3600_000;

/** A competition running now (started an hour ago, ends in an hour), with `overrides`. */
export function runningCompetition(overrides: Partial<CompetitionInput> = {}): CompetitionInput {
  return {
    title: 'Test cup',
    description: '',
    startsAt: new Date(Date.now() - HOUR).toISOString(),
    endsAt: new Date(Date.now() + HOUR).toISOString(),
    mode: 'team',
    initialBalance: 1000,
    rules: { multipliers: [2, 1.5, 1.2], maxAttempts: 3, penalty: 0, freezeAt: null },
    ...overrides,
  };
}

/** A card at (`topic`, `level`) priced `price` whose answer is "42". */
export function card(topic: string, level: number, price = 100, extra: Partial<CardInput> = {}): CardInput {
  return {
    topic,
    level,
    title: `${topic} ${level}`,
    statement: `What is *six* times seven? (${topic}/${level})`,
    price,
    answers: [{ kind: 'exact', value: '42' }],
    multipliers: null,
    ...extra,
  };
}

/** A team competition with one team of `members` participants and `cards` cards priced `price`. */
export async function teamGame(
  db: SqlClient,
  options: { members?: number; cards?: number; price?: number; competition?: Partial<CompetitionInput> } = {},
) {
  const competition = await createCompetition(db, runningCompetition(options.competition));
  const team = await createTeam(db, competition.id, 'Alpha');
  const members = [];
  for (let i = 0; i < (options.members ?? 1); i++) {
    members.push(
      await createParticipant(db, competition.id, {
        login: `alpha${competition.id}-${i}`,
        password: 'password-1',
        teamId: team.id,
      }),
    );
  }
  const cards = [];
  for (let i = 0; i < (options.cards ?? 1); i++) {
    cards.push(await createCard(db, competition.id, card('algebra', i + 1, options.price ?? 100)));
  }
  return { competition, team, members, cards };
}
