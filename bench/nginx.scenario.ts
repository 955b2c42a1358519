/**
 * The benchmark's perflab side: one task, no think time, against the host given
 * with --host (the benchmark's nginx). Users and duration come from the flags.
 */
import { defineScenario } from 'perflab';

export default defineScenario({
  load: { users: 50, spawnRate: 5000, duration: '10s' },
  tasks: [{ run: (vu) => vu.http.get('/') }],
});
