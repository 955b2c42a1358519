/**
 * The arena's data shapes as zod schemas: one definition for request
 * validation, response serialisation, the OpenAPI document and the TypeScript
 * types. Times are ISO 8601 strings; amounts, prices and balances are integer
 * points; multipliers are plain factors (2 = double the price back).
 */
import { z } from 'zod';
import { acceptedAnswer } from './answers.ts';

const isoTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time' });
const points = z.number().int().min(0).max(1_000_000_000);
const multiplierList = z.array(z.number().finite().min(0).max(1000)).min(1).max(100);

/** The rules of a competition. */
export const rules = z
  .object({
    multipliers: multiplierList.meta({
      description: 'Reward multiplier by attempt: [first, second, …]; later attempts use the last one',
    }),
    maxAttempts: z.number().int().min(1).max(100),
    penalty: points.meta({ description: 'Points taken for a wrong answer (never below a zero balance)' }),
    freezeAt: isoTime
      .nullable()
      .meta({ description: 'From this time participants see the frozen scoreboard' }),
  })
  .meta({ id: 'Rules' });

/** Competition mode: each participant holds a balance, or each team does. */
export const mode = z.enum(['individual', 'team']);

/** Body of POST /api/admin/competitions. */
export const competitionInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).default(''),
    startsAt: isoTime,
    endsAt: isoTime,
    mode,
    initialBalance: points,
    rules: rules.default({ multipliers: [1], maxAttempts: 3, penalty: 0, freezeAt: null }),
  })
  .strict()
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export type CompetitionInput = z.output<typeof competitionInput>;

/** Body of PATCH /api/admin/competitions/:competitionId (every field optional; rules replace whole). */
export const competitionPatch = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000),
    startsAt: isoTime,
    endsAt: isoTime,
    rules,
  })
  .partial()
  .strict();
export type CompetitionPatch = z.output<typeof competitionPatch>;

/** A competition. */
export const competition = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string(),
    startsAt: isoTime,
    endsAt: isoTime,
    mode,
    initialBalance: z.number().int(),
    rules,
  })
  .meta({ id: 'Competition' });
export type Competition = z.output<typeof competition>;

/** Body of POST …/cards: a card of the field, at (topic, level). */
export const cardInput = z
  .object({
    topic: z.string().trim().min(1).max(100).meta({ description: 'Row of the field' }),
    level: z.number().int().min(1).max(100).meta({ description: 'Column of the field (1 = easiest)' }),
    title: z.string().trim().min(1).max(200),
    statement: z.string().max(50_000).meta({ description: 'Markdown (raw HTML is not rendered)' }),
    price: z.number().int().min(1).max(1_000_000_000),
    answers: z.array(acceptedAnswer).min(1).max(50),
    multipliers: multiplierList.nullable().default(null).meta({
      description:
        "This card's multipliers by attempt, replacing the competition's; null = the competition's",
    }),
  })
  .strict();
export type CardInput = z.output<typeof cardInput>;

/** Body of PATCH …/cards/:cardId (edit or move: any subset of the fields). */
export const cardPatch = cardInput.partial().strict();
export type CardPatch = z.output<typeof cardPatch>;

/** A card with its accepted answers (admins only). */
export const adminCard = z
  .object({
    id: z.number().int(),
    competitionId: z.number().int(),
    topic: z.string(),
    level: z.number().int(),
    title: z.string(),
    statement: z.string(),
    price: z.number().int(),
    answers: z.array(acceptedAnswer),
    multipliers: multiplierList.nullable(),
  })
  .meta({ id: 'AdminCard' });
export type AdminCard = z.output<typeof adminCard>;

/** Purchase state of a card for the viewing team/participant. */
export const purchaseState = z
  .object({
    purchaseId: z.number().int(),
    status: z.enum(['open', 'solved', 'closed']),
    attempts: z.number().int(),
    attemptsLeft: z.number().int(),
  })
  .meta({ id: 'PurchaseState' });

/** A card as participants see it: statement rendered, no answers. */
export const fieldCard = z
  .object({
    id: z.number().int(),
    topic: z.string(),
    level: z.number().int(),
    title: z.string(),
    statementHtml: z.string().meta({ description: 'The Markdown statement rendered to safe HTML' }),
    price: z.number().int(),
    multipliers: z.array(z.number()).meta({ description: 'Effective multipliers by attempt' }),
    purchase: purchaseState.nullable().meta({ description: "The viewer's purchase; null if not bought" }),
  })
  .meta({ id: 'FieldCard' });
export type FieldCard = z.output<typeof fieldCard>;

/** The field: rows (topics, sorted) × columns (levels, ascending) and the cards placed on it. */
export const field = z
  .object({
    competitionId: z.number().int(),
    topics: z.array(z.string()),
    levels: z.array(z.number().int()),
    cards: z.array(fieldCard),
    balance: z.number().int().nullable().meta({ description: "The viewer's balance; null for admins" }),
  })
  .meta({ id: 'Field' });
export type Field = z.output<typeof field>;

/** Body of POST …/teams. */
export const teamInput = z.object({ name: z.string().trim().min(1).max(100) }).strict();

/** A participant (never with a password). */
export const participant = z
  .object({
    id: z.number().int(),
    competitionId: z.number().int(),
    login: z.string(),
    displayName: z.string(),
    teamId: z.number().int().nullable(),
    removed: z.boolean(),
  })
  .meta({ id: 'Participant' });
export type Participant = z.output<typeof participant>;

/** A team with its members and its account. */
export const team = z
  .object({
    id: z.number().int(),
    competitionId: z.number().int(),
    name: z.string(),
    accountId: z.number().int(),
    members: z.array(participant),
  })
  .meta({ id: 'Team' });
export type Team = z.output<typeof team>;

const loginName = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ - only');

/** Body of POST …/participants. Without `password` one is generated and returned once. */
export const participantInput = z
  .object({
    login: loginName,
    displayName: z.string().trim().min(1).max(100).optional(),
    password: z.string().min(8).max(200).optional(),
    teamId: z.number().int().nullable().default(null),
  })
  .strict();
export type ParticipantInput = z.output<typeof participantInput>;

/** A participant just created, with the password that will never be shown again. */
export const createdParticipant = participant
  .extend({ password: z.string().meta({ description: 'Shown once; only a hash is stored' }) })
  .meta({ id: 'CreatedParticipant' });

/** A scoreboard row. */
export const scoreRow = z
  .object({
    rank: z.number().int(),
    accountId: z.number().int(),
    name: z.string(),
    balance: z.number().int(),
    solved: z.number().int(),
    lastChangeId: z.number().int().meta({ description: 'Ledger id of the last change (earlier wins a tie)' }),
  })
  .meta({ id: 'ScoreRow' });
export type ScoreRow = z.output<typeof scoreRow>;

/** The scoreboard: ranked by balance, ties broken by who reached it first. */
export const scoreboard = z
  .object({
    competitionId: z.number().int(),
    frozen: z.boolean().meta({ description: 'True when this is the board as of the freeze time' }),
    frozenAt: isoTime.nullable(),
    updatedAt: isoTime.nullable().meta({ description: 'Time of the newest ledger row this board reflects' }),
    rows: z.array(scoreRow),
  })
  .meta({ id: 'Scoreboard' });
export type Scoreboard = z.output<typeof scoreboard>;

/** Score over time for one account: its balance after each ledger row. */
export const scoreSeries = z
  .object({
    accountId: z.number().int(),
    name: z.string(),
    points: z.array(z.object({ at: isoTime, balance: z.number().int() })),
  })
  .meta({ id: 'ScoreSeries' });
export type ScoreSeries = z.output<typeof scoreSeries>;

/** A ledger row. */
export const ledgerEntry = z
  .object({
    id: z.number().int(),
    accountId: z.number().int(),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    reason: z.enum(['initial', 'purchase', 'reward', 'penalty', 'regrade', 'void']),
    cardId: z.number().int().nullable(),
    cardTitle: z.string().nullable(),
    purchaseId: z.number().int().nullable(),
    submissionId: z.number().int().nullable(),
    attempt: z.number().int().nullable(),
    actorKind: z.enum(['system', 'participant', 'admin']),
    actorId: z.number().int().nullable(),
    note: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'LedgerEntry' });

/** A submission (admin view). */
export const submission = z
  .object({
    id: z.number().int(),
    competitionId: z.number().int(),
    purchaseId: z.number().int(),
    accountId: z.number().int(),
    accountName: z.string(),
    cardId: z.number().int(),
    cardTitle: z.string(),
    userId: z.number().int(),
    login: z.string(),
    attempt: z.number().int(),
    answer: z.string(),
    correct: z.boolean(),
    status: z.enum(['graded', 'voided']),
    amount: z.number().int().meta({ description: 'Net ledger effect of this submission so far' }),
    createdAt: isoTime,
  })
  .meta({ id: 'Submission' });
export type Submission = z.output<typeof submission>;

/** An announcement. */
export const announcement = z
  .object({
    id: z.number().int(),
    competitionId: z.number().int(),
    message: z.string(),
    createdAt: isoTime,
  })
  .meta({ id: 'Announcement' });
export type Announcement = z.output<typeof announcement>;
