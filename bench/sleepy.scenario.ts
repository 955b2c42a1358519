/** Memory benchmark: users that send one request and then sleep 1 s. */
import { constant, defineScenario } from 'perflab';

export default defineScenario({
  load: { users: 1000, spawnRate: 10_000, duration: '20s' },
  waitTime: constant(1000),
  tasks: [{ run: (vu) => vu.http.get('/') }],
});
