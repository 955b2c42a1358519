/** Starting an arena for a test and talking to it through `inject` (no socket) or a real port. */
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { SqlClient } from '../../src/db/sql-client.ts';
import { createArena, type Arena } from '../../src/server.ts';

export const ADMIN = { login: 'root', password: 'root-password' };

/** Options of {@link startArena}: environment variables, plus an existing database. */
export interface StartOptions {
  env?: Record<string, string>;
  db?: SqlClient;
  debounceMs?: number;
  /** Listen on 127.0.0.1:0 (for streams and load); default false (inject only). */
  listen?: boolean;
}

/** A test arena with an admin session. */
export interface TestArena extends Arena {
  /** `http://127.0.0.1:{port}` when listening. */
  url: string;
  adminToken: string;
  /** Send a JSON request with an optional bearer token. */
  call(
    method: string,
    url: string,
    token?: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Log in; resolves to the token pair. @throws when the login fails. */
  login(login: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
}

/** Build an arena (PGlite in memory + in-process shared state unless `env` says otherwise) and log the admin in. */
export async function startArena(options: StartOptions = {}): Promise<TestArena> {
  const config = loadConfig({ ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, ...options.env });
  const arena = await createArena(config, { db: options.db, scoreboardDebounceMs: options.debounceMs ?? 50 });
  try {
    let url = '';
    if (options.listen) {
      await arena.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(arena.app.server.address() as AddressInfo).port}`;
    }
    const call: TestArena['call'] = (method, path, token, payload, headers = {}) =>
      arena.app.inject({
        method: method as 'GET',
        url: path,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(payload === undefined
          ? {}
          : typeof payload === 'string'
            ? { payload }
            : { payload: payload as object }),
      });
    const login: TestArena['login'] = async (name, password) => {
      const response = await call('POST', '/api/auth/login', undefined, { login: name, password });
      if (response.statusCode !== 200)
        throw new Error(`login ${name} failed: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const { accessToken } = await login(ADMIN.login, ADMIN.password);
    return { ...arena, url, adminToken: accessToken, call, login };
  } catch (error) {
    await arena.close();
    throw error;
  }
}

const HOUR = 3600_000;

/** Create a running team competition with `teams` teams of `perTeam` participants and `cards` cards over HTTP. */
export async function seedCompetition(
  arena: TestArena,
  options: {
    teams?: number;
    perTeam?: number;
    cards?: number;
    rules?: object;
    mode?: 'team' | 'individual';
    initialBalance?: number;
  } = {},
) {
  const mode = options.mode ?? 'team';
  const created = await arena.call('POST', '/api/admin/competitions', arena.adminToken, {
    title: 'Seeded',
    startsAt: new Date(Date.now() - HOUR).toISOString(),
    endsAt: new Date(Date.now() + HOUR).toISOString(),
    mode,
    initialBalance: options.initialBalance ?? 1000,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  if (created.statusCode !== 201) throw new Error(`competition: ${created.body}`);
  const competitionId = created.json().id as number;
  const lines = ['login,displayName,team,password'];
  const teams = options.teams ?? 2;
  const perTeam = options.perTeam ?? 1;
  for (let t = 0; t < teams; t++) {
    for (let p = 0; p < perTeam; p++) {
      lines.push(
        `c${competitionId}t${t}p${p},Player ${t}.${p},${mode === 'team' ? `Team ${t}` : ''},pw-${t}-${p}-secret`,
      );
    }
  }
  let participants: Array<{ id: number; login: string; password: string; teamId: number | null }> = [];
  if (lines.length > 1) {
    const bulk = await arena.call(
      'POST',
      `/api/admin/competitions/${competitionId}/participants/bulk`,
      arena.adminToken,
      lines.join('\n'),
      {
        'content-type': 'text/csv',
      },
    );
    if (bulk.statusCode !== 201) throw new Error(`participants: ${bulk.body}`);
    participants = bulk.json();
  }
  const cards: number[] = [];
  for (let i = 0; i < (options.cards ?? 3); i++) {
    const card = await arena.call(
      'POST',
      `/api/admin/competitions/${competitionId}/cards`,
      arena.adminToken,
      {
        topic: i % 2 === 0 ? 'algebra' : 'geometry',
        level: Math.floor(i / 2) + 1,
        title: `Card ${i}`,
        statement: `Solve **${i}**`,
        price: 100,
        answers: [{ kind: 'exact', value: `answer ${i}` }],
      },
    );
    if (card.statusCode !== 201) throw new Error(`card: ${card.body}`);
    cards.push(card.json().id);
  }
  return { competitionId, participants, cards };
}
