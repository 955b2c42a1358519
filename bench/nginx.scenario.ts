import { defineScenario } from 'perflab';
export default defineScenario({
  host: 'http://127.0.0.1:18080',
  load: { users: 50, spawnRate: 5000, duration: '5s' },
  tasks: [{ run: (vu) => vu.http.get('/') }],
});
