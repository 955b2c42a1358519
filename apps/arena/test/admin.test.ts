/** Admin routes: participants (CSV), the field, import/export, submissions, regrade/void, results; protection. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/app.ts';
import { seedCompetition, startArena, type TestArena } from './helpers/arena.ts';

describe('admin', () => {
  let arena: TestArena;

  beforeAll(async () => {
    arena = await startArena({ env: { ANSWER_LIMIT_PER_MIN: '1000' } });
  });
  afterAll(async () => {
    await arena?.close();
  });

  const admin = (method: string, path: string, payload?: unknown, headers?: Record<string, string>) =>
    arena.call(method, `/api/admin${path}`, arena.adminToken, payload, headers);

  it('bulk CSV registration creates teams, returns generated passwords once, and is all or nothing', async () => {
    const { competitionId } = await seedCompetition(arena, { teams: 0, cards: 0 });
    const csv = 'login,displayName,team\nann,Ann,Red\nbob,Bob,Red\ncid,Cid,Blue\n';
    const created = await admin('POST', `/competitions/${competitionId}/participants/bulk`, csv, {
      'content-type': 'text/csv',
    });
    expect(created.statusCode).toBe(201);
    const people = created.json() as Array<{ login: string; password: string; teamId: number }>;
    expect(people.map((p) => p.login)).toEqual(['ann', 'bob', 'cid']);
    expect(people[0]!.teamId).toBe(people[1]!.teamId);
    expect(new Set(people.map((p) => p.password)).size).toBe(3);
    for (const p of people) expect(p.password).toMatch(/^[A-Za-z2-9]{12}$/);
    await arena.login('ann', people[0]!.password);
    const listed = await admin('GET', `/competitions/${competitionId}/participants`);
    expect(JSON.stringify(listed.json())).not.toMatch(/password/i);
    const teams = (await admin('GET', `/competitions/${competitionId}/teams`)).json();
    expect(teams.map((t: { name: string; members: unknown[] }) => [t.name, t.members.length])).toEqual([
      ['Red', 2],
      ['Blue', 1],
    ]);

    // One bad row (and one taken login): nothing from this file is registered.
    const bad = await admin(
      'POST',
      `/competitions/${competitionId}/participants/bulk`,
      'login,team\ndan,Green\nx,Green\neve,\n',
      { 'content-type': 'text/csv' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual({
      'row 3: login': 'must be 2–64 letters, digits or . _ @ -',
      'row 4: team': 'is required in a team competition',
    });
    const taken = await admin(
      'POST',
      `/competitions/${competitionId}/participants/bulk`,
      'login,team\ndan,Green\nann,Green\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect(taken.statusCode).toBe(409);
    const after = (await admin('GET', `/competitions/${competitionId}/participants`)).json();
    expect(after.map((p: { login: string }) => p.login)).toEqual(['ann', 'bob', 'cid']);
    expect((await admin('GET', `/competitions/${competitionId}/teams`)).json()).toHaveLength(2);
  });

  it('the field renders Markdown safely and never shows answers to participants', async () => {
    const seeded = await seedCompetition(arena, { teams: 1, cards: 0 });
    const { competitionId } = seeded;
    const card = await admin('POST', `/competitions/${competitionId}/cards`, {
      topic: 'web',
      level: 2,
      title: 'XSS',
      statement: 'Find the *flag* <img src=x onerror=alert(1)>',
      price: 50,
      answers: [{ kind: 'regex', pattern: 'flag\\{[a-z]+\\}' }],
    });
    expect(card.statusCode).toBe(201);
    const taken = await admin('POST', `/competitions/${competitionId}/cards`, {
      topic: 'web',
      level: 2,
      title: 'Same cell',
      statement: '',
      price: 10,
      answers: [{ kind: 'exact', value: 'x' }],
    });
    expect(taken.statusCode).toBe(409);
    const p = seeded.participants[0]!;
    const { accessToken } = await arena.login(p.login, p.password);
    const field = (await arena.call('GET', `/api/competitions/${competitionId}/field`, accessToken)).json();
    expect(field.topics).toEqual(['web']);
    expect(field.levels).toEqual([2]);
    expect(field.balance).toBe(1000);
    const html = field.cards[0].statementHtml as string;
    expect(html).toContain('<em>flag</em>');
    expect(html).not.toContain('<img');
    expect(JSON.stringify(field)).not.toContain('answers');
    expect(JSON.stringify(field)).not.toContain('flag\\\\{');

    // Move it to another cell.
    const moved = await admin('PATCH', `/competitions/${competitionId}/cards/${card.json().id}`, {
      topic: 'crypto',
      level: 1,
    });
    expect(moved.json()).toMatchObject({ topic: 'crypto', level: 1, title: 'XSS' });
  });

  it('cards export and import round-trip; an import into taken cells imports nothing', async () => {
    const source = await seedCompetition(arena, { teams: 0, cards: 3 });
    const target = await seedCompetition(arena, { teams: 0, cards: 0 });
    const exported = (await admin('GET', `/competitions/${source.competitionId}/cards/export`)).json();
    expect(exported).toHaveLength(3);
    expect(exported[0]).not.toHaveProperty('id');
    const imported = await admin('POST', `/competitions/${target.competitionId}/cards/import`, exported);
    expect(imported.statusCode).toBe(201);
    expect((await admin('GET', `/competitions/${target.competitionId}/cards/export`)).json()).toEqual(
      exported,
    );
    const again = await admin('POST', `/competitions/${target.competitionId}/cards/import`, [
      { ...exported[0], topic: 'new', level: 9 },
      exported[1],
    ]);
    expect(again.statusCode).toBe(409);
    expect((await admin('GET', `/competitions/${target.competitionId}/cards`)).json()).toHaveLength(3);
  });

  it('submissions can be listed, regraded and voided; results export as CSV', async () => {
    const seeded = await seedCompetition(arena, {
      teams: 2,
      cards: 1,
      rules: { multipliers: [2, 1.5], maxAttempts: 3, penalty: 10, freezeAt: null },
    });
    const { competitionId } = seeded;
    const cardId = seeded.cards[0]!;
    const p0 = seeded.participants[0]!;
    const p1 = seeded.participants[1]!;
    const t0 = (await arena.login(p0.login, p0.password)).accessToken;
    const t1 = (await arena.login(p1.login, p1.password)).accessToken;
    const base = `/api/competitions/${competitionId}/cards/${cardId}`;
    await arena.call('POST', `${base}/buy`, t0);
    await arena.call('POST', `${base}/buy`, t1);
    await arena.call('POST', `${base}/submissions`, t0, { answer: 'Answer  0' }); // +200
    await arena.call('POST', `${base}/submissions`, t1, { answer: 'answer zero' }); // −10

    const wrong = (await admin('GET', `/competitions/${competitionId}/submissions?correct=false`)).json();
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ login: p1.login, answer: 'answer zero', amount: -10, status: 'graded' });

    await admin('PATCH', `/competitions/${competitionId}/cards/${cardId}`, {
      answers: [
        { kind: 'exact', value: 'answer 0' },
        { kind: 'exact', value: 'answer zero' },
      ],
    });
    const regrade = await admin('POST', `/competitions/${competitionId}/submissions/${wrong[0].id}/regrade`);
    expect(regrade.json()).toMatchObject({ changed: true, correct: true, amount: 210 });
    const right = (await admin('GET', `/competitions/${competitionId}/submissions?correct=true`)).json();
    const first = right.find((s: { login: string }) => s.login === p0.login);
    const voided = await admin('POST', `/competitions/${competitionId}/submissions/${first.id}/void`);
    expect(voided.json()).toMatchObject({ status: 'voided', amount: -200 });
    expect(
      (await admin('POST', `/competitions/${competitionId}/submissions/${first.id}/void`)).statusCode,
    ).toBe(409);

    const ledger = (await arena.call('GET', `/api/competitions/${competitionId}/ledger`, t0)).json();
    expect(ledger.entries.map((e: { reason: string; amount: number }) => [e.reason, e.amount])).toEqual([
      ['initial', 1000],
      ['purchase', -100],
      ['reward', 200],
      ['void', -200],
    ]);
    expect(ledger.balance).toBe(900);

    const csv = await admin('GET', `/competitions/${competitionId}/results.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toBe(
      `rank,name,balance,solved,members\n1,Team 1,1100,1,${p1.login}\n2,Team 0,900,0,${p0.login}\n`,
    );
  });

  it('rejects bodies over the size limit, bad JSON and unknown fields with clear errors', async () => {
    const big = await admin('POST', '/competitions', { title: 'x'.repeat(BODY_LIMIT_BYTES) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe('ARENA_ERR_BAD_REQUEST');
    const badJson = await admin('POST', '/competitions', '{"title":', { 'content-type': 'application/json' });
    expect(badJson.statusCode).toBe(400);
    const unknown = await admin('POST', '/competitions', {
      title: 't',
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-01-02T00:00:00Z',
      mode: 'team',
      initialBalance: 5,
      colour: 'red',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields).toEqual({ body: 'Unrecognized key: "colour"' });
    const window = await admin('POST', '/competitions', {
      title: 't',
      startsAt: '2030-01-02T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
      mode: 'team',
      initialBalance: 5,
    });
    expect(window.json().fields).toEqual({ 'body.endsAt': 'must be after startsAt' });
  });

  it('serves security headers, /healthz, Prometheus /metrics and a complete OpenAPI document', async () => {
    const health = await arena.call('GET', '/healthz');
    expect(health.json()).toEqual({ status: 'ok', database: 'pglite', shared: 'memory' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['strict-transport-security']).toBeDefined();
    const metrics = await arena.call('GET', '/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(
      /arena_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    expect(metrics.body).toContain('arena_purchases_total{result="ok"}');
    const doc = (await arena.call('GET', '/api/docs')).json();
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: object; summary?: string }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method} ${path} summary`).toBeTruthy();
        expect(Object.keys(operation.responses), `${method} ${path} responses`).toContain(
          '200' in operation.responses ? '200' : '201',
        );
      }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Competition',
        'FieldCard',
        'Scoreboard',
        'LedgerEntry',
        'ArenaError',
        'TokenPair',
      ]),
    );
  });
});
