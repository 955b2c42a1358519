/**
 * Two arena instances sharing one real PostgreSQL and one real Redis behave as
 * one: a logged-out token is refused by both, a reused refresh token revokes the
 * family everywhere, rate-limit counters are shared, and a change made through
 * one instance reaches the scoreboard streams of the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scoreboard } from '../src/domain/schemas.ts';
import { seedCompetition, startArena, type TestArena } from './helpers/arena.ts';
import {
  type PostgresServer,
  type RedisServer,
  startPostgresServer,
  startRedisServer,
} from './helpers/servers.ts';
import { openStream } from './helpers/sse.ts';

describe('two instances on PostgreSQL + Redis', () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let a: TestArena;
  let b: TestArena;
  let seeded: Awaited<ReturnType<typeof seedCompetition>>;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
    const env = {
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
      LOGIN_LIMIT_PER_MIN: '4',
    };
    a = await startArena({ env, listen: true });
    b = await startArena({ env, listen: true });
    seeded = await seedCompetition(a, { teams: 2, perTeam: 2, cards: 2 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
    await postgres?.stop();
  });

  it('a token issued by one instance is accepted by the other', async () => {
    const p = seeded.participants[0]!;
    const session = await a.login(p.login, p.password);
    const me = await b.call('GET', '/api/auth/me', session.accessToken);
    expect(me.statusCode).toBe(200);
    expect(me.json().userId).toBe(p.id);
  });

  it('a logged-out token is rejected on every instance', async () => {
    const p = seeded.participants[1]!;
    const session = await a.login(p.login, p.password);
    for (const instance of [a, b]) {
      expect((await instance.call('GET', '/api/auth/me', session.accessToken)).statusCode).toBe(200);
    }
    expect((await b.call('POST', '/api/auth/logout', session.accessToken)).statusCode).toBe(200);
    for (const instance of [a, b]) {
      const response = await instance.call('GET', '/api/auth/me', session.accessToken);
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/revoked/);
    }
  });

  it('refresh reuse on one instance revokes the family on both', async () => {
    const p = seeded.participants[2]!;
    const first = await a.login(p.login, p.password);
    const second = (
      await a.call('POST', '/api/auth/refresh', undefined, { refreshToken: first.refreshToken })
    ).json();
    const reuse = await b.call('POST', '/api/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(reuse.statusCode).toBe(401);
    for (const instance of [a, b]) {
      expect((await instance.call('GET', '/api/auth/me', second.accessToken)).statusCode).toBe(401);
    }
  });

  it('login limits count across instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const instance = i % 2 === 0 ? a : b;
      statuses.push(
        (
          await instance.call('POST', '/api/auth/login', undefined, {
            login: 'shared-victim',
            password: `guess-${i}`,
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('a purchase through one instance reaches the scoreboard stream of the other', async () => {
    const p = seeded.participants[3]!;
    const { accessToken } = await a.login(p.login, p.password);
    const stream = await openStream(`${b.url}/api/competitions/${seeded.competitionId}/stream`, b.adminToken);
    try {
      await stream.waitFor((e) => e.event === 'scoreboard');
      const buy = await a.call(
        'POST',
        `/api/competitions/${seeded.competitionId}/cards/${seeded.cards[0]}/buy`,
        accessToken,
      );
      expect(buy.statusCode).toBe(200);
      const pushed = await stream.waitFor(
        (e) => e.event === 'scoreboard' && (e.data as Scoreboard).rows.some((r) => r.balance === 900),
        2000,
      );
      expect((pushed.data as Scoreboard).rows.map((r) => r.balance)).toEqual([1000, 900]);
      // And b's cached board for GET was invalidated too.
      const board = (
        await b.call('GET', `/api/competitions/${seeded.competitionId}/scoreboard`, b.adminToken)
      ).json();
      expect(board.rows.map((r: { balance: number }) => r.balance)).toEqual([1000, 900]);
    } finally {
      stream.close();
    }
  });

  it('removing a participant on one instance locks them out of the other', async () => {
    const p = seeded.participants[0]!;
    const session = await b.login(p.login, p.password);
    const removed = await a.call(
      'DELETE',
      `/api/admin/competitions/${seeded.competitionId}/participants/${p.id}`,
      a.adminToken,
    );
    expect(removed.statusCode).toBe(200);
    expect((await b.call('GET', '/api/auth/me', session.accessToken)).statusCode).toBe(401);
  });
});
