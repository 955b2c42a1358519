/**
 * perflab's error catalogue: every error perflab raises on purpose has a stable
 * code, a one-line message naming what is wrong and where, an optional hint and
 * the process exit code the CLI uses for it (modelled on fastify's lib/errors.js).
 *
 * Exit codes: 0 ok, 1 run failed, 2 usage or config error, 99 thresholds failed,
 * 130 interrupted. Only the CLI entry turns errors into `process.exitCode`.
 */

/** Process exit codes used by the `perflab` CLI. */
export const ExitCode = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  thresholdsFailed: 99,
  interrupted: 130,
} as const;

/** The catalogue: code → exit code and a default hint. */
export const errorCatalogue = {
  /** A scenario file could not be found, parsed or imported. */
  PERFLAB_ERR_SCENARIO_LOAD: { exitCode: ExitCode.usage, hint: 'check the path and that the file compiles' },
  /** A scenario file loaded but its definition breaks the scenario schema. */
  PERFLAB_ERR_SCENARIO_INVALID: {
    exitCode: ExitCode.usage,
    hint: 'export default defineScenario({ host, tasks, ... }) from the file',
  },
  /** A command-line flag or environment variable has an invalid value. */
  PERFLAB_ERR_USAGE: { exitCode: ExitCode.usage, hint: 'run `perflab help <command>` for the flags' },
  /** An output file or folder could not be written. */
  PERFLAB_ERR_OUTPUT: { exitCode: ExitCode.runFailed, hint: 'check the folder exists and is writable' },
  /** A results document given as input (`perflab report`) is missing, not JSON or not a perflab results document. */
  PERFLAB_ERR_RESULTS_INPUT: {
    exitCode: ExitCode.usage,
    hint: 'pass a results document written by `perflab run --json FILE`',
  },
  /** The dashboard's built page (packages/dashboard/dist/index.html) is missing: HTML reports cannot be written. */
  PERFLAB_ERR_DASHBOARD_MISSING: {
    exitCode: ExitCode.runFailed,
    hint: 'build it: npm run build -w @perflab/dashboard (npm ci at the repository root builds it too)',
  },
  /**
   * Measurements given to the Universal Scalability Law fit (`fitUsl`, `perflab fit-usl FILE.csv`)
   * are missing, unreadable or unfit: too few points, too few distinct loads, N or X not a positive
   * finite number, a CSV file without N and X columns.
   */
  PERFLAB_ERR_USL_INPUT: {
    exitCode: ExitCode.usage,
    hint: 'give at least 6 measurements (N, X) at 3 or more distinct loads N, with N > 0 and X > 0',
  },
  /** A `--watch` process spec is malformed: not `pid:N`, `port:N` or `cmd:PATTERN`, or PATTERN is not a valid regular expression. */
  PERFLAB_ERR_WATCH_SPEC: {
    exitCode: ExitCode.usage,
    hint: 'watch processes with pid:1234, port:5432 or cmd:REGEX (e.g. cmd:postgres)',
  },
  /** No process matches a `--watch` spec when resource sampling starts (or none that perflab may inspect). */
  PERFLAB_ERR_WATCH_NOT_FOUND: {
    exitCode: ExitCode.usage,
    hint: 'start the service first; check the pid, port or pattern (ps -ef, ss -ltnp)',
  },
  /** A `--redis` or `--postgres` URL is malformed, or the server cannot be reached or queried when sampling starts. */
  /** A readiness configuration (`perflab check --config`) that cannot be read or is invalid. */
  PERFLAB_ERR_CONFIG: {
    exitCode: ExitCode.usage,
    hint: 'see docs/capacity.md for the readiness.yaml keys',
  },
  PERFLAB_ERR_WATCH_SOURCE: {
    exitCode: ExitCode.usage,
    hint: 'check the URL (redis://[user:password@]host:port, postgres://user[:password]@host:port/database) and that the server is up',
  },
  /**
   * A database probe (`probeRedis`, `probePostgres`, `perflab check`) cannot start: the URL is
   * malformed, the server cannot be reached, or its throwaway table cannot be created.
   */
  PERFLAB_ERR_PROBE: {
    exitCode: ExitCode.usage,
    hint: 'check the URL (redis://[user:password@]host:port, postgres://user[:password]@host:port/database), that the server is up and that the user may create a table',
  },
  /** A simulation model file (`*.sim.yaml`, `*.sim.json`) cannot be read, parsed or breaks the model schema; every problem is listed with its key path. */
  PERFLAB_ERR_SIM_MODEL: {
    exitCode: ExitCode.usage,
    hint: 'see docs/sim-model.md (JSON Schema: packages/perflab/schema/sim-model.schema.json)',
  },
  /** The coordinator Redis of a distributed run (`--coordinator`) is not a redis:// or rediss:// URL or does not answer. */
  PERFLAB_ERR_COORDINATOR: {
    exitCode: ExitCode.usage,
    hint: 'check the URL (redis[s]://[user:password@]host:port) and that Redis is up and reachable from here',
  },
  /** Fewer workers than `--expect-workers` registered with the coordinator within `--worker-timeout`. */
  PERFLAB_ERR_WORKERS_MISSING: {
    exitCode: ExitCode.runFailed,
    hint: 'start the workers first: perflab worker --coordinator URL (see docs/distributed.md)',
  },
  /** A worker refused or failed to load a distributed run: token or perflab version differs, or the scenario did not load there. */
  PERFLAB_ERR_WORKER_REFUSED: {
    exitCode: ExitCode.usage,
    hint: 'give the controller and every worker the same --token (or PERFLAB_TOKEN) and the same perflab version',
  },
  /** A distributed run ended badly: a worker was lost under `--on-worker-loss abort`, every worker was lost, or the coordinator was lost (outputs are still written). */
  PERFLAB_ERR_WORKER_LOST: {
    exitCode: ExitCode.runFailed,
    hint: 'see the notes in the output for which worker and when; docs/distributed.md explains the fault behaviour',
  },
  /** The demo's clinic service did not start. */
  PERFLAB_ERR_DEMO_SERVICE: {
    exitCode: ExitCode.runFailed,
    hint: 'run `npm ci` at the repository root first',
  },
} as const;

/** A code from {@link errorCatalogue}. */
export type PerflabErrorCode = keyof typeof errorCatalogue;

/** An expected, user-facing error: printed as one line by the CLI, never with a stack. */
export class PerflabError extends Error {
  readonly code: PerflabErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;

  /**
   * @param code catalogue code
   * @param message one line naming the file/flag/value at fault
   * @param hint overrides the catalogue's default hint; `null` for none
   */
  constructor(code: PerflabErrorCode, message: string, hint?: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PerflabError';
    this.code = code;
    this.exitCode = errorCatalogue[code].exitCode;
    this.hint = hint === null ? undefined : (hint ?? errorCatalogue[code].hint);
  }
}
