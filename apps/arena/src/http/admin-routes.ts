/**
 * `/api/admin/*`: competitions and rules, the field (cards, import/export),
 * teams, participants (one by one or bulk CSV), submissions (list, regrade,
 * void), announcements, results CSV and any account's ledger. Admins only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adminCard,
  announcement,
  cardInput,
  cardPatch,
  competition,
  competitionInput,
  competitionPatch,
  createdParticipant,
  ledgerEntry,
  participant,
  participantInput,
  submission,
  team,
  teamInput,
} from '../domain/schemas.ts';
import { ArenaError } from '../errors.ts';
import { createAnnouncement } from '../store/announcements.ts';
import { createCard, deleteCard, exportCards, importCards, listCards, updateCard } from '../store/cards.ts';
import { createCompetition, getCompetition, updateCompetition } from '../store/competitions.ts';
import { listSubmissions, regradeSubmission, voidSubmission } from '../store/game.ts';
import { accountLedger } from '../store/ledger.ts';
import {
  createParticipant,
  createTeam,
  listParticipants,
  listTeams,
  registerParticipantsCsv,
  removeParticipant,
} from '../store/people.ts';
import { liveBoard } from '../store/scoreboard.ts';
import { competitionParams, guarded, okBody, type ArenaContext } from './context.ts';
import { principalOf } from './guard.ts';

const cardParams = competitionParams.extend({ cardId: z.coerce.number().int().positive() });
const participantParams = competitionParams.extend({ participantId: z.coerce.number().int().positive() });
const submissionParams = competitionParams.extend({ submissionId: z.coerce.number().int().positive() });
const accountParams = competitionParams.extend({ accountId: z.coerce.number().int().positive() });

const correction = z
  .object({
    submissionId: z.number().int(),
    changed: z.boolean(),
    correct: z.boolean(),
    status: z.enum(['graded', 'voided']),
    amount: z.number().int().meta({ description: 'The compensating ledger amount' }),
  })
  .meta({ id: 'Correction' });

const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** One CSV field, quoted when needed; a leading = + - @ is neutralised (spreadsheet formula injection). */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Register the admin routes. */
export function registerAdminRoutes(app: FastifyInstance, context: ArenaContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, shared } = context;
  const publish = (type: 'ledger' | 'competition', competitionId: number) =>
    shared.bus.publish({ type, competitionId });
  const tags = ['admin'];

  api.post(
    '/api/admin/competitions',
    guarded('admin', {
      tags,
      summary: 'Create a competition',
      body: competitionInput,
      response: { 201: competition },
    }),
    async (request, reply) => reply.code(201).send(await createCompetition(db, request.body)),
  );

  api.patch(
    '/api/admin/competitions/:competitionId',
    guarded(
      'admin',
      {
        tags,
        summary:
          'Edit a competition: title, description, window, rules (applies from now on, never retroactively)',
        params: competitionParams,
        body: competitionPatch,
        response: { 200: competition },
      },
      [404],
    ),
    async (request) => {
      const updated = await updateCompetition(db, request.params.competitionId, request.body);
      await publish('competition', updated.id);
      return updated;
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/cards',
    guarded(
      'admin',
      {
        tags,
        summary: 'Every card with its accepted answers',
        params: competitionParams,
        response: { 200: z.array(adminCard) },
      },
      [404],
    ),
    async (request) => {
      await getCompetition(db, request.params.competitionId);
      return listCards(db, request.params.competitionId);
    },
  );

  api.post(
    '/api/admin/competitions/:competitionId/cards',
    guarded(
      'admin',
      {
        tags,
        summary: 'Add a card at (topic, level)',
        params: competitionParams,
        body: cardInput,
        response: { 201: adminCard },
      },
      [404, 409],
    ),
    async (request, reply) => {
      const created = await createCard(db, request.params.competitionId, request.body);
      await publish('competition', request.params.competitionId);
      return reply.code(201).send(created);
    },
  );

  api.patch(
    '/api/admin/competitions/:competitionId/cards/:cardId',
    guarded(
      'admin',
      {
        tags,
        summary: 'Edit or move a card (topic/level = its cell)',
        params: cardParams,
        body: cardPatch,
        response: { 200: adminCard },
      },
      [404, 409],
    ),
    async (request) => {
      const updated = await updateCard(db, request.params.competitionId, request.params.cardId, request.body);
      await publish('competition', request.params.competitionId);
      return updated;
    },
  );

  api.delete(
    '/api/admin/competitions/:competitionId/cards/:cardId',
    guarded(
      'admin',
      { tags, summary: 'Delete a card nobody bought', params: cardParams, response: { 200: okBody } },
      [404, 409],
    ),
    async (request) => {
      await deleteCard(db, request.params.competitionId, request.params.cardId);
      await publish('competition', request.params.competitionId);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/cards/export',
    guarded(
      'admin',
      {
        tags,
        summary: 'The cards as JSON (import format)',
        params: competitionParams,
        response: { 200: z.array(cardInput) },
      },
      [404],
    ),
    async (request) => exportCards(db, request.params.competitionId),
  );

  api.post(
    '/api/admin/competitions/:competitionId/cards/import',
    {
      ...guarded(
        'admin',
        {
          tags,
          summary: 'Import cards (the export format); all or nothing',
          params: competitionParams,
          body: z.array(cardInput).max(1000),
          response: { 201: z.array(adminCard) },
        },
        [404, 409],
      ),
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) => {
      const created = await importCards(db, request.params.competitionId, request.body);
      await publish('competition', request.params.competitionId);
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/teams',
    guarded(
      'admin',
      { tags, summary: 'Teams with members', params: competitionParams, response: { 200: z.array(team) } },
      [404],
    ),
    async (request) => {
      await getCompetition(db, request.params.competitionId);
      return listTeams(db, request.params.competitionId);
    },
  );

  api.post(
    '/api/admin/competitions/:competitionId/teams',
    guarded(
      'admin',
      {
        tags,
        summary: 'Create a team (team mode); its account gets the initial balance',
        params: competitionParams,
        body: teamInput,
        response: { 201: team },
      },
      [404, 409],
    ),
    async (request, reply) => {
      const created = await createTeam(db, request.params.competitionId, request.body.name);
      await publish('ledger', request.params.competitionId);
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/participants',
    guarded(
      'admin',
      {
        tags,
        summary: 'Participants (removed ones flagged)',
        params: competitionParams,
        response: { 200: z.array(participant) },
      },
      [404],
    ),
    async (request) => {
      await getCompetition(db, request.params.competitionId);
      return listParticipants(db, request.params.competitionId);
    },
  );

  api.post(
    '/api/admin/competitions/:competitionId/participants',
    guarded(
      'admin',
      {
        tags,
        summary: 'Register a participant; a generated password (if none given) is returned once',
        params: competitionParams,
        body: participantInput,
        response: { 201: createdParticipant },
      },
      [404, 409],
    ),
    async (request, reply) => {
      const created = await createParticipant(db, request.params.competitionId, request.body);
      await publish('ledger', request.params.competitionId);
      return reply.code(201).send(created);
    },
  );

  api.post(
    '/api/admin/competitions/:competitionId/participants/bulk',
    {
      ...guarded(
        'admin',
        {
          tags,
          summary:
            'Register participants from CSV (header: login,displayName,team[,password]); all or nothing',
          description:
            'Send `Content-Type: text/csv`. Teams named in the file are created when missing. ' +
            'Generated passwords are in the answer and never shown again.',
          params: competitionParams,
          body: z.string().min(1).meta({ description: 'CSV text' }),
          response: { 201: z.array(createdParticipant) },
        },
        [404, 409],
      ),
      bodyLimit: 2 * 1024 * 1024,
    },
    async (request, reply) => {
      const created = await registerParticipantsCsv(db, request.params.competitionId, request.body);
      await publish('ledger', request.params.competitionId);
      return reply.code(201).send(created);
    },
  );

  api.delete(
    '/api/admin/competitions/:competitionId/participants/:participantId',
    guarded(
      'admin',
      {
        tags,
        summary: 'Remove a participant: their tokens stop working at once; their ledger rows stay',
        params: participantParams,
        response: { 200: okBody },
      },
      [404],
    ),
    async (request) => {
      const { competitionId, participantId } = request.params;
      await removeParticipant(db, competitionId, participantId);
      await context.tokens.revokeUser(participantId);
      await publish('ledger', competitionId);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/submissions',
    guarded(
      'admin',
      {
        tags,
        summary: 'Submissions, newest first (filters: accountId, cardId, correct; paging: beforeId, limit)',
        params: competitionParams,
        querystring: z.object({
          accountId: z.coerce.number().int().positive().optional(),
          cardId: z.coerce.number().int().positive().optional(),
          correct: queryBool.optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.array(submission) },
      },
      [404],
    ),
    async (request) => {
      await getCompetition(db, request.params.competitionId);
      return listSubmissions(db, request.params.competitionId, request.query);
    },
  );

  for (const action of ['regrade', 'void'] as const) {
    api.post(
      `/api/admin/competitions/:competitionId/submissions/:submissionId/${action}`,
      guarded(
        'admin',
        {
          tags,
          summary:
            action === 'regrade'
              ? "Re-check a submission against the card's current answers (compensating ledger rows)"
              : 'Void a submission: its reward or penalty is cancelled by a compensating ledger row',
          params: submissionParams,
          response: { 200: correction },
        },
        [404, 409],
      ),
      async (request) => {
        const { competitionId, submissionId } = request.params;
        const adminId = principalOf(request).userId;
        const result =
          action === 'regrade'
            ? await regradeSubmission(db, competitionId, submissionId, adminId)
            : await voidSubmission(db, competitionId, submissionId, adminId);
        await publish('ledger', competitionId);
        return result;
      },
    );
  }

  api.post(
    '/api/admin/competitions/:competitionId/announcements',
    guarded(
      'admin',
      {
        tags,
        summary: 'Post an announcement; pushed at once to every open stream of the competition',
        params: competitionParams,
        body: z.object({ message: z.string().trim().min(1).max(2000) }).strict(),
        response: { 201: announcement },
      },
      [404],
    ),
    async (request, reply) => {
      const created = await createAnnouncement(
        db,
        request.params.competitionId,
        principalOf(request).userId,
        request.body.message,
      );
      await shared.bus.publish({
        type: 'announcement',
        competitionId: created.competitionId,
        announcement: created,
      });
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/results.csv',
    guarded(
      'admin',
      {
        tags,
        summary: 'Final results as CSV: rank, name, balance, solved, members',
        params: competitionParams,
        response: { 200: z.string().meta({ description: 'text/csv' }) },
      },
      [404],
    ),
    async (request, reply) => {
      const { competitionId } = request.params;
      const comp = await getCompetition(db, competitionId);
      const rows = await liveBoard(db, competitionId);
      const members = new Map<number, string>();
      if (comp.mode === 'team') {
        for (const t of await listTeams(db, competitionId)) {
          members.set(
            t.accountId,
            t.members
              .filter((m) => !m.removed)
              .map((m) => m.login)
              .join(' '),
          );
        }
      }
      const lines = ['rank,name,balance,solved,members'];
      for (const row of rows) {
        lines.push(
          [row.rank, row.name, row.balance, row.solved, members.get(row.accountId) ?? '']
            .map(csvField)
            .join(','),
        );
      }
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="competition-${competitionId}-results.csv"`);
      return `${lines.join('\n')}\n`;
    },
  );

  api.get(
    '/api/admin/competitions/:competitionId/accounts/:accountId/ledger',
    guarded(
      'admin',
      {
        tags,
        summary: "Any account's ledger, oldest first",
        params: accountParams,
        response: { 200: z.array(ledgerEntry) },
      },
      [404],
    ),
    async (request) => {
      const { competitionId, accountId } = request.params;
      const entries = await accountLedger(db, competitionId, accountId);
      if (entries.length === 0)
        throw new ArenaError(
          'ARENA_ERR_NOT_FOUND',
          `account ${accountId} not found in competition ${competitionId}.`,
        );
      return entries;
    },
  );
}
