/**
 * Prints the markdown table of bench/clinic-prediction.sh: for each predicted load,
 * the real run's figures beside the simulation's mean and 95% interval over replications.
 *
 *   node --import tsx bench/clinic-prediction-table.ts OUT BASE
 */
import { readFileSync } from 'node:fs';
import type { ResultsDocument } from '../packages/perflab/src/output/json.ts';

const [out, baseText] = process.argv.slice(2);
const base = Number(baseText);
const read = (file: string) => JSON.parse(readFileSync(`${out}/${file}`, 'utf8')) as ResultsDocument;
const fmt = (v: number, digits = 2) => v.toFixed(digits);

console.log('| users | figure | measured | simulated (mean ± 95%) | error |');
console.log('| ---: | --- | ---: | ---: | ---: |');
for (const factor of [2, 5]) {
  const users = base * factor;
  const real = read(`real-${users}/clinic.json`).aggregated;
  const sim = read(`sim-${users}.json`).simulation!;
  const interval = (metric: string) => sim.intervals.find((i) => i.metric === metric)!;
  const rows: Array<[string, number, string]> = [
    ['requests/s', real.rps, 'requests/s'],
    ['mean, ms', real.meanMs, 'mean latency ms'],
    ['p50, ms', real.percentiles['50']!, 'p50 ms'],
    ['p95, ms', real.percentiles['95']!, 'p95 ms'],
    ['p99, ms', real.percentiles['99']!, 'p99 ms'],
  ];
  for (const [label, measured, metric] of rows) {
    const i = interval(metric);
    const error = ((i.mean - measured) / measured) * 100;
    console.log(
      `| ${users} (${factor}×) | ${label} | ${fmt(measured)} | ${fmt(i.mean)} ± ${fmt(i.halfWidth95 ?? 0)} | ${error >= 0 ? '+' : ''}${fmt(error, 1)}% |`,
    );
  }
}
