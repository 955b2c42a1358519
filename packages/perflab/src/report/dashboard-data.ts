/**
 * The data the dashboard page (packages/dashboard) renders, and the live UI's
 * HTTP contract. One page serves three purposes, chosen by the JSON embedded in
 * it as `<script id="perflab-data" type="application/json">`: a static report of
 * one run, the comparison of two runs, or the live view of a run in progress.
 * Documented in docs/report.md.
 */
import type { ReadinessReport } from '../capacity/check-report.ts';
import type { PlanReport } from '../capacity/plan-report.ts';
import type { CompareReport } from '../compare/types.ts';
import type { ResultsDocument } from '../output/json.ts';
import type { LatencyBucket, SpectrumPoint } from './distribution.ts';

export type { CompareReport, LatencyBucket, PlanReport, ReadinessReport, SpectrumPoint };

/** The latency distribution of one stats row (or of the aggregate: method `""`, name `"Aggregated"`). */
export interface RequestDistribution {
  method: string;
  name: string;
  /** HdrHistogram's percentile distribution of the row's whole-run histogram (ms); empty without requests. */
  spectrum: SpectrumPoint[];
  /** Log-spaced latency bars (ms) whose counts sum to the row's request count; empty without requests. */
  buckets: LatencyBucket[];
}

/** What the static report shows: the results document plus the distributions decoded from its histograms. */
export interface ReportData {
  /** The run's results; `histogram.encoded` is `""` in every stats row (decoded into `distributions` instead). */
  results: ResultsDocument;
  /** One per entry of `results.stats`, in the same order, then the aggregate. */
  distributions: RequestDistribution[];
}

/**
 * The JSON embedded in the dashboard page. `live`: the page talks to the
 * server that served it (same origin) through the {@link LiveState} API.
 * `plan`: the capacity plan of `perflab plan` (steps, USL fit, memory model, capacity).
 * `readiness`: the production-readiness report of `perflab check` (score, grades, forecast).
 */
export type DashboardData =
  | { kind: 'report'; report: ReportData }
  | { kind: 'compare'; compare: CompareReport }
  | { kind: 'live' }
  | { kind: 'plan'; plan: PlanReport }
  | { kind: 'readiness'; readiness: ReadinessReport };

/** Where a live run stands. */
export type LiveStatus = 'ready' | 'running' | 'stopping' | 'stopped';

/**
 * The live UI server's state: `GET /api/state`, and each `state` event of the
 * Server-Sent Events stream `GET /api/events` (pushed at least every second and
 * on every change).
 */
export interface LiveState {
  status: LiveStatus;
  /** The scenario file the server was started with, as given. */
  scenarioFile: string | null;
  /** Closed model (users, spawn rate) or open model (arrival rate). */
  model: 'closed' | 'open';
  /** Defaults for the start form. `durationS` null: until stopped. `rate` (open model) per second. */
  form: { host: string; users: number; spawnRate: number; rate: number | null; durationS: number | null };
  /** Running virtual users now. */
  users: number;
  /** The results so far (history included); null before the first start or after a reset. */
  results: ResultsDocument | null;
}

/**
 * Body of `POST /api/start`. Closed model: users, spawn rate (users/s); open
 * model: arrival rate (iterations/s). `durationS` null runs until stopped.
 * Answer: 200 `{ ok: true }` or 400 `{ error: string }`.
 */
export type LiveStartRequest =
  | { host: string; users: number; spawnRate: number; durationS: number | null }
  | { host: string; rate: number; durationS: number | null };

/**
 * Download routes of the live server (same origin), each answering a file:
 * `/api/download/stats.csv`, `stats_history.csv`, `failures.csv`, `exceptions.csv`
 * (Locust's CSV), `results.json` (the {@link ResultsDocument}) and `report.html`
 * (the static report of the results so far).
 */
export type LiveDownload =
  'stats.csv' | 'stats_history.csv' | 'failures.csv' | 'exceptions.csv' | 'results.json' | 'report.html';
