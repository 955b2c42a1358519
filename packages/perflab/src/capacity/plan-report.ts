import type { LinearFit } from './linear-fit.ts';
import type { Budget, Capacity, Slo } from './capacity.ts';

/** One step of `perflab plan`, measured over its steady state (after the warm-up). */
export interface PlanStep {
  users: number;
  /** Steady-state window, ms. */
  durationMs: number;
  requests: number;
  failures: number;
  /** failures / requests (0..1). */
  errorRate: number;
  /** Throughput X, requests/s. */
  throughputRps: number;
  /** Mean response time R, ms. */
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Requests in flight by Little's law, X·R. */
  concurrency: number;
  /** Think time per request by Little's law, N/X − R, ms (≈ 0 without think time). */
  thinkTimeMs: number;
  /** Watched processes over the window: mean CPU (cores) and mean memory (PSS, bytes), per spec. */
  processes: { spec: string; cpuCores: number | null; memoryBytes: number | null }[];
  /** Redis over the window, when `--redis` was given. */
  redis: { usedMemoryBytes: number | null; hitRate: number | null; connectedClients: number | null } | null;
  /** PostgreSQL over the window, when `--postgres` was given. */
  postgres: { bufferHitRate: number | null; commitsPerSecond: number | null; backends: number | null } | null;
}

/** The USL as `perflab plan` reports it (coefficients from `fitUsl`, users at the peak derived here). */
export interface PlanUsl {
  /** What N is in the fit: virtual users (no think time) or X·R (think time, Little's law). */
  concurrency: 'users' | 'little';
  lambda: number;
  sigma: number;
  kappa: number;
  lambdaStdError: number | null;
  sigmaStdError: number | null;
  kappaStdError: number | null;
  rSquared: number | null;
  /** Concurrency at the throughput peak, √((1−σ)/κ); null when κ = 0. */
  peakConcurrency: number | null;
  /** Users at the peak: N* + X_max·Z (Little's law with the think time Z); null when κ = 0. */
  peakUsers: number | null;
  /** Throughput at the peak, requests/s (κ = 0: the ceiling λ/σ). */
  maxThroughputRps: number | null;
  /** 1/σ (null when σ = 0). */
  optimalConcurrency: number | null;
  /** λ/σ, the throughput ceiling without coherency (null when σ = 0). */
  throughputRoofRps: number | null;
  /** Measured and fitted throughput per step. */
  points: { concurrency: number; measuredRps: number; fittedRps: number }[];
}

/** The `perflab plan` report (JSON file; the Markdown and HTML files show the same). */
export interface PlanReport {
  format: 'perflab-plan';
  version: 1;
  tool: { name: 'perflab'; version: string };
  scenarioFile: string;
  host: string;
  /** ISO 8601. */
  startedAt: string;
  endedAt: string;
  stepDurationMs: number;
  warmupMs: number;
  budget: Budget;
  slo: Slo | null;
  watched: string[];
  steps: PlanStep[];
  /** null when the fit was impossible (see `uslError`). */
  usl: PlanUsl | null;
  uslError: string | null;
  /** Memory model per watched process, M(N) = M₀ + m·N (bytes); m is the memory per user. */
  memoryPerProcess: { spec: string; model: LinearFit | null }[];
  capacity: Capacity;
  notes: string[];
}
