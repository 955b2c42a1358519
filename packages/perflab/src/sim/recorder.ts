import { MetricsStore } from '../metrics/store.ts';
import { buildResultsDocument, type ResultsDocument } from '../output/json.ts';
import type { RunResult, ScenarioInfo } from '../output/reporter.ts';

/** One simulated request's outcome. Times are simulated seconds since the start of the run. */
export interface SimulatedRequest {
  /** `GET`, `POST`, … or the flow's own verb. */
  method: string;
  /** Request type / flow name, as a load test's request name. */
  name: string;
  startS: number;
  endS: number;
  /** HTTP-like status; 0 when no response (timeout, connection refused by a failed instance). */
  status: number;
  /** Failure label (grouped like a load test's), absent on success. */
  error?: string;
  /** Response size, bytes (0 if not modelled). */
  bytes?: number;
}

/**
 * Turns simulated requests into the load test's metrics: every request becomes
 * the same `Sample` a real run records, into the same `MetricsStore` (HdrHistograms
 * per name, per-second windows, failure groups), on a clock that maps simulated
 * second s to the epoch time `startEpochMs + 1000·s`; one history row per
 * simulated second. The results document is then exactly a load test's
 * (`buildResultsDocument`), so the HTML report and `perflab compare` work on it.
 */
export class SimRecorder {
  readonly store: MetricsStore;
  private nextRowS = 1;

  /**
   * @param startEpochMs the epoch time simulated second 0 stands for (e.g. Date.now() at the start)
   * @param users what the history's users column shows (the closed workload's N, or 0 for an open one)
   */
  constructor(
    readonly startEpochMs: number,
    private readonly users: () => number = () => 0,
  ) {
    this.store = new MetricsStore(startEpochMs);
  }

  /** Records one request (call it when the request completes in simulated time). */
  record(request: SimulatedRequest): void {
    this.advanceTo(request.endS);
    this.store.record(
      {
        method: request.method,
        name: request.name,
        startedAt: this.startEpochMs + request.startS * 1000,
        latencyUs: Math.max(0, (request.endS - request.startS) * 1e6),
        status: request.status,
        bytes: request.bytes ?? 0,
        ...(request.error === undefined ? {} : { error: request.error }),
      },
      this.startEpochMs + request.endS * 1000,
    );
  }

  /** Takes the history rows of every whole simulated second up to `nowS`. */
  advanceTo(nowS: number): void {
    while (this.nextRowS <= nowS) {
      this.store.takeHistoryRow(this.users(), this.startEpochMs + this.nextRowS * 1000);
      this.nextRowS++;
    }
  }

  /**
   * The run's results document, as of simulated time `endS`.
   * @param scenarios what was simulated, as a load test describes its scenarios
   */
  results(endS: number, scenarios: ScenarioInfo[], notes: string[] = []): ResultsDocument {
    this.advanceTo(endS);
    const endedAt = this.startEpochMs + endS * 1000;
    const result: RunResult = {
      info: {
        scenarioFile: undefined,
        host: 'simulation',
        scenarios,
        graceMs: 0,
        startedAt: this.startEpochMs,
      },
      snapshot: this.store.snapshot(endedAt),
      history: this.store.history,
      endedAt,
      interrupted: false,
      abortedByThreshold: undefined,
      forcedStops: 0,
      notes,
      thresholds: [],
      store: this.store,
    };
    return buildResultsDocument(result);
  }
}
