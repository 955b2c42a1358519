import type { DashboardData } from './types';

/** What the page found in its `<script id="perflab-data">` element. */
export type PageData = DashboardData | { kind: 'none'; reason: string };

/**
 * Reads the {@link DashboardData} perflab embedded in the page. The built page
 * carries `null` until perflab injects data; the dev server (`npm run dev`) then
 * shows the live view, proxied to `perflab run --ui`.
 */
export function readPageData(): PageData {
  const element = document.getElementById('perflab-data');
  if (!element) return { kind: 'none', reason: 'the page has no perflab-data element' };
  let value: unknown;
  try {
    value = JSON.parse(element.textContent ?? '');
  } catch (error) {
    return { kind: 'none', reason: `the embedded data is not JSON: ${(error as Error).message}` };
  }
  if (value === null) {
    if (import.meta.env.DEV) return { kind: 'live' };
    return {
      kind: 'none',
      reason:
        'this is the dashboard template: open a report written by `perflab run --html` or `perflab report`',
    };
  }
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'report' || kind === 'compare' || kind === 'live' || kind === 'plan' || kind === 'readiness')
    return value as DashboardData;
  return { kind: 'none', reason: `unknown data kind ${JSON.stringify(kind)}` };
}
