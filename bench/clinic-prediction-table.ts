/**
 * Prints the markdown table of bench/clinic-prediction.sh: for each predicted load,
 * the real run's figures beside each model's mean and 95% interval over replications.
 *
 *   node --import tsx bench/clinic-prediction-table.ts OUT BASE
 */
import { readFileSync } from 'node:fs';
import type { ResultsDocument } from '../packages/perflab/src/output/json.ts';

const [out, baseText] = process.argv.slice(2);
const base = Number(baseText);
const read = (file: string) => JSON.parse(readFileSync(`${out}/${file}`, 'utf8')) as ResultsDocument;
const fmt = (v: number, digits = 2) => v.toFixed(digits);
const error = (predicted: number, measured: number) => {
  const e = ((predicted - measured) / measured) * 100;
  return `${e >= 0 ? '+' : ''}${fmt(e, 0)}%`;
};

const baseline = read(`real-${base}.json`).aggregated;
console.log(
  `baseline, ${base} users: ${fmt(baseline.rps)} requests/s, mean ${fmt(baseline.meanMs)} ms, p50 ${fmt(baseline.percentiles['50']!)} ms, p95 ${fmt(baseline.percentiles['95']!)} ms, p99 ${fmt(baseline.percentiles['99']!)} ms\n`,
);
console.log('| users | figure | measured | raw model (± 95%) | error | demand model (± 95%) | error |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const factor of [2, 5]) {
  const users = base * factor;
  const real = read(`real-${users}.json`).aggregated;
  const interval = (variant: string, metric: string) =>
    read(`sim-${variant}-${users}.json`).simulation!.intervals.find((i) => i.metric === metric)!;
  const rows: Array<[string, number, string]> = [
    ['requests/s', real.rps, 'requests/s'],
    ['mean, ms', real.meanMs, 'mean latency ms'],
    ['p50, ms', real.percentiles['50']!, 'p50 ms'],
    ['p95, ms', real.percentiles['95']!, 'p95 ms'],
    ['p99, ms', real.percentiles['99']!, 'p99 ms'],
  ];
  for (const [label, measured, metric] of rows) {
    const cells = ['raw', 'demand'].map((variant) => {
      const i = interval(variant, metric);
      return `${fmt(i.mean)} ± ${fmt(i.halfWidth95 ?? 0)} | ${error(i.mean, measured)}`;
    });
    console.log(`| ${users} (${factor}×) | ${label} | ${fmt(measured)} | ${cells.join(' | ')} |`);
  }
}
