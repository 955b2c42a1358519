/**
 * A custom load shape (Locust's LoadTestShape): a function of the elapsed time,
 * called once a second, returns the users wanted and how fast to get there, or
 * null to end. Here: 5 users for 10 s, a step to 15 users for 10 s, back to 5 for
 * 10 s, then stop.
 *
 *   npx perflab run examples/shape.scenario.ts --host http://127.0.0.1:8888
 */
import { between, defineScenario, type ShapeTick } from 'perflab';

function steps(elapsedMs: number): ShapeTick {
  const seconds = elapsedMs / 1000;
  if (seconds < 10) return { users: 5, spawnRate: 5 };
  if (seconds < 20) return { users: 15, spawnRate: 5 };
  if (seconds < 30) return { users: 5, spawnRate: 10 };
  return null; // end of the scenario
}

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  executor: { executor: 'shape', shape: steps },
  waitTime: between('200ms', '1s'),
  thresholds: { http_req_failed: ['rate<0.01'] },
  tasks: [
    { name: 'hospitals', weight: 3, run: (vu) => vu.http.get('/hospital') },
    { name: 'patients', weight: 2, run: (vu) => vu.http.get('/patient') },
    { name: 'health', weight: 1, run: (vu) => vu.http.get('/health') },
  ],
});
