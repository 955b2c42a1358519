/**
 * The permission matrix: every route × role (admin, participant of this
 * competition, participant of another, anonymous). The expected access of each
 * route is written out here, independently of the routes' own declarations, and
 * the route list is checked against the OpenAPI document so a new route cannot
 * be added without a row here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCompetition, startArena, type TestArena } from './helpers/arena.ts';

type Role = 'admin' | 'participant' | 'otherParticipant' | 'anonymous';
type Access = 'public' | 'user' | 'admin' | 'member' | 'participant';

const MATRIX: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /metrics': 'public',
  'GET /api/docs': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'user',
  'GET /api/auth/me': 'user',
  'GET /api/competitions': 'user',
  'GET /api/competitions/{competitionId}': 'member',
  'GET /api/competitions/{competitionId}/field': 'member',
  'POST /api/competitions/{competitionId}/cards/{cardId}/buy': 'participant',
  'POST /api/competitions/{competitionId}/cards/{cardId}/submissions': 'participant',
  'GET /api/competitions/{competitionId}/ledger': 'participant',
  'GET /api/competitions/{competitionId}/scoreboard': 'member',
  'GET /api/competitions/{competitionId}/scoreboard/history': 'member',
  'GET /api/competitions/{competitionId}/announcements': 'member',
  'GET /api/competitions/{competitionId}/stream': 'member',
  'POST /api/admin/competitions': 'admin',
  'PATCH /api/admin/competitions/{competitionId}': 'admin',
  'GET /api/admin/competitions/{competitionId}/cards': 'admin',
  'POST /api/admin/competitions/{competitionId}/cards': 'admin',
  'PATCH /api/admin/competitions/{competitionId}/cards/{cardId}': 'admin',
  'DELETE /api/admin/competitions/{competitionId}/cards/{cardId}': 'admin',
  'GET /api/admin/competitions/{competitionId}/cards/export': 'admin',
  'POST /api/admin/competitions/{competitionId}/cards/import': 'admin',
  'GET /api/admin/competitions/{competitionId}/teams': 'admin',
  'POST /api/admin/competitions/{competitionId}/teams': 'admin',
  'GET /api/admin/competitions/{competitionId}/participants': 'admin',
  'POST /api/admin/competitions/{competitionId}/participants': 'admin',
  'POST /api/admin/competitions/{competitionId}/participants/bulk': 'admin',
  'DELETE /api/admin/competitions/{competitionId}/participants/{participantId}': 'admin',
  'GET /api/admin/competitions/{competitionId}/submissions': 'admin',
  'POST /api/admin/competitions/{competitionId}/submissions/{submissionId}/regrade': 'admin',
  'POST /api/admin/competitions/{competitionId}/submissions/{submissionId}/void': 'admin',
  'POST /api/admin/competitions/{competitionId}/announcements': 'admin',
  'GET /api/admin/competitions/{competitionId}/results.csv': 'admin',
  'GET /api/admin/competitions/{competitionId}/accounts/{accountId}/ledger': 'admin',
};

/** The status class a role must get: `denied401`, `denied403` or `allowed` (anything but 401/403). */
function expected(access: Access, role: Role): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (role === 'anonymous') return 401;
  switch (access) {
    case 'user':
      return 'allowed';
    case 'admin':
      return role === 'admin' ? 'allowed' : 403;
    case 'member':
      return role === 'admin' || role === 'participant' ? 'allowed' : 403;
    case 'participant':
      return role === 'participant' ? 'allowed' : 403;
  }
}

describe('permission matrix', () => {
  let arena: TestArena;
  const tokens: Partial<Record<Role, string>> = {};
  const ids: Record<string, number> = {};
  const logins: Partial<Record<Role, { login: string; password: string }>> = {};

  beforeAll(async () => {
    arena = await startArena({
      listen: true,
      env: { LOGIN_LIMIT_PER_MIN: '1000', LOGIN_IP_LIMIT_PER_MIN: '1000' },
    });
    const a = await seedCompetition(arena, { teams: 2, perTeam: 2 });
    const b = await seedCompetition(arena, { teams: 1, perTeam: 1 });
    const pa = a.participants[0]!;
    const pb = b.participants[0]!;
    logins.participant = pa;
    logins.otherParticipant = pb;
    tokens.admin = arena.adminToken;
    tokens.participant = (await arena.login(pa.login, pa.password)).accessToken;
    tokens.otherParticipant = (await arena.login(pb.login, pb.password)).accessToken;
    const base = `/api/competitions/${a.competitionId}/cards/${a.cards[0]}`;
    await arena.call('POST', `${base}/buy`, tokens.participant);
    const submission = await arena.call('POST', `${base}/submissions`, tokens.participant, { answer: 'no' });
    const me = await arena.call('GET', '/api/auth/me', tokens.participant);
    Object.assign(ids, {
      competitionId: a.competitionId,
      cardId: a.cards[1]!,
      participantId: a.participants[3]!.id,
      submissionId: submission.json().submissionId,
      accountId: me.json().accountId,
    });
  });
  afterAll(async () => {
    await arena?.close();
  });

  it('covers every route of the OpenAPI document (plus the hidden /api/docs)', async () => {
    const doc = (await arena.call('GET', '/api/docs')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = ['GET /api/docs'];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) routes.push(`${method.toUpperCase()} ${path}`);
    }
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  async function status(method: string, path: string, token: string | undefined): Promise<number> {
    if (path.endsWith('/stream')) {
      // An event stream never ends: read the status over a real socket, then hang up.
      const controller = new AbortController();
      const response = await fetch(`${arena.url}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: controller.signal,
      });
      controller.abort();
      return response.status;
    }
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    return (await arena.call(method, path, token, body)).statusCode;
  }

  const roles: Role[] = ['anonymous', 'otherParticipant', 'participant', 'admin'];
  for (const [route, access] of Object.entries(MATRIX)) {
    it(`${route} (${access})`, async () => {
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name]));
      const outcome: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const role of roles) {
        let token = tokens[role];
        if (route === 'POST /api/auth/logout' && role !== 'anonymous') {
          // Logging out spends the session: use a fresh one.
          const who = role === 'admin' ? { login: 'root', password: 'root-password' } : logins[role]!;
          token = (await arena.login(who.login, who.password)).accessToken;
        }
        const code = await status(method, path, token);
        outcome[role] = code === 401 || code === 403 ? String(code) : 'allowed';
        want[role] = String(expected(access, role));
      }
      expect(outcome).toEqual(want);
    });
  }
});
