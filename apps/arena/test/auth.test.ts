/** Sessions: login, rotating refresh tokens with reuse detection, logout, removal, login limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, seedCompetition, startArena, type TestArena } from './helpers/arena.ts';

describe('auth', () => {
  let arena: TestArena;
  let seeded: Awaited<ReturnType<typeof seedCompetition>>;

  beforeAll(async () => {
    arena = await startArena({ env: { LOGIN_LIMIT_PER_MIN: '5', ANSWER_LIMIT_PER_MIN: '3' } });
    seeded = await seedCompetition(arena, { teams: 2, perTeam: 2 });
  });
  afterAll(async () => {
    await arena?.close();
  });

  const player = (i: number) => seeded.participants[i]!;

  it('a login returns tokens for the right user; a wrong password or unknown login is 401 without saying which', async () => {
    const p = player(0);
    const { accessToken } = await arena.login(p.login, p.password);
    const me = await arena.call('GET', '/api/auth/me', accessToken);
    expect(me.json()).toMatchObject({
      userId: p.id,
      role: 'participant',
      competitionId: seeded.competitionId,
    });
    const wrong = await arena.call('POST', '/api/auth/login', undefined, {
      login: p.login,
      password: 'nope-nope',
    });
    const unknown = await arena.call('POST', '/api/auth/login', undefined, {
      login: 'nobody',
      password: 'nope-nope',
    });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toBe('ARENA_ERR_BAD_CREDENTIALS');
  });

  it('refresh rotates the token; reusing a spent one revokes the whole family', async () => {
    const p = player(1);
    const first = await arena.login(p.login, p.password);
    const second = (
      await arena.call('POST', '/api/auth/refresh', undefined, { refreshToken: first.refreshToken })
    ).json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await arena.call('GET', '/api/auth/me', second.accessToken)).statusCode).toBe(200);
    const third = (
      await arena.call('POST', '/api/auth/refresh', undefined, { refreshToken: second.refreshToken })
    ).json();

    // The stolen first token comes back: the family dies — refresh and access tokens alike.
    const reuse = await arena.call('POST', '/api/auth/refresh', undefined, {
      refreshToken: first.refreshToken,
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().message).toMatch(/already used/);
    const afterReuse = await arena.call('POST', '/api/auth/refresh', undefined, {
      refreshToken: third.refreshToken,
    });
    expect(afterReuse.statusCode).toBe(401);
    expect((await arena.call('GET', '/api/auth/me', third.accessToken)).statusCode).toBe(401);
    expect((await arena.call('GET', '/api/auth/me', first.accessToken)).statusCode).toBe(401);

    // Another session of the same user is untouched.
    const other = await arena.login(p.login, p.password);
    expect((await arena.call('GET', '/api/auth/me', other.accessToken)).statusCode).toBe(200);
  });

  it('logout rejects the access token and its refresh token from then on', async () => {
    const p = player(2);
    const session = await arena.login(p.login, p.password);
    const logout = await arena.call('POST', '/api/auth/logout', session.accessToken);
    expect(logout.statusCode).toBe(200);
    const after = await arena.call(
      'GET',
      `/api/competitions/${seeded.competitionId}/field`,
      session.accessToken,
    );
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/revoked/);
    const refresh = await arena.call('POST', '/api/auth/refresh', undefined, {
      refreshToken: session.refreshToken,
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('removing a participant revokes every token they hold and stops their logins', async () => {
    const p = player(3);
    const a = await arena.login(p.login, p.password);
    const b = await arena.login(p.login, p.password);
    const removed = await arena.call(
      'DELETE',
      `/api/admin/competitions/${seeded.competitionId}/participants/${p.id}`,
      arena.adminToken,
    );
    expect(removed.statusCode).toBe(200);
    for (const token of [a.accessToken, b.accessToken]) {
      expect((await arena.call('GET', '/api/auth/me', token)).statusCode).toBe(401);
    }
    expect(
      (await arena.call('POST', '/api/auth/refresh', undefined, { refreshToken: b.refreshToken })).statusCode,
    ).toBe(401);
    const login = await arena.call('POST', '/api/auth/login', undefined, {
      login: p.login,
      password: p.password,
    });
    expect(login.statusCode).toBe(401);
  });

  it('a tampered or garbage token is 401', async () => {
    const token = arena.adminToken;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await arena.call('GET', '/api/auth/me', tampered)).statusCode).toBe(401);
    const garbage = await arena.call('GET', '/api/auth/me', undefined, undefined, {
      authorization: 'Basic abc',
    });
    expect(garbage.statusCode).toBe(401);
  });

  it('logins are limited per account: 429 with Retry-After after the limit', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const r = await arena.call('POST', '/api/auth/login', undefined, {
        login: 'victim',
        password: `guess-${i}`,
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        retryAfter = String(r.headers['retry-after']);
        expect(r.json().error).toBe('ARENA_ERR_RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another account from the same address still gets through.
    expect((await arena.call('POST', '/api/auth/login', undefined, ADMIN)).statusCode).toBe(200);
  });

  it('answers are limited per participant per card', async () => {
    const p = player(0);
    const { accessToken } = await arena.login(p.login, p.password);
    const [cardA, cardB] = seeded.cards as [number, number];
    const base = `/api/competitions/${seeded.competitionId}/cards`;
    expect((await arena.call('POST', `${base}/${cardA}/buy`, accessToken)).statusCode).toBe(200);
    expect((await arena.call('POST', `${base}/${cardB}/buy`, accessToken)).statusCode).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await arena.call('POST', `${base}/${cardA}/submissions`, accessToken, { answer: 'wrong' }))
          .statusCode,
      );
    }
    // 3 attempts per card are allowed by the rules (then 409 closed); the 4th call is over the limit first.
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await arena.call('POST', `${base}/${cardB}/submissions`, accessToken, {
      answer: 'answer 1',
    });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ correct: true, amount: 100 });
  });
});
