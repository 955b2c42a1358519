/**
 * What participants (and admins, read-only) use during a competition: the
 * competition, the field, buying and answering cards, their own ledger, the
 * scoreboard and its history, announcements, and the live event stream.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_ANSWER_LENGTH } from '../domain/answers.ts';
import { announcement, competition, field, ledgerEntry, scoreboard, scoreSeries } from '../domain/schemas.ts';
import { ArenaError, isArenaError } from '../errors.ts';
import type { Audience } from '../live/scoreboard-hub.ts';
import { listAnnouncements } from '../store/announcements.ts';
import { viewField } from '../store/cards.ts';
import { getCompetition, listCompetitions } from '../store/competitions.ts';
import { buyCard, submitAnswer } from '../store/game.ts';
import { accountLedger } from '../store/ledger.ts';
import { accountOf } from '../store/people.ts';
import { competitionParams, guarded, minuteLimit, type ArenaContext } from './context.ts';
import { principalOf } from './guard.ts';

const cardParams = competitionParams.extend({ cardId: z.coerce.number().int().positive() });

const buyResult = z
  .object({
    purchaseId: z.number().int(),
    cardId: z.number().int(),
    accountId: z.number().int(),
    price: z.number().int(),
    balance: z.number().int().meta({ description: 'Balance after the purchase' }),
    ledgerEntryId: z.number().int(),
  })
  .meta({ id: 'Purchase' });

const submitResult = z
  .object({
    submissionId: z.number().int(),
    cardId: z.number().int(),
    accountId: z.number().int(),
    correct: z.boolean(),
    attempt: z.number().int(),
    attemptsLeft: z.number().int(),
    status: z.enum(['open', 'solved', 'closed']),
    amount: z.number().int().meta({ description: 'Reward (> 0), penalty (< 0) or 0' }),
    balance: z.number().int(),
  })
  .meta({ id: 'SubmitResult' });

const audienceOf = (request: FastifyRequest): Audience =>
  principalOf(request).role === 'admin' ? 'admin' : 'participant';

/** Register the play routes. */
export function registerPlayRoutes(app: FastifyInstance, context: ArenaContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, hub, shared, metrics } = context;
  const changed = (competitionId: number) => shared.bus.publish({ type: 'ledger', competitionId });

  api.get(
    '/api/competitions',
    guarded('user', {
      tags: ['play'],
      summary: 'Competitions the caller can see: all for admins, their own for participants',
      response: { 200: z.array(competition) },
    }),
    async (request) => {
      const principal = principalOf(request);
      if (principal.role === 'admin') return listCompetitions(db);
      return [await getCompetition(db, principal.competitionId as number)];
    },
  );

  api.get(
    '/api/competitions/:competitionId',
    guarded(
      'member',
      {
        tags: ['play'],
        summary: 'A competition and its rules',
        params: competitionParams,
        response: { 200: competition },
      },
      [404],
    ),
    async (request) => getCompetition(db, request.params.competitionId),
  );

  api.get(
    '/api/competitions/:competitionId/field',
    guarded(
      'member',
      {
        tags: ['play'],
        summary: "The field of cards (topics × levels), statements rendered; with the caller's purchases",
        params: competitionParams,
        response: { 200: field },
      },
      [404],
    ),
    async (request) => {
      const principal = principalOf(request);
      const accountId = principal.role === 'participant' ? await accountOf(db, principal.userId) : null;
      return viewField(db, request.params.competitionId, accountId);
    },
  );

  api.post(
    '/api/competitions/:competitionId/cards/:cardId/buy',
    guarded(
      'participant',
      {
        tags: ['play'],
        summary: "Buy a card with the team's (or own) balance; once per team/participant",
        params: cardParams,
        response: { 200: buyResult },
      },
      [404, 409],
    ),
    async (request) => {
      const { competitionId, cardId } = request.params;
      try {
        const result = await buyCard(db, competitionId, principalOf(request).userId, cardId);
        metrics.purchases.inc({ result: 'ok' });
        await changed(competitionId);
        return result;
      } catch (error) {
        if (isArenaError(error)) metrics.purchases.inc({ result: error.code });
        throw error;
      }
    },
  );

  const answerLimit = minuteLimit(
    app.createRateLimit({
      max: context.rateLimits.answersPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) =>
        `answer:${request.principal?.userId ?? 0}:${(request.params as { cardId?: string }).cardId ?? ''}`,
    }),
    'answers to this card',
  );

  api.post(
    '/api/competitions/:competitionId/cards/:cardId/submissions',
    {
      ...guarded(
        'participant',
        {
          tags: ['play'],
          summary: 'Answer a bought card (attempt counted; reward = price × multiplier for the attempt)',
          params: cardParams,
          body: z.object({ answer: z.string().max(MAX_ANSWER_LENGTH) }).strict(),
          response: { 200: submitResult },
        },
        [404, 409, 429],
      ),
      preHandler: answerLimit,
    },
    async (request) => {
      const { competitionId, cardId } = request.params;
      try {
        const result = await submitAnswer(
          db,
          competitionId,
          principalOf(request).userId,
          cardId,
          request.body.answer,
        );
        metrics.submissions.inc({ result: result.correct ? 'correct' : 'wrong' });
        await changed(competitionId);
        return result;
      } catch (error) {
        if (isArenaError(error)) metrics.submissions.inc({ result: error.code });
        throw error;
      }
    },
  );

  api.get(
    '/api/competitions/:competitionId/ledger',
    guarded(
      'participant',
      {
        tags: ['play'],
        summary: "The caller's team/own ledger: every amount spent and earned, oldest first",
        params: competitionParams,
        response: {
          200: z.object({
            accountId: z.number().int(),
            balance: z.number().int(),
            entries: z.array(ledgerEntry),
          }),
        },
      },
      [404],
    ),
    async (request) => {
      const accountId = await accountOf(db, principalOf(request).userId);
      if (accountId === null)
        throw new ArenaError('ARENA_ERR_NOT_FOUND', 'The participant has no account (no team).');
      const entries = await accountLedger(db, request.params.competitionId, accountId);
      return { accountId, balance: entries.at(-1)?.balanceAfter ?? 0, entries };
    },
  );

  api.get(
    '/api/competitions/:competitionId/scoreboard',
    guarded(
      'member',
      {
        tags: ['scoreboard'],
        summary:
          'The scoreboard (participants see the frozen board after the freeze time, admins the live one)',
        params: competitionParams,
        response: { 200: scoreboard },
      },
      [404],
    ),
    async (request) => hub.board(request.params.competitionId, audienceOf(request)),
  );

  api.get(
    '/api/competitions/:competitionId/scoreboard/history',
    guarded(
      'member',
      {
        tags: ['scoreboard'],
        summary: 'Score over time of the top N accounts (balance after each ledger row)',
        params: competitionParams,
        querystring: z.object({ top: z.coerce.number().int().min(1).max(50).default(10) }),
        response: { 200: z.array(scoreSeries) },
      },
      [404],
    ),
    async (request) => hub.history(request.params.competitionId, audienceOf(request), request.query.top),
  );

  api.get(
    '/api/competitions/:competitionId/announcements',
    guarded(
      'member',
      {
        tags: ['play'],
        summary: 'Announcements, newest first',
        params: competitionParams,
        response: { 200: z.array(announcement) },
      },
      [404],
    ),
    async (request) => listAnnouncements(db, request.params.competitionId),
  );

  api.get(
    '/api/competitions/:competitionId/stream',
    {
      ...guarded(
        'member',
        {
          tags: ['scoreboard'],
          summary:
            'Server-sent events: `scoreboard` (the board, at once and on every change, ≤ 1 s) and `announcement`',
          description:
            'text/event-stream. EventSource cannot send headers: pass the access token as `?access_token=`. ' +
            'A comment line every 15 s keeps proxies from closing the stream.',
          params: competitionParams,
          querystring: z.object({ access_token: z.string().optional() }),
          response: { 200: z.string().meta({ description: 'text/event-stream' }) },
        },
        [404],
      ),
      config: { access: 'member', queryToken: true },
    },
    async (request, reply) => {
      const { competitionId } = request.params;
      await getCompetition(db, competitionId);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write('retry: 2000\n\n');
      let id = 0;
      const send = (event: string, json: string) => {
        if (!raw.writableEnded) raw.write(`id: ${++id}\nevent: ${event}\ndata: ${json}\n\n`);
      };
      const disconnect = await hub.connect(competitionId, {
        audience: audienceOf(request),
        scoreboard: (json) => send('scoreboard', json),
        announcement: (item) => send('announcement', JSON.stringify(item)),
      });
      metrics.streams.inc();
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      heartbeat.unref();
      const close = () => {
        clearInterval(heartbeat);
        disconnect();
        metrics.streams.dec();
      };
      raw.once('close', close);
    },
  );
}
