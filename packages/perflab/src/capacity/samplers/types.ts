/**
 * The shapes of resource samples: what `perflab run --watch/--redis/--postgres`
 * writes into the results document's `resources` field (docs/results-format.md)
 * and what `ResourceMonitor` returns. Every metric of a sample is `null` when it
 * was not measured (a gap: the process had exited, the database was unreachable;
 * or, for a rate, no previous sample to take a difference from).
 */

/** min / mean / max / last of the measured (non-null) values of one series; null when there are none. */
export interface SeriesSummary {
  min: number;
  /** Arithmetic mean over the samples (equally spaced, so also the time average). */
  mean: number;
  max: number;
  /** The value of the latest sample that has one. */
  last: number;
  /** Samples with a value. */
  count: number;
}

/** One sample of a watched process group (a `--watch` spec: the matched processes and all their descendants). */
export interface ProcessSample {
  /** When the sample was taken, epoch seconds (millisecond precision). */
  timestamp: number;
  /** Processes in the group; null in a gap (nothing matched the spec). */
  processes: number | null;
  /**
   * CPU used since the previous sample with a CPU figure, percent of one core
   * (user + system time of every process in the group, from `/proc/PID/stat`,
   * over wall time): 100 = one core busy, up to 100 × cores. Null in the first
   * sample, after a gap, and less than 0.2 s after the previous figure (clock
   * ticks are too coarse; the next figure covers that time).
   */
  cpuCorePercent: number | null;
  /** The same as a percentage of the whole machine (all logical CPUs): `cpuCorePercent / cpus`. */
  cpuMachinePercent: number | null;
  /** Sum of the processes' resident set sizes (`VmRSS`), bytes; counts shared pages once per process. */
  rssBytes: number | null;
  /**
   * Sum of the processes' proportional set sizes (`Pss` of `/proc/PID/smaps_rollup`),
   * bytes: shared pages divided among the processes mapping them, so PostgreSQL's
   * shared buffers count once. A process whose smaps_rollup is unreadable
   * contributes its RSS instead (the series' notes say so).
   */
  pssBytes: number | null;
  /**
   * Established TCP connections held by the group: distinct socket inodes among
   * the processes' file descriptors in state ESTABLISHED in `/proc/net/tcp{,6}` —
   * inbound (clients) and outbound (e.g. to a database) alike.
   */
  connections: number | null;
}

/** Summaries of a process group's series (each null when the series has no value). */
export interface ProcessSummary {
  processes: SeriesSummary | null;
  cpuCorePercent: SeriesSummary | null;
  cpuMachinePercent: SeriesSummary | null;
  rssBytes: SeriesSummary | null;
  pssBytes: SeriesSummary | null;
  connections: SeriesSummary | null;
  /** Samples in a gap (nothing matched the spec). */
  gaps: number;
}

/** A process seen when sampling started. */
export interface WatchedProcess {
  pid: number;
  ppid: number;
  /** Command line, cut to 200 characters (the short name in brackets for processes without one). */
  command: string;
}

/** The samples of one `--watch` spec. */
export interface ProcessSeries {
  /** The spec as given: `pid:N`, `port:N` or `cmd:PATTERN`. */
  spec: string;
  /** The group when sampling started: the matched processes, then their descendants. */
  processesAtStart: WatchedProcess[];
  samples: ProcessSample[];
  summary: ProcessSummary;
  /** Gaps, recoveries and fallbacks (e.g. PSS unreadable, RSS used), in order. */
  notes: string[];
}

/** One sample of Redis's `INFO` (https://redis.io/docs/latest/commands/info/). */
export interface RedisSample {
  /** Epoch seconds (millisecond precision). */
  timestamp: number;
  /** `used_memory`, bytes. */
  usedMemoryBytes: number | null;
  /** `maxmemory`, bytes; 0 = no limit. */
  maxmemoryBytes: number | null;
  /** `maxmemory_policy`, e.g. `noeviction`, `allkeys-lru`. */
  maxmemoryPolicy: string | null;
  /** `connected_clients` minus the sampler's own connection. */
  connectedClients: number | null;
  /** Successful key lookups since the previous sample (`keyspace_hits` difference). */
  keyspaceHits: number | null;
  /** Failed key lookups since the previous sample (`keyspace_misses` difference). */
  keyspaceMisses: number | null;
  /** hits / (hits + misses) since the previous sample, 0..1; null without lookups. */
  hitRate: number | null;
  /** Keys evicted since the previous sample (`evicted_keys` difference). */
  evictedKeys: number | null;
}

/** Summaries of a Redis series. */
export interface RedisSummary {
  usedMemoryBytes: SeriesSummary | null;
  connectedClients: SeriesSummary | null;
  /** Key lookups over the whole window (sums of the per-sample differences). */
  keyspaceHits: number;
  keyspaceMisses: number;
  /** keyspaceHits / (keyspaceHits + keyspaceMisses) over the window, 0..1; null without lookups. */
  hitRate: number | null;
  /** Keys evicted over the window. */
  evictedKeys: number;
  /** Latest `maxmemory`, bytes (0 = no limit); null when never read. */
  maxmemoryBytes: number | null;
  /** Latest `maxmemory_policy`; null when never read. */
  maxmemoryPolicy: string | null;
  /** Samples in a gap (Redis unreachable). */
  gaps: number;
}

/** The samples of one `--redis URL`. */
export interface RedisSeries {
  /** The URL, password replaced by `***`. */
  url: string;
  samples: RedisSample[];
  summary: RedisSummary;
  notes: string[];
}

/** One sample of PostgreSQL's `pg_stat_database` row for the URL's database. */
export interface PostgresSample {
  /** Epoch seconds (millisecond precision). */
  timestamp: number;
  /** `numbackends` (sessions connected to the database) minus the sampler's own. */
  backends: number | null;
  /** Blocks found in shared buffers since the previous sample (`blks_hit` difference). */
  blocksHit: number | null;
  /** Blocks read from the kernel (page cache or disk) since the previous sample (`blks_read` difference). */
  blocksRead: number | null;
  /** blocksHit / (blocksHit + blocksRead), 0..1; null without block accesses. */
  bufferHitRate: number | null;
  /** Committed transactions since the previous sample (`xact_commit` difference; includes the sampler's one query per sample). */
  commits: number | null;
  /** commits per second of wall time since the previous sample. */
  commitsPerSecond: number | null;
  /** Rolled-back transactions since the previous sample (`xact_rollback` difference). */
  rollbacks: number | null;
  /** `pg_database_size`, bytes. */
  databaseSizeBytes: number | null;
}

/** Summaries of a PostgreSQL series. */
export interface PostgresSummary {
  backends: SeriesSummary | null;
  commitsPerSecond: SeriesSummary | null;
  databaseSizeBytes: SeriesSummary | null;
  /** Totals over the window. */
  blocksHit: number;
  blocksRead: number;
  /** blocksHit / (blocksHit + blocksRead) over the window, 0..1; null without block accesses. */
  bufferHitRate: number | null;
  commits: number;
  rollbacks: number;
  /** Samples in a gap (database unreachable). */
  gaps: number;
}

/** The samples of one `--postgres URL`. */
export interface PostgresSeries {
  /** The URL, password replaced by `***`. */
  url: string;
  /** The database whose `pg_stat_database` row is sampled. */
  database: string;
  samples: PostgresSample[];
  summary: PostgresSummary;
  notes: string[];
}

/**
 * Everything the resource samplers measured during a run: the results
 * document's `resources` field. Counters are turned into differences between
 * consecutive samples, so each sample describes the interval that ends at its
 * timestamp.
 */
export interface ResourceReport {
  /** Planned time between samples, ms (1000). */
  intervalMs: number;
  /** First and last sample, epoch seconds; null before the first sample. */
  startedAt: number | null;
  endedAt: number | null;
  /** Logical CPUs of the machine (the denominator of `cpuMachinePercent`). */
  cpus: number;
  /** Clock ticks per second of `/proc/PID/stat` CPU times. */
  clockTicksPerSecond: number;
  processes: ProcessSeries[];
  redis: RedisSeries[];
  postgres: PostgresSeries[];
  /** Every note of every series, prefixed with its spec or URL, in order. */
  notes: string[];
}
