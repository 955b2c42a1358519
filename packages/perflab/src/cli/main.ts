import { Command, CommanderError, Option } from 'commander';
import { PerflabError } from '../errors.ts';
import { PERFLAB_VERSION } from '../output/json.ts';
import { type CliIo, processIo } from './io.ts';

/**
 * The `perflab` command line. Commands load lazily. Known errors print one line
 * (`error PERFLAB_ERR_…: message` + hint); unknown ones print a stack.
 * @returns the process exit code (0 ok, 1 run failed, 2 usage/config error, 99 thresholds failed, 130 interrupted)
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('perflab')
    .description('Load testing, capacity planning and simulation for web services')
    .version(PERFLAB_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.write, writeErr: io.writeError });

  const loadFlags = (command: Command) =>
    command
      .addOption(new Option('-u, --users <n>', 'number of concurrent virtual users'))
      .addOption(new Option('-r, --spawn-rate <n>', 'users started per second'))
      .addOption(new Option('-t, --duration <duration>', 'run time including ramp-up, e.g. 90s, 2m'))
      .addOption(
        new Option('-w, --workers <n>', 'worker threads generating the load (default: the number of cores)'),
      );

  loadFlags(
    program
      .command('run')
      .description('run a scenario file against a service')
      .argument('<scenario>', 'scenario file (.ts or .js)'),
  )
    .option('-H, --host <url>', 'base URL of the service under test (overrides the scenario)')
    .option('--grace <duration>', 'time running tasks get to finish at the end (default 5s)')
    .option(
      '--csv <prefix>',
      "write Locust's CSV files: PREFIX_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv",
    )
    .option('--json <file>', 'write the results document (JSON, with encoded HdrHistograms)')
    .option('--html <file>', 'write the HTML report: one self-contained page with tables and charts')
    .option('--ui', 'serve the live web UI and start runs from it (see --ui-port, --ui-host)')
    .option('--ui-port <port>', 'port of the live web UI (default 8089)')
    .option('--ui-host <address>', 'address the live web UI binds to (default 127.0.0.1)')
    .option(
      '-e, --env <KEY=VALUE>',
      'set an environment variable the scenario reads as process.env.KEY (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--watch <spec>',
      'sample a process and its descendants once a second: pid:N, port:N (the listener) or cmd:REGEX (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--redis <url>',
      'sample a Redis server (INFO) once a second (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--postgres <url>',
      'sample a PostgreSQL database (pg_stat_database) once a second (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--coordinator <url>',
      'generate the load on `perflab worker` processes coordinated through this Redis (redis[s]://…)',
    )
    .option('--expect-workers <n>', 'workers the distributed run waits for and uses (default 1)')
    .option(
      '--worker-timeout <duration>',
      'longest wait for the workers to register and load the scenario (default 30s)',
    )
    .option(
      '--on-worker-loss <policy>',
      'when a worker stops heartbeating: continue (re-spread its share; default) or abort (exit 1)',
    )
    .option(
      '--token <secret>',
      'shared secret: workers only run scenarios signed with the same token (else PERFLAB_TOKEN)',
    )
    .action(async (file: string, flags) => {
      const { runCommand } = await import('./run.ts');
      exitCode = await runCommand(file, flags, io);
    });

  loadFlags(
    program
      .command('demo')
      .description('start the clinic service on its embedded store and load-test it (50 users, 30 s)'),
  )
    .option('--out <dir>', 'folder for CSV and JSON results', 'perflab-results')
    .action(async (flags) => {
      const { demoCommand } = await import('./demo.ts');
      exitCode = await demoCommand(flags, io);
    });

  program
    .command('plan')
    .description('stepped load, USL fit, memory per user and capacity for a machine budget')
    .argument('<scenario>', 'scenario file with a single closed-model scenario (users, spawnRate, duration)')
    .requiredOption(
      '--steps <list>',
      'user counts, ascending, e.g. 5,10,20,50,100 (6 or more for the USL fit)',
    )
    .requiredOption('--step-duration <duration>', 'measured time per step, e.g. 60s')
    .option('--warmup <duration>', 'time per step before measuring (default 10s)')
    .option('--budget <spec>', 'the machine to plan for, e.g. ram=2.9GiB,cpus=3')
    .option('--slo <objective>', 'latency objective, e.g. p95<300ms')
    .option(
      '--watch <spec>',
      'sample a process and its children: pid:N, port:N or cmd:PATTERN (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--redis <url>', 'sample Redis INFO (memory, hit rate, clients)')
    .option('--postgres <url>', 'sample pg_stat_database (buffer hit rate, commits, backends)')
    .option('-H, --host <url>', 'base URL of the service under test (overrides the scenario)')
    .option('-r, --spawn-rate <n>', 'users started per second in each step (default: the step in one second)')
    .option('-w, --workers <n>', 'worker threads generating the load (default: the number of cores)')
    .option(
      '--concurrency <basis>',
      'N of the USL fit: users, little (requests in flight X·R) or auto (little when the scenario thinks; default)',
    )
    .option(
      '--out <dir>',
      'folder for perflab-plan-YYYYMMDD-HHMMSS.{md,html,json} (default: the current folder)',
    )
    .option(
      '-e, --env <KEY=VALUE>',
      'set an environment variable the scenario reads as process.env.KEY (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (file: string, flags) => {
      const { planCommand } = await import('./plan.ts');
      exitCode = await planCommand(file, flags, io);
    });

  program
    .command('check')
    .description(
      'production readiness: database probes, success rate, cache, memory growth, limits; graded with a score',
    )
    .requiredOption('--config <file>', 'readiness.yaml (see docs/capacity.md)')
    .option(
      '--out <dir>',
      'folder for perflab-readiness-YYYYMMDD-HHMMSS.{md,html,json} (default: the current folder)',
    )
    .option('-w, --workers <n>', 'worker threads generating the load (default: the number of cores)')
    .action(async (flags: { config: string; out?: string; workers?: string }) => {
      const { checkCommand } = await import('./check.ts');
      exitCode = await checkCommand(flags, io);
    });

  program
    .command('report')
    .description('turn a results document (perflab run --json) into an HTML report')
    .argument('<results>', 'results document (JSON) written by perflab run --json')
    .requiredOption('--html <file>', 'the HTML report to write: one self-contained page')
    .action(async (file: string, flags: { html: string }) => {
      const { reportCommand } = await import('./report.ts');
      exitCode = await reportCommand(file, flags, io);
    });

  program
    .command('compare')
    .description('compare two results documents (baseline, then the new run): exit 1 when anything regressed')
    .argument('<base>', 'results document of the baseline run (perflab run --json)')
    .argument('<new>', 'results document of the run to judge')
    .option('--tolerance <percent>', 'relative change that can count, e.g. 10% (default 10%)')
    .option('--min-delta <duration>', 'smallest latency change that can count, e.g. 1ms (default 1ms)')
    .option(
      '--min-error-delta <percent>',
      'smallest error-rate change that can count, percentage points (default 0.1%)',
    )
    .option('--alpha <p>', 'family-wise significance level of the tests (default 0.01)')
    .option('--json <file>', 'write the comparison as JSON')
    .option('--html <file>', 'write the comparison as a self-contained HTML page')
    .action(async (base: string, next: string, flags) => {
      const { compareCommand } = await import('./compare.ts');
      exitCode = await compareCommand(base, next, flags, io);
    });

  program
    .command('sim')
    .description(
      "simulate a model of a web service (discrete-event): the load test's metrics, without the system",
    )
    .argument('<model>', 'simulation model file, YAML or JSON (docs/sim-model.md)')
    .option('--replications <n>', "independent replications (default: the model's)")
    .option('-u, --users <n>', "closed workload: this many users instead of the model's")
    .option('--rate <n>', "open workload: Poisson arrivals per second instead of the model's")
    .option('--seed <n>', "master seed of the random-number streams (default: the model's)")
    .option('--duration <duration>', "simulated time per replication, e.g. 10m (default: the model's)")
    .option('--requests <n>', 'stop each replication once n requests (after the warm-up) have completed')
    .option(
      '--warmup <duration>',
      "start of each replication left out of the statistics (default: the model's)",
    )
    .option(
      '--precision <percent>',
      'add replications until the 95% intervals of requests/s and mean latency are within ±this, e.g. 2%',
    )
    .option(
      '--threads <n>',
      'worker threads running replications side by side (default: the number of cores)',
    )
    .option('--json <file>', "write the results document (the load test's format plus `simulation`)")
    .option('--html <file>', 'write the HTML report')
    .action(async (file: string, flags) => {
      const { simCommand } = await import('./sim.ts');
      exitCode = await simCommand(file, flags, io);
    });

  program
    .command('worker')
    .description(
      'generate load for distributed runs: register with a coordinator Redis and run the shares it is given',
    )
    .requiredOption('--coordinator <url>', 'the coordinator Redis, redis[s]://[user:password@]host:port')
    .option('--name <name>', 'name shown in the controller output and results (default: the host name)')
    .option(
      '--capacity <vus>',
      'virtual users this machine can drive; shares are proportional to it (default 100 per core)',
    )
    .option('--threads <n>', 'load-generator threads (default: the number of cores)')
    .option('--token <secret>', 'shared secret: run only scenarios signed with it (else PERFLAB_TOKEN)')
    .action(async (flags) => {
      const { workerCommand } = await import('./worker.ts');
      exitCode = await workerCommand(flags, io);
    });

  program
    .command('fit-usl')
    .description('fit the Universal Scalability Law to measured throughput: CSV with columns N,X')
    .argument('<file>', 'CSV file with a header row naming columns N (concurrency) and X (throughput)')
    .option('--json', 'print the fit as JSON instead of text')
    .action(async (file: string, flags: { json?: boolean }) => {
      const { fitUslCommand } = await import('./fit-usl.ts');
      exitCode = await fitUslCommand(file, flags, io);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2; // help/version print and exit 0; usage errors were already printed
    }
    if (error instanceof PerflabError) {
      io.writeError(`error ${error.code}: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    io.writeError(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
