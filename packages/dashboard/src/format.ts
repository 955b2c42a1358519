/** Number formatting shared by the tables, legends and axes. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: `12,345`. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A latency in ms with precision that suits its size: `0.412`, `3.10`, `45.2`, `1,204`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs === 0) return '0';
  if (abs < 1) return ms.toFixed(3);
  if (abs < 10) return ms.toFixed(2);
  if (abs < 100) return ms.toFixed(1);
  return integer.format(ms);
}

/** A rate per second: `0.25`, `4.50`, `78.6`, `11,402`. */
export function formatRate(perSecond: number): string {
  const abs = Math.abs(perSecond);
  if (abs === 0) return '0';
  if (abs < 10) return perSecond.toFixed(2);
  if (abs < 1000) return perSecond.toFixed(1);
  return integer.format(perSecond);
}

/** A fraction as a percentage: `0.0123` → `1.23%`. */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A relative change as a signed percentage: `0.123` → `+12.3%`; null → `–`. */
export function formatDelta(relative: number | null | undefined): string {
  if (relative === null || relative === undefined || !Number.isFinite(relative)) return '–';
  const pct = relative * 100;
  const digits = Math.abs(pct) < 10 ? 1 : 0;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(digits)}%`;
}

/** Bytes in B, KiB, MiB, GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A duration in ms as `2m 05s`, `45.2s`, `850 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.floor(s % 60);
  return h > 0
    ? `${h}h ${String(m).padStart(2, '0')}m ${String(rest).padStart(2, '0')}s`
    : `${m}m ${String(rest).padStart(2, '0')}s`;
}

/** An ISO 8601 time as local date and time (`2026-11-20 23:26:06`). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * A percentile's position on a spectrum chart's x axis: 1/(1−p) (p a fraction),
 * so 0 % → 1, 90 % → 10, 99 % → 100, 99.9 % → 1000.
 */
export function percentileToX(percent: number): number {
  return 1 / (1 - percent / 100);
}

/** Inverse of {@link percentileToX}, as a label: `10` → `90%`, `1000` → `99.9%`. */
export function percentileLabel(x: number, extraDigits = 0): string {
  const percent = 100 * (1 - 1 / x);
  const digits = Math.max(0, Math.ceil(Math.log10(x) - 1e-9) - 2) + extraDigits;
  return `${percent.toFixed(digits)}%`;
}

/** `GET /patient`, or `Aggregated`. */
export function rowLabel(row: { method: string; name: string }): string {
  return row.method ? `${row.method} ${row.name}` : row.name;
}

/** An axis tick: at most 3 significant digits, no trailing zeros (`0.5`, `2`, `1,500`); empty for a hidden tick. */
export function formatTick(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (Math.abs(value) >= 1000) return integer.format(value);
  return String(Number(value.toPrecision(3)));
}
