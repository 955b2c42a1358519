import type { Reporter } from '../output/reporter.ts';
import { CsvReporter } from '../output/csv.ts';
import { HtmlReporter } from '../output/html.ts';
import { JsonReporter } from '../output/json.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { startLiveServer, DEFAULT_UI_PORT } from '../ui/live-server.ts';
import { LiveSession } from '../ui/live-session.ts';
import { PerflabError } from '../errors.ts';
import type { CliIo } from './io.ts';
import { resolveRunConfig } from './run-config.ts';
import type { RunCommandFlags } from './run.ts';

/** Flags of `perflab run --ui`. */
export interface LiveFlags {
  ui?: boolean;
  /** Port of the live UI (default 8089). */
  uiPort?: string;
  /** Address the live UI binds to (default 127.0.0.1). */
  uiHost?: string;
}

/**
 * `perflab run SCENARIO --ui`: serves the live dashboard and runs the scenario
 * from its form (one run at a time, in this process) until Ctrl-C. The
 * scenario, environment and flags give the form's defaults; `--csv`, `--json`
 * and `--html` are written at the end of every run started from the UI.
 * @returns exit code 0 after Ctrl-C
 * @throws PerflabError `PERFLAB_ERR_USAGE` for a bad `--ui-port` or a port that is taken
 */
export async function liveCommand(
  plan: TestPlan,
  file: string,
  flags: RunCommandFlags & LiveFlags,
  io: CliIo,
): Promise<number> {
  const config = resolveRunConfig(plan, io.env, flags);
  const port = flags.uiPort === undefined ? DEFAULT_UI_PORT : Number(flags.uiPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--ui-port: ${JSON.stringify(flags.uiPort)} is not a port number`,
    );
  }
  if (flags.workers !== undefined && flags.workers !== '1') {
    io.writeError(
      'note: the live UI generates the load in its own process (one worker); --workers is ignored\n',
    );
  }
  // The session reports changes before the server exists: push through a late-bound hook.
  const changes = { push: () => {} };
  const session = new LiveSession({
    plan: config.plan,
    scenarioFile: file,
    host: config.host,
    graceMs: config.graceMs,
    reporters: () => {
      const reporters: Reporter[] = [];
      if (flags.csv) reporters.push(new CsvReporter(flags.csv));
      if (flags.json) reporters.push(new JsonReporter(flags.json));
      if (flags.html) reporters.push(new HtmlReporter(flags.html));
      return reporters;
    },
    onChange: () => changes.push(),
  });
  const server = await startLiveServer(session, flags.uiHost ?? '127.0.0.1', port);
  changes.push = server.push;
  io.write(`perflab live UI: ${server.url}  (Ctrl-C to quit)\n`);
  const interrupt = io.onInterrupt();
  try {
    await new Promise<void>((resolve) =>
      interrupt.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    session.stop();
    await session.running;
  } finally {
    interrupt.dispose();
    await server.close();
  }
  return 0;
}
