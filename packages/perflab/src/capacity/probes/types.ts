/**
 * Shapes shared by the database probes of `perflab check`
 * ({@link ../redis-probe.ts probeRedis}, {@link ../postgres-probe.ts probePostgres}).
 */

/** Latency percentiles of one probe phase, milliseconds (from an HdrHistogram of microseconds, 3 significant digits). */
export interface ProbeLatencyMs {
  p50: number;
  p95: number;
  p99: number;
}

/** Options of a database probe. */
export interface DbProbeOptions {
  /**
   * Total time of the write and read phases, ms (default 5000), split in half:
   * the write phase runs for `durationMs / 2`, then the read phase for the rest.
   * Set-up and clean-up come on top.
   */
  durationMs?: number;
  /**
   * Operations in flight at once (default 8): one connection each (Redis: one
   * node-redis client per worker, so a latency is one round trip, never a
   * pipeline's; PostgreSQL: a pg Pool of this many connections).
   */
  concurrency?: number;
  /**
   * Start of the throwaway name, to which the probe always adds a random part so
   * it never touches existing data. Redis: key prefix, default `perflab:probe:`
   * (keys are `perflab:probe:<random>:<n>`); PostgreSQL: table name prefix,
   * default `perflab_probe_` (lower-case letters, digits and `_`; the table is
   * `perflab_probe_<random>`).
   */
  prefix?: string;
  /**
   * Stops the probe early: the running phase ends, the throwaway keys or table
   * are removed, then the probe rejects with `signal.reason`.
   */
  signal?: AbortSignal;
}

/** What a database probe measured. Rates are per second of the phase's wall-clock time. */
export interface DbProbeResult {
  kind: 'redis' | 'postgres';
  /** The URL probed, password replaced by `***`. */
  url: string;
  /** The throwaway key prefix (Redis) or table name (PostgreSQL) used and removed. */
  target: string;
  /** Operations in flight at once (connections). */
  concurrency: number;
  /** Successful reads per second (Redis GET, PostgreSQL SELECT by primary key). */
  readOpsPerSecond: number;
  /** Successful writes per second (Redis SET of ~1 KB, PostgreSQL single-row INSERT, each its own transaction). */
  writeOpsPerSecond: number;
  /** Latency of successful reads, ms. All 0 when there were none. */
  readLatencyMs: ProbeLatencyMs;
  /** Latency of successful writes, ms. All 0 when there were none. */
  writeLatencyMs: ProbeLatencyMs;
  /** Successful reads. */
  readOps: number;
  /** Successful writes. */
  writeOps: number;
  /** Wall-clock time of the read phase, ms. */
  readDurationMs: number;
  /** Wall-clock time of the write phase, ms. */
  writeDurationMs: number;
  /** Failed operations over both phases. */
  errors: number;
  /** True when, after the probe, no key with the prefix (Redis) or no probe table (PostgreSQL) remains. */
  cleanedUp: boolean;
  /** What happened that the figures alone do not say (errors, early stops, clean-up). */
  notes: string[];
}
