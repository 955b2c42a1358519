/** The short resources summary printed at the end of a run. */
import type { ResourceReport, SeriesSummary } from './types.ts';

/** Bytes for people, binary units: `512 B`, `87.1 MiB`, `2.90 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1)} ${units[unit]}`;
}

const pct = (value: number) => `${value.toFixed(1)}%`;
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** `mean (max M)` of a series, or `–` without values. */
function meanMax(summary: SeriesSummary | null, format: (v: number) => string): string {
  return summary ? `${format(summary.mean)} (max ${format(summary.max)})` : '–';
}

/**
 * A few lines summarising a {@link ResourceReport}: per watched process group
 * CPU (mean and max, % of one core, and of the machine), PSS and RSS (last and
 * max), connections and processes; per Redis memory, limit and policy, window
 * hit rate, clients, evictions; per PostgreSQL buffer hit rate, commits/s,
 * backends and size; then the gaps. Ends with a newline; `""` for an empty report.
 */
export function renderResourceSummary(report: ResourceReport): string {
  const lines: string[] = [];
  const samples = Math.max(
    0,
    ...[...report.processes, ...report.redis, ...report.postgres].map((s) => s.samples.length),
  );
  if (samples === 0) return '';
  lines.push(`Resources (${samples} samples, every ${report.intervalMs / 1000} s)`);
  const gaps: string[] = [];
  for (const series of report.processes) {
    const s = series.summary;
    const parts = [
      `CPU ${meanMax(s.cpuCorePercent, pct)} of a core, ${s.cpuMachinePercent ? pct(s.cpuMachinePercent.mean) : '–'} of the machine`,
      `PSS ${s.pssBytes ? `${formatBytes(s.pssBytes.last)} (max ${formatBytes(s.pssBytes.max)})` : '–'}`,
      `RSS ${s.rssBytes ? `${formatBytes(s.rssBytes.last)} (max ${formatBytes(s.rssBytes.max)})` : '–'}`,
      `connections ${meanMax(s.connections, count)}`,
      `processes ${s.processes ? `${s.processes.last} (max ${s.processes.max})` : '–'}`,
    ];
    lines.push(`  ${series.spec}: ${parts.join(' · ')}`);
    if (s.gaps > 0) gaps.push(`${series.spec} ${s.gaps}`);
  }
  for (const series of report.redis) {
    const s = series.summary;
    const limit =
      s.maxmemoryBytes === null ? '–' : s.maxmemoryBytes === 0 ? 'none' : formatBytes(s.maxmemoryBytes);
    const parts = [
      `used memory ${s.usedMemoryBytes ? `${formatBytes(s.usedMemoryBytes.last)} (max ${formatBytes(s.usedMemoryBytes.max)})` : '–'}`,
      `maxmemory ${limit}${s.maxmemoryPolicy ? ` (${s.maxmemoryPolicy})` : ''}`,
      `hit rate ${s.hitRate === null ? '– (no lookups)' : `${pct(100 * s.hitRate)} (${s.keyspaceHits} hits, ${s.keyspaceMisses} misses)`}`,
      `clients ${meanMax(s.connectedClients, count)}`,
      `evicted ${s.evictedKeys}`,
    ];
    lines.push(`  ${series.url}: ${parts.join(' · ')}`);
    if (s.gaps > 0) gaps.push(`${series.url} ${s.gaps}`);
  }
  for (const series of report.postgres) {
    const s = series.summary;
    const parts = [
      `buffer hit rate ${s.bufferHitRate === null ? '–' : pct(100 * s.bufferHitRate)}`,
      `commits/s ${meanMax(s.commitsPerSecond, (v) => v.toFixed(1))}`,
      `backends ${meanMax(s.backends, count)}`,
      `size ${s.databaseSizeBytes ? formatBytes(s.databaseSizeBytes.last) : '–'}`,
    ];
    lines.push(`  ${series.url}: ${parts.join(' · ')}`);
    if (s.gaps > 0) gaps.push(`${series.url} ${s.gaps}`);
  }
  if (gaps.length > 0) lines.push(`  gaps (samples without data): ${gaps.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
