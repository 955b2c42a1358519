import type { SimulationResults } from './simulate.ts';

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/**
 * The console summary of `perflab sim`: the main metrics with their 95%
 * confidence intervals over replications, errors by cause, components
 * (utilisation, waiting requests, availability), broker queues, caches and the
 * role changes of replication 1. Plain text, one table per block.
 */
export function renderSimulationText(results: SimulationResults): string {
  const sim = results.simulation;
  const lines: string[] = [];
  const { model } = sim;
  lines.push(
    `perflab sim: ${model.name ?? model.file} — ${sim.replications} replication(s) × ${model.durationS} s (warm-up ${model.warmupS} s deleted), seed ${model.seed}, ${sim.simulatedRequests.toLocaleString('en-US')} requests simulated`,
  );
  if (sim.precisionReached === false) lines.push('precision target NOT reached within the replication limit');
  lines.push('');
  const shown = sim.intervals.filter(
    (i) => !i.metric.startsWith('utilisation ') && !i.metric.startsWith('availability '),
  );
  const width = Math.max(30, ...shown.map((i) => i.metric.length));
  lines.push(`${'metric'.padEnd(width)}       mean        ±95%        ±99%`);
  for (const i of shown) {
    const digits = i.metric === 'error rate' ? 5 : 3;
    const hw = (h: number | null) => (h === null ? '—' : fixed(h, digits));
    lines.push(
      `${i.metric.padEnd(width)} ${fixed(i.mean, digits).padStart(10)}  ${hw(i.halfWidth95).padStart(10)}  ${hw(i.halfWidth99).padStart(10)}`,
    );
  }
  const o = sim.outcomes;
  lines.push('');
  lines.push(
    `replication 1 after warm-up: ${o.success + o.failure} requests, ${o.failure} failed (${pct(o.failure / Math.max(1, o.success + o.failure))}); auth checks in the period: ${o.auth.success} passed, ${o.auth.failure} failed`,
  );
  const causes = Object.entries(o.byCause).sort((a, b) => b[1] - a[1]);
  for (const [label, count] of causes) lines.push(`  ${String(count).padStart(8)}  ${label}`);
  lines.push('');
  lines.push('component              kind       utilisation  mean queue  availability');
  for (const c of sim.components) {
    lines.push(
      `${c.name.padEnd(22)} ${c.kind.padEnd(10)} ${pct(c.utilisation).padStart(11)}  ${fixed(c.meanQueueLength, 3).padStart(10)}  ${pct(c.availability).padStart(12)}`,
    );
    const extra = c.extra as
      | { hits?: number; misses?: number; hitRate?: number; queues?: Array<Record<string, number | string>> }
      | undefined;
    if (extra?.hitRate !== undefined) {
      lines.push(`    hits ${extra.hits}, misses ${extra.misses}, hit rate ${pct(extra.hitRate)}`);
    }
    for (const q of extra?.queues ?? []) {
      lines.push(
        `    queue ${q.name}: sent ${q.sent}, delivered ${q.delivered}, failed ${q.failed}, rejected ${q.rejected}, redelivered ${q.redelivered}, mean delivery ${fixed(Number(q.meanDeliveryLatencyS) * 1000, 2)} ms`,
      );
    }
  }
  if (sim.events.length > 0) {
    lines.push('');
    lines.push('events (replication 1):');
    for (const e of sim.events.slice(0, 50)) {
      lines.push(`  ${fixed(e.timeS, 3).padStart(10)} s  ${e.component}: ${e.node} ${e.event}`);
    }
    if (sim.events.length > 50) lines.push(`  … ${sim.events.length - 50} more in the results JSON`);
  }
  return `${lines.join('\n')}\n`;
}
