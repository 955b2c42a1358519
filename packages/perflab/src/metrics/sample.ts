/**
 * One request's outcome: the unit every executor, the HTTP client and (later)
 * the simulator emit, and the only thing the metrics store consumes.
 */
export interface Sample {
  /** HTTP method, upper case (`GET`). */
  method: string;
  /** Request name used for grouping, e.g. `/patient/[id]`; defaults to the path. */
  name: string;
  /** Wall-clock time the request was sent, epoch milliseconds. */
  startedAt: number;
  /** Response time in microseconds: from sending the request to reading the whole body (or the error). */
  latencyUs: number;
  /** Time to first byte (response headers received) in microseconds; absent when no response arrived. */
  ttfbUs?: number;
  /** HTTP status code; 0 when no response arrived. */
  status: number;
  /** Response body size in bytes (0 on network errors). */
  bytes: number;
  /** Why the request failed, as a stable grouping label; absent when it succeeded. */
  error?: string;
  /** Scenario the request belongs to (absent in a single-scenario run). */
  scenario?: string;
  /** Tags of the request: the scenario's tags merged with the request's own. */
  tags?: Readonly<Record<string, string>>;
  /**
   * Open model only: the raw service time in µs (send → body read). `latencyUs`
   * is then measured from the iteration's intended start, correcting for
   * coordinated omission; in the closed model the two are the same and this is absent.
   */
  serviceTimeUs?: number;
  /** Phases of the request as k6 defines them, when measured. */
  timings?: RequestTimings;
}

/**
 * A request's phases in µs, as k6 defines them (k6 docs, "HTTP-specific built-in
 * metrics"): `blocked` waiting for a free connection, `connecting` TCP connect,
 * `tlsHandshaking`, `sending`, `waiting` (time to first byte after sending),
 * `receiving` the body. `duration = sending + waiting + receiving`.
 */
export interface RequestTimings {
  blockedUs: number;
  connectingUs: number;
  tlsHandshakingUs: number;
  sendingUs: number;
  waitingUs: number;
  receivingUs: number;
  durationUs: number;
}
