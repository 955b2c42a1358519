// perflab's full clinic flow example (examples/clinic-flow.scenario.ts) against the
// clinic service on a real Redis and a real PostgreSQL: every request, check and
// threshold must pass.
import { fileURLToPath } from 'node:url';
import { loadTestPlan, runLoadTest, thresholdGate, type TestPlan } from 'perflab';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type ClinicStore, createPostgresStore, createRedisStore } from '../src/index.ts';
import { startPostgresServer } from './helpers/postgres-server.ts';
import { startRedisServer } from './helpers/redis-server.ts';

const FLOW = fileURLToPath(new URL('../../../examples/clinic-flow.scenario.ts', import.meta.url));

/** The example's plan with a short closed-model load: 5 users for 4 s. */
async function shortFlow(): Promise<TestPlan> {
  const plan = await loadTestPlan(FLOW);
  const [scenario] = plan.scenarios;
  return {
    ...plan,
    scenarios: [
      {
        ...scenario!,
        executor: {
          type: 'ramping-users',
          startUsers: 0,
          constant: { users: 5, spawnRate: 50, durationMs: 4000 },
        },
      },
    ],
  };
}

async function runFlowAgainst(store: ClinicStore) {
  const app = await buildApp({ store });
  try {
    const host = await app.listen({ port: 0, host: '127.0.0.1' });
    const plan = await shortFlow();
    return await runLoadTest({
      plan,
      host,
      graceMs: 5000,
      reporters: [],
      thresholds: thresholdGate(plan.thresholds),
    });
  } finally {
    await app.close();
  }
}

function expectClean(result: Awaited<ReturnType<typeof runFlowAgainst>>) {
  const { snapshot } = result;
  expect(snapshot.aggregated.requests).toBeGreaterThan(50);
  expect(snapshot.failures).toEqual([]);
  expect(snapshot.exceptions).toEqual([]);
  expect(snapshot.checks.length).toBeGreaterThan(5);
  for (const check of snapshot.checks) expect(check, check.name).toMatchObject({ fails: 0 });
  expect(result.thresholds.length).toBeGreaterThan(0);
  for (const t of result.thresholds) expect(t, `${t.key}: ${t.source}`).toMatchObject({ ok: true });
  // Every step of the flow ran: creates, link, reads by id.
  const names = snapshot.entries.map((e) => `${e.method} ${e.name}`);
  for (const step of [
    'POST /api/v1/hospital',
    'POST /api/v1/doctor',
    'POST /api/v1/patient',
    'POST /api/v1/doctor-patient',
    'POST /api/v1/diagnosis',
    'GET /api/v1/hospital/[id]',
  ]) {
    expect(names).toContain(step);
  }
}

describe('perflab clinic flow example', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('runs clean against the clinic on Redis', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const store = await createRedisStore(redis.url);
    cleanups.push(() => store.close());
    expectClean(await runFlowAgainst(store));
  });

  it('runs clean against the clinic on PostgreSQL', async () => {
    const postgres = await startPostgresServer();
    cleanups.push(() => postgres.stop());
    const store = await createPostgresStore(postgres.url);
    cleanups.push(() => store.close());
    expectClean(await runFlowAgainst(store));
  });
});
