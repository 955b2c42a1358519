/** The scoreboard: ranking, live pushes over SSE, debouncing, freeze, history, announcements. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scoreboard } from '../src/domain/schemas.ts';
import { seedCompetition, startArena, type TestArena } from './helpers/arena.ts';
import { openStream } from './helpers/sse.ts';

describe('scoreboard', () => {
  let arena: TestArena;

  beforeAll(async () => {
    arena = await startArena({ listen: true, debounceMs: 100, env: { ANSWER_LIMIT_PER_MIN: '1000' } });
  });
  afterAll(async () => {
    await arena?.close();
  });

  async function playerTokens(seeded: Awaited<ReturnType<typeof seedCompetition>>) {
    return Promise.all(
      seeded.participants.map(async (p) => (await arena.login(p.login, p.password)).accessToken),
    );
  }

  it('ranks by balance, ties broken by who reached the balance first', async () => {
    const seeded = await seedCompetition(arena, { teams: 3, cards: 2 });
    const [t0, t1, t2] = await playerTokens(seeded);
    const base = `/api/competitions/${seeded.competitionId}/cards`;
    // Team 1 buys first, then team 0: both at 900; team 2 untouched at 1000.
    await arena.call('POST', `${base}/${seeded.cards[0]}/buy`, t1);
    await arena.call('POST', `${base}/${seeded.cards[0]}/buy`, t0);
    const board = (
      await arena.call('GET', `/api/competitions/${seeded.competitionId}/scoreboard`, t2)
    ).json() as Scoreboard;
    expect(board.rows.map((r) => [r.rank, r.name, r.balance])).toEqual([
      [1, 'Team 2', 1000],
      [2, 'Team 1', 900],
      [3, 'Team 0', 900],
    ]);
  });

  it('pushes a change to open streams', async () => {
    const seeded = await seedCompetition(arena, { teams: 2, cards: 6 });
    const [t0] = await playerTokens(seeded);
    const stream = await openStream(`${arena.url}/api/competitions/${seeded.competitionId}/stream`, t0!);
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'scoreboard');
      const base = `/api/competitions/${seeded.competitionId}/cards`;
      await Promise.all(seeded.cards.map((card) => arena.call('POST', `${base}/${card}/buy`, t0)));
      const pushed = await stream.waitFor(
        (e) => e.event === 'scoreboard' && (e.data as Scoreboard).rows.some((r) => r.balance === 400),
        2000,
      );
      expect((pushed.data as Scoreboard).rows[0]).toMatchObject({ name: 'Team 1', balance: 1000 });
      // updatedAt is the time of the newest ledger row on the board: the last purchase.
      const last = await arena.db.query<{ created_at: Date }>(
        'SELECT created_at FROM ledger WHERE competition_id = $1 ORDER BY id DESC LIMIT 1',
        [seeded.competitionId],
      );
      expect((pushed.data as Scoreboard).updatedAt).toBe(last[0]!.created_at.toISOString());
    } finally {
      stream.close();
    }
  });

  it('debounces: a burst of 50 change events causes one rebuild', async () => {
    const seeded = await seedCompetition(arena, { teams: 1, cards: 0 });
    const [t0] = await playerTokens(seeded);
    const hub = arena.app.arena.hub;
    const stream = await openStream(`${arena.url}/api/competitions/${seeded.competitionId}/stream`, t0!);
    try {
      await stream.waitFor((e) => e.event === 'scoreboard');
      const before = hub.rebuilds;
      const bus = arena.app.arena.shared.bus;
      await Promise.all(
        Array.from({ length: 50 }, () =>
          bus.publish({ type: 'ledger', competitionId: seeded.competitionId }),
        ),
      );
      while (hub.rebuilds === before) await new Promise((resolve) => setTimeout(resolve, 10));
      // Three more debounce windows: nothing else was pending, so no second rebuild may come.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hub.rebuilds - before).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('freeze hides later changes from participants only; admins keep the live board', async () => {
    const seeded = await seedCompetition(arena, { teams: 2, cards: 2 });
    const [t0, t1] = await playerTokens(seeded);
    const cid = seeded.competitionId;
    const base = `/api/competitions/${cid}/cards`;
    await arena.call('POST', `${base}/${seeded.cards[0]}/buy`, t0); // before the freeze: Team 0 at 900

    const freezeAt = new Date().toISOString();
    const patch = await arena.call('PATCH', `/api/admin/competitions/${cid}`, arena.adminToken, {
      rules: { multipliers: [2], maxAttempts: 3, penalty: 0, freezeAt },
    });
    expect(patch.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the ledger rows below are strictly after freezeAt

    const participantStream = await openStream(`${arena.url}/api/competitions/${cid}/stream`, t1!);
    const adminStream = await openStream(`${arena.url}/api/competitions/${cid}/stream`, arena.adminToken);
    try {
      await participantStream.waitFor((e) => e.event === 'scoreboard');
      await adminStream.waitFor((e) => e.event === 'scoreboard');
      // After the freeze: Team 0 solves its card (+200) and Team 1 buys one.
      const solve = await arena.call('POST', `${base}/${seeded.cards[0]}/submissions`, t0, {
        answer: 'answer 0',
      });
      expect(solve.json()).toMatchObject({ correct: true, amount: 200 });
      await arena.call('POST', `${base}/${seeded.cards[1]}/buy`, t1);

      const live = (
        await arena.call('GET', `/api/competitions/${cid}/scoreboard`, arena.adminToken)
      ).json() as Scoreboard;
      expect(live.frozen).toBe(false);
      expect(live.rows.map((r) => [r.name, r.balance])).toEqual([
        ['Team 0', 1100],
        ['Team 1', 900],
      ]);
      for (const token of [t0, t1]) {
        const frozen = (
          await arena.call('GET', `/api/competitions/${cid}/scoreboard`, token)
        ).json() as Scoreboard;
        expect(frozen).toMatchObject({ frozen: true, frozenAt: freezeAt });
        expect(frozen.rows.map((r) => [r.name, r.balance])).toEqual([
          ['Team 1', 1000],
          ['Team 0', 900],
        ]);
      }
      await adminStream.waitFor(
        (e) => e.event === 'scoreboard' && (e.data as Scoreboard).rows[0]?.balance === 1100,
        2000,
      );
      // The participant's stream shows the frozen board, never the later balances.
      await participantStream.waitFor((e) => e.event === 'scoreboard' && (e.data as Scoreboard).frozen, 2000);
      for (const event of participantStream.events) {
        const balances = (event.data as Scoreboard).rows.map((r) => r.balance);
        expect(balances).not.toContain(1100);
      }
      // History: participants' series stop at the freeze.
      const history = (
        await arena.call('GET', `/api/competitions/${cid}/scoreboard/history?top=2`, t1)
      ).json();
      const team0 = history.find((s: { name: string }) => s.name === 'Team 0');
      expect(team0.points.map((p: { balance: number }) => p.balance)).toEqual([1000, 900]);
      const adminHistory = (
        await arena.call('GET', `/api/competitions/${cid}/scoreboard/history?top=1`, arena.adminToken)
      ).json();
      expect(adminHistory).toHaveLength(1);
      expect(adminHistory[0].points.map((p: { balance: number }) => p.balance)).toEqual([1000, 900, 1100]);
    } finally {
      participantStream.close();
      adminStream.close();
    }
  });

  it("at the freeze time participants' streams switch to the frozen board without waiting for a change", async () => {
    const seeded = await seedCompetition(arena, { teams: 1, cards: 1 });
    const [t0] = await playerTokens(seeded);
    const cid = seeded.competitionId;
    await arena.call('POST', `/api/competitions/${cid}/cards/${seeded.cards[0]}/buy`, t0);
    const freezeAt = new Date(Date.now() + 400).toISOString();
    await arena.call('PATCH', `/api/admin/competitions/${cid}`, arena.adminToken, {
      rules: { multipliers: [1], maxAttempts: 3, penalty: 0, freezeAt },
    });
    const stream = await openStream(`${arena.url}/api/competitions/${cid}/stream`, t0!);
    try {
      const first = await stream.waitFor((e) => e.event === 'scoreboard');
      expect(first.data).toMatchObject({ frozen: false });
      const frozen = await stream.waitFor(
        (e) => e.event === 'scoreboard' && (e.data as Scoreboard).frozen,
        3000,
      );
      expect(frozen.data).toMatchObject({ frozen: true, frozenAt: freezeAt });
      expect((frozen.data as Scoreboard).rows.map((r) => r.balance)).toEqual([900]);
    } finally {
      stream.close();
    }
  });

  it('announcements are pushed live to the streams of their competition', async () => {
    const seeded = await seedCompetition(arena, { teams: 1, cards: 0 });
    const [t0] = await playerTokens(seeded);
    const stream = await openStream(`${arena.url}/api/competitions/${seeded.competitionId}/stream`, t0!);
    try {
      await stream.waitFor((e) => e.event === 'scoreboard');
      const posted = await arena.call(
        'POST',
        `/api/admin/competitions/${seeded.competitionId}/announcements`,
        arena.adminToken,
        {
          message: 'Card 3 fixed',
        },
      );
      expect(posted.statusCode).toBe(201);
      const event = await stream.waitFor((e) => e.event === 'announcement', 2000);
      expect(event.data).toMatchObject({ message: 'Card 3 fixed', competitionId: seeded.competitionId });
      const list = (
        await arena.call('GET', `/api/competitions/${seeded.competitionId}/announcements`, t0)
      ).json();
      expect(list.map((a: { message: string }) => a.message)).toEqual(['Card 3 fixed']);
    } finally {
      stream.close();
    }
  });
});
