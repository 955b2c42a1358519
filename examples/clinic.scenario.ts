/**
 * The clinic service's original load test (Locust, Python), rebuilt for perflab:
 * browsing pages and creating hospitals and patients, with random valid data.
 *
 *   npx perflab run examples/clinic.scenario.ts --host http://127.0.0.1:8888
 */
import { between, defineScenario } from 'perflab';
import { clinicMix } from './clinic-mix.ts';

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 50, spawnRate: 5, duration: '30s' },
  waitTime: between('200ms', '1s'),
  tasks: clinicMix,
});
