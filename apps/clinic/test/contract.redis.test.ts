// The clinic contract on a real redis-server, plus Redis-specific checks (key layout, round trips).
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { buildApp, createRedisStore, type ClinicStore } from '../src/index.ts';
import { defineClinicContract } from './contract/clinic-contract.ts';
import { startRedisServer, type RedisServer } from './helpers/redis-server.ts';

let redis: RedisServer | undefined;
let store: ClinicStore | undefined;

defineClinicContract({
  kind: 'redis',
  async start() {
    redis = await startRedisServer();
    store = await createRedisStore(redis.url);
    return store;
  },
  async stop() {
    await store?.close();
    await redis?.stop();
  },
  outage: {
    down: async () => redis?.shutdown(),
    up: async () => redis?.restart(),
  },
});

describe('redis store specifics', () => {
  it('keeps the original key layout and lists a page of 50 in one round trip', async () => {
    const server = await startRedisServer();
    const redisStore = await createRedisStore(server.url);
    const app = await buildApp({ store: redisStore });
    const client = createClient({ url: server.url });
    try {
      await client.connect();
      const h = await redisStore.create('hospital', {
        name: 'City',
        address: 'Main St',
        beds_number: 5,
        phone: '1',
      });
      const d = await redisStore.create('doctor', { surname: 'Who', profession: 'GP', hospital_ID: h.ID });
      const p = await redisStore.create('patient', {
        surname: 'Pond',
        born_date: '1990-01-01',
        sex: 'F',
        mpn: 'A1',
      });
      await redisStore.createLink({ doctor_ID: d.ID, patient_ID: p.ID });

      expect(await client.hGetAll(`hospital:${h.ID}`)).toEqual({
        name: 'City',
        address: 'Main St',
        beds_number: '5',
        phone: '1',
      });
      expect(await client.get('hospital:autoID')).toBe(String(h.ID));
      expect(await client.hGetAll(`doctor:${d.ID}`)).toEqual({
        surname: 'Who',
        profession: 'GP',
        hospital_ID: String(h.ID),
      });
      expect(await client.sMembers(`doctor-patient:${d.ID}`)).toEqual([String(p.ID)]);
      expect(await client.sMembers(`hospital:${h.ID}:doctors`)).toEqual([String(d.ID)]);
      expect(await client.hGet('patient:mpn', 'A1')).toBe(String(p.ID));
      expect(await client.zRange('hospital:ids', 0, -1)).toEqual([String(h.ID)]);

      for (let i = 0; i < 60; i++) {
        await redisStore.create('hospital', { name: `H${i}`, address: 'A', beds_number: i, phone: 'P' });
      }
      await app.inject({ method: 'GET', url: '/hospital' }); // warm up: EVALSHA → NOSCRIPT → EVAL once
      await client.sendCommand(['CONFIG', 'RESETSTAT']);
      const res = await app.inject({ method: 'GET', url: '/hospital' });
      expect(res.statusCode).toBe(200);
      const stats = await client.sendCommand<string>(['INFO', 'commandstats']);
      const calls = (name: string) =>
        Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      // One script call from the page; HGETALLs run inside it (50 of them), nothing else from the client.
      expect(calls('evalsha') + calls('eval')).toBe(1);
      expect(calls('hgetall')).toBe(50);
    } finally {
      await client.close();
      await app.close();
      await redisStore.close();
      await server.stop();
    }
  });
});
