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
}
