/**
 * The arena under load: participants log in, open the field, buy cards and
 * answer them (about one answer in four wrong on purpose), look at the
 * scoreboard and their ledger, and hold the competition's event stream open for
 * the whole run, checking that every scoreboard push arrives within 1 s of the
 * newest ledger row it reflects (`scoreboard pushed within 1 s`).
 *
 * 1. Start the arena with an admin:
 *      ADMIN_LOGIN=root ADMIN_PASSWORD=root-password npm start -w @perflab/arena
 * 2. Seed a running competition (prints the environment for step 3):
 *      ADMIN_LOGIN=root ADMIN_PASSWORD=root-password \
 *        npx tsx examples/arena.scenario.ts seed http://127.0.0.1:8890 50 10
 *    (50 participants in 10 teams; a 5 × 5 field whose cards accept their title reversed)
 * 3. Run it (the host comes from ARENA_URL, which the stream needs too):
 *      ARENA_URL=http://127.0.0.1:8890 ARENA_PREFIX=<printed> ARENA_PARTICIPANTS=50 \
 *        npx perflab run examples/arena.scenario.ts --users 50 --spawn-rate 10 --duration 1m
 *
 * Expected refusals are not failures: buying a card the team already bought or
 * cannot afford, answering a card a teammate just solved or closed.
 */
import { randomInt } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { pathToFileURL } from 'node:url';
import { between, defineScenario, type HttpResponse, type VuContext } from 'perflab';

const HOST = process.env.ARENA_URL ?? 'http://127.0.0.1:8890';
const PREFIX = process.env.ARENA_PREFIX ?? 'player';
const PARTICIPANTS = Number(process.env.ARENA_PARTICIPANTS ?? 50);
/** The stream is closed after this long at the latest (ms), so no connection outlives the run. */
const STREAM_MAX_MS = Number(process.env.ARENA_STREAM_MAX_MS ?? 10 * 60_000);
/** Think time between tasks (ms): ARENA_WAIT_MIN_MS..ARENA_WAIT_MAX_MS, default 500..1500. */
const WAIT_MIN_MS = Number(process.env.ARENA_WAIT_MIN_MS ?? 500);
const WAIT_MAX_MS = Number(process.env.ARENA_WAIT_MAX_MS ?? 1500);
/** `ARENA_STREAM=off` skips the event streams (to separate their cost when profiling). */
const STREAM = process.env.ARENA_STREAM !== 'off';
/** Share of answers sent wrong on purpose. */
const WRONG_SHARE = 0.25;

/** Login and password of participant `n` (0-based) of a seeded competition. */
export function credentials(prefix: string, n: number): { login: string; password: string } {
  return { login: `${prefix}-${n}`, password: `${prefix}-${n}-password` };
}

/** The accepted answer of a seeded card: its title reversed. */
export function answerFor(title: string): string {
  return [...title].reverse().join('');
}

interface FieldCard {
  id: number;
  title: string;
  price: number;
  purchase: { status: 'open' | 'solved' | 'closed' } | null;
}

interface Player {
  token: string;
  competitionId: number;
  cards: FieldCard[];
  balance: number;
  stream?: AbortController;
}

const player = (vu: VuContext) => vu.state.player as Player;
const auth = (vu: VuContext) => ({ authorization: `Bearer ${player(vu).token}` });

/** A 409 with one of `codes` is an expected refusal, not a failure. */
function expected(...codes: string[]) {
  return (r: HttpResponse) => {
    if (r.status === 200) return true;
    if (r.status !== 409) return `unexpected status ${r.status}`;
    const code = r.json<{ error: string }>().error;
    return codes.includes(code) || `unexpected refusal ${code}`;
  };
}

/**
 * Read the event stream in the background (node:http: raw buffers, cheaper than
 * fetch's web streams for hundreds of streams in one thread); check each
 * scoreboard push's delay against the newest ledger row it shows (`updatedAt`,
 * read without parsing the whole board).
 */
function holdStream(vu: VuContext, p: Player): void {
  const controller = new AbortController();
  p.stream = controller;
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(STREAM_MAX_MS)]);
  const request = httpGet(
    `${HOST}/api/competitions/${p.competitionId}/stream`,
    { headers: auth(vu), signal },
    (response) => {
      vu.check(response.statusCode, { 'stream opened': (s) => s === 200 });
      response.setEncoding('utf8');
      let buffer = '';
      let lastUpdate: string | undefined;
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: scoreboard')) continue;
          const updatedAt = /"updatedAt":"([^"]+)"/.exec(block)?.[1];
          // The first board is the state at connection time; later ones must be fresh.
          if (lastUpdate !== undefined && updatedAt !== undefined && updatedAt !== lastUpdate) {
            const delayMs = Date.now() - Date.parse(updatedAt);
            vu.check(delayMs, { 'scoreboard pushed within 1 s': (d) => d <= 1000 });
          }
          lastUpdate = updatedAt ?? lastUpdate;
        }
      });
      response.on('error', () => {
        // Aborted at the end of the run.
      });
    },
  );
  request.on('error', () => {
    // Aborted at the end of the run (or the server went away: 'stream opened' shows it).
  });
}

async function openField(vu: VuContext): Promise<void> {
  const p = player(vu);
  const res = await vu.http.get(`/api/competitions/${p.competitionId}/field`, {
    name: '/api/competitions/[id]/field',
    headers: auth(vu),
  });
  if (res.status === 200) {
    const field = res.json<{ cards: FieldCard[]; balance: number }>();
    p.cards = field.cards;
    p.balance = field.balance;
  }
}

export default defineScenario({
  host: HOST,
  load: { users: PARTICIPANTS, spawnRate: 10, duration: '1m' },
  waitTime: between(`${WAIT_MIN_MS}ms`, `${WAIT_MAX_MS}ms`),
  thresholds: {
    http_req_failed: ['rate==0'],
    'checks{check:scoreboard pushed within 1 s}': ['rate==1'],
    'http_req_duration{name:/api/competitions/[id]/cards/[id]/buy}': ['p(95)<100'],
    'http_req_duration{name:/api/competitions/[id]/cards/[id]/submissions}': ['p(95)<100'],
  },
  onStart: async (vu) => {
    const { login, password } = credentials(PREFIX, (vu.id - 1) % PARTICIPANTS);
    const res = await vu.http.post('/api/auth/login', { json: { login, password } });
    if (!vu.check(res, { 'logged in': (r) => r.status === 200 })) throw new Error(`login ${login} failed`);
    const token = res.json<{ accessToken: string }>().accessToken;
    const me = await vu.http.get('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    const competitionId = me.json<{ competitionId: number }>().competitionId;
    vu.state.player = { token, competitionId, cards: [], balance: 0 } satisfies Player;
    await openField(vu);
    if (STREAM) holdStream(vu, player(vu));
  },
  onStop: (vu) => {
    player(vu)?.stream?.abort();
  },
  tasks: [
    { name: 'open the field', weight: 3, run: openField },
    {
      name: 'buy a card',
      weight: 2,
      run: async (vu) => {
        const p = player(vu);
        const choices = p.cards.filter((c) => c.purchase === null && c.price <= p.balance);
        if (choices.length === 0) return openField(vu);
        const card = choices[randomInt(choices.length)] as FieldCard;
        const res = await vu.http.post(`/api/competitions/${p.competitionId}/cards/${card.id}/buy`, {
          name: '/api/competitions/[id]/cards/[id]/buy',
          headers: auth(vu),
          validate: expected('ARENA_ERR_ALREADY_BOUGHT', 'ARENA_ERR_INSUFFICIENT_BALANCE'),
        });
        card.purchase = { status: 'open' };
        if (res.status === 200) p.balance = res.json<{ balance: number }>().balance;
      },
    },
    {
      name: 'answer a card',
      weight: 3,
      run: async (vu) => {
        const p = player(vu);
        const open = p.cards.filter((c) => c.purchase?.status === 'open');
        if (open.length === 0) return openField(vu);
        const card = open[randomInt(open.length)] as FieldCard;
        const answer = Math.random() < WRONG_SHARE ? `wrong ${randomInt(1000)}` : answerFor(card.title);
        const res = await vu.http.post(`/api/competitions/${p.competitionId}/cards/${card.id}/submissions`, {
          name: '/api/competitions/[id]/cards/[id]/submissions',
          headers: auth(vu),
          json: { answer },
          validate: expected('ARENA_ERR_CARD_CLOSED', 'ARENA_ERR_NOT_BOUGHT'),
        });
        if (res.status === 200) {
          const result = res.json<{ status: 'open' | 'solved' | 'closed'; balance: number }>();
          card.purchase = { status: result.status };
          p.balance = result.balance;
        } else {
          card.purchase = { status: 'closed' };
        }
      },
    },
    {
      name: 'look at the scoreboard',
      weight: 1,
      run: (vu) =>
        vu.http.get(`/api/competitions/${player(vu).competitionId}/scoreboard`, {
          name: '/api/competitions/[id]/scoreboard',
          headers: auth(vu),
        }),
    },
    {
      name: 'read the ledger',
      weight: 1,
      run: (vu) =>
        vu.http.get(`/api/competitions/${player(vu).competitionId}/ledger`, {
          name: '/api/competitions/[id]/ledger',
          headers: auth(vu),
        }),
    },
  ],
});

/** What {@link seedArena} created. */
export interface SeededArena {
  competitionId: number;
  prefix: string;
  participants: number;
}

/**
 * Create a running competition (one hour from now, team mode, 1000 points each,
 * multipliers [2, 1.5, 1.2], 3 attempts, penalty 10), `teams` teams, `participants`
 * participants with {@link credentials} under a fresh prefix, and a 5 × 5 field of
 * cards priced 50–250 whose answer is {@link answerFor} their title.
 * @throws Error naming the request that failed.
 */
export async function seedArena(
  url: string,
  admin: { login: string; password: string },
  participants: number,
  teams: number,
): Promise<SeededArena> {
  const call = async (
    method: string,
    path: string,
    token: string | undefined,
    body: unknown,
    type = 'application/json',
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const { accessToken } = (await call('POST', '/api/auth/login', undefined, admin)) as {
    accessToken: string;
  };
  const competition = await call('POST', '/api/admin/competitions', accessToken, {
    title: 'Load test cup',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3600_000).toISOString(),
    mode: 'team',
    initialBalance: 1000,
    rules: { multipliers: [2, 1.5, 1.2], maxAttempts: 3, penalty: 10, freezeAt: null },
  });
  const competitionId = competition.id as number;
  const prefix = `p${competitionId}x${Date.now().toString(36)}`;
  const lines = ['login,displayName,team,password'];
  for (let n = 0; n < participants; n++) {
    const { login, password } = credentials(prefix, n);
    lines.push(`${login},Player ${n},Team ${n % teams},${password}`);
  }
  await call(
    'POST',
    `/api/admin/competitions/${competitionId}/participants/bulk`,
    accessToken,
    lines.join('\n'),
    'text/csv',
  );
  const cards = [];
  for (const topic of ['algebra', 'geometry', 'logic', 'crypto', 'code']) {
    for (let level = 1; level <= 5; level++) {
      const title = `${topic}-${level}`;
      cards.push({
        topic,
        level,
        title,
        statement: `Level ${level} of **${topic}**: answer with this card's title reversed.`,
        price: 50 * level,
        answers: [{ kind: 'exact', value: answerFor(title) }],
      });
    }
  }
  await call('POST', `/api/admin/competitions/${competitionId}/cards/import`, accessToken, cards);
  return { competitionId, prefix, participants };
}

// `npx tsx examples/arena.scenario.ts seed URL [participants] [teams]`: seed and print the run's environment.
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === 'seed'
) {
  const url = process.argv[3] ?? HOST;
  const admin = { login: process.env.ADMIN_LOGIN ?? '', password: process.env.ADMIN_PASSWORD ?? '' };
  if (!admin.login || !admin.password) {
    console.error('seed: set ADMIN_LOGIN and ADMIN_PASSWORD to the arena admin');
    process.exit(2);
  }
  const seeded = await seedArena(url, admin, Number(process.argv[4] ?? 50), Number(process.argv[5] ?? 10));
  console.log(`ARENA_URL=${url} ARENA_PREFIX=${seeded.prefix} ARENA_PARTICIPANTS=${seeded.participants}`);
}
