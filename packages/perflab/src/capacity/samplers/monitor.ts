/**
 * The resource monitor: every watched process group, Redis server and
 * PostgreSQL database sampled together once a second on the calling thread,
 * the samples kept with their summaries (docs/capacity.md, "Resource sampling").
 */
import { cpus } from 'node:os';
import { PerflabError, type PerflabErrorCode } from '../../errors.ts';
import { PostgresSampler } from './postgres-sampler.ts';
import { clockTicksPerSecond } from './proc.ts';
import { ProcessSampler } from './process-sampler.ts';
import { parseProcessSpec, ProcessSelector, ProcSnapshot } from './process-select.ts';
import { RedisSampler } from './redis-sampler.ts';
import type { ResourceReport } from './types.ts';

/** What to sample. */
export interface ResourceMonitorOptions {
  /** Process specs (`--watch`): `pid:N`, `port:N`, `cmd:PATTERN`; each with its descendants. */
  watch?: readonly string[];
  /** Redis URLs (`--redis`): `redis://[[user]:password@]host[:port][/db]`. */
  redis?: readonly string[];
  /** PostgreSQL URLs (`--postgres`): `postgres://user[:password]@host[:port]/database`. */
  postgres?: readonly string[];
  /** Time between samples, ms; default 1000. */
  intervalMs?: number;
}

/** Epoch seconds now, millisecond precision. */
function nowS(): number {
  return Date.now() / 1000;
}

/**
 * Samples processes (/proc), Redis (INFO) and PostgreSQL (pg_stat_database)
 * every `intervalMs` from {@link start} to {@link stop}. Sampling is
 * asynchronous and cheap (one scan of /proc per tick shared by every spec, one
 * query per database), never overlaps itself (a tick that comes while the
 * previous sample is still running is skipped, with a note) and never throws
 * once started: a process that exits or a database that goes away is a gap in
 * its series plus a note.
 *
 * Usage: `const m = new ResourceMonitor({ watch: ['port:8888'] }); await m.start(); …; const report = await m.stop();`
 */
export class ResourceMonitor {
  readonly intervalMs: number;
  private readonly processSamplers: ProcessSampler[] = [];
  private readonly redisSamplers: RedisSampler[] = [];
  private readonly postgresSamplers: PostgresSampler[] = [];
  private readonly notes: string[] = [];
  private readonly listeners: Array<(note: string) => void> = [];
  private readonly context = {
    cpus: cpus().length || 1,
    ticksPerSecond: 100,
    note: (t: string) => this.note(t),
  };
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private inFlightByTimer = false;
  private startedAtMs = 0;
  private ticks = 0;
  private notedSkip = false;

  /**
   * Checks every spec and URL (all problems reported at once); connects nothing yet.
   * @throws PerflabError `PERFLAB_ERR_WATCH_SPEC` for a malformed `--watch` spec,
   *   `PERFLAB_ERR_WATCH_SOURCE` for a URL that is not a redis:// / postgres:// URL,
   *   `PERFLAB_ERR_USAGE` for an interval that is not a positive number
   */
  constructor(options: ResourceMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    if (!(this.intervalMs > 0 && Number.isFinite(this.intervalMs))) {
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        `resource sampling interval ${this.intervalMs} ms is not positive`,
      );
    }
    const problems: PerflabError[] = [];
    const attempt = (make: () => void) => {
      try {
        make();
      } catch (error) {
        if (!(error instanceof PerflabError)) throw error;
        problems.push(error);
      }
    };
    const note = (text: string) => this.note(text);
    for (const spec of options.watch ?? []) {
      attempt(() =>
        this.processSamplers.push(
          new ProcessSampler(new ProcessSelector(parseProcessSpec(spec)), this.context),
        ),
      );
    }
    for (const url of options.redis ?? [])
      attempt(() => this.redisSamplers.push(new RedisSampler(url, { note })));
    for (const url of options.postgres ?? []) {
      attempt(() => this.postgresSamplers.push(new PostgresSampler(url, { note })));
    }
    if (problems.length > 0) throw combine(problems);
  }

  /** True when there is nothing to sample (no spec, no URL). */
  get empty(): boolean {
    return this.processSamplers.length + this.redisSamplers.length + this.postgresSamplers.length === 0;
  }

  /**
   * Calls `listener` with every note so far, then with each new one (gaps,
   * recoveries, fallbacks; each prefixed with its spec or URL).
   */
  onNote(listener: (note: string) => void): void {
    for (const note of this.notes) listener(note);
    this.listeners.push(listener);
  }

  private note(text: string): void {
    this.notes.push(text);
    for (const listener of this.listeners) listener(text);
  }

  /**
   * Resolves every spec, connects to every database and takes the first
   * sample (the baseline of the rates), then samples every `intervalMs`.
   * Every source is tried; when any fails, everything opened is closed again.
   * @throws PerflabError `PERFLAB_ERR_WATCH_NOT_FOUND` naming each spec that matches no process,
   *   `PERFLAB_ERR_WATCH_SOURCE` naming each URL that cannot be reached or queried
   *   (the code of the first problem; the message lists them all)
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('ResourceMonitor.start: already started');
    this.state = 'starting';
    this.context.ticksPerSecond = await clockTicksPerSecond();
    const timestamp = nowS();
    const snapshot = this.processSamplers.length > 0 ? await ProcSnapshot.take() : undefined;
    const outcomes = await Promise.allSettled([
      ...this.processSamplers.map((s) => s.start(snapshot!)),
      ...this.redisSamplers.map((s) => s.start(timestamp)),
      ...this.postgresSamplers.map((s) => s.start(timestamp)),
    ]);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    if (failures.length > 0) {
      await this.close();
      this.state = 'stopped';
      const unexpected = failures.find((f) => !(f instanceof PerflabError));
      if (unexpected !== undefined) throw unexpected;
      throw combine(failures as PerflabError[]);
    }
    if (snapshot) await Promise.all(this.processSamplers.map((s) => s.sample(snapshot, timestamp)));
    this.startedAtMs = Date.now();
    this.state = 'running';
    this.schedule();
  }

  private schedule(): void {
    this.ticks++;
    const delay = Math.max(0, this.startedAtMs + this.ticks * this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      if (this.state !== 'running') return;
      if (this.inFlight) {
        // Only a slow timer sample is worth a note; a sampleNow() in progress is not.
        if (this.inFlightByTimer && !this.notedSkip) {
          this.notedSkip = true;
          this.note('a sample took longer than the sampling interval; the next one was skipped');
        }
      } else {
        this.inFlightByTimer = true;
        this.inFlight = this.sampleAll().finally(() => (this.inFlight = undefined));
      }
      this.schedule();
    }, delay);
    this.timer.unref();
  }

  /** One sample of every source, now. Never throws. */
  private async sampleAll(): Promise<void> {
    const timestamp = nowS();
    let snapshot: ProcSnapshot | string | undefined;
    if (this.processSamplers.length > 0) {
      snapshot = await ProcSnapshot.take().catch(
        (error: unknown) => `scanning /proc failed: ${String(error)}`,
      );
    }
    await Promise.all([
      ...this.processSamplers.map((s) =>
        typeof snapshot === 'object' ? s.sample(snapshot, timestamp) : s.gap(timestamp, String(snapshot)),
      ),
      ...this.redisSamplers.map((s) => s.sample(timestamp)),
      ...this.postgresSamplers.map((s) => s.sample(timestamp)),
    ]);
  }

  /**
   * Takes one sample of every source now (between the timer's; for callers
   * that want a sample at a precise moment, e.g. the end of a step).
   * @throws Error when the monitor is not running
   */
  async sampleNow(): Promise<void> {
    if (this.state !== 'running') throw new Error('ResourceMonitor.sampleNow: not running');
    while (this.inFlight) await this.inFlight;
    this.inFlightByTimer = false;
    this.inFlight = this.sampleAll().finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }

  /**
   * Stops the timer, takes a last sample (so the last partial interval is
   * covered), closes the database connections and returns the report.
   * Idempotent; before {@link start} it returns an empty report.
   */
  async stop(): Promise<ResourceReport> {
    if (this.state === 'running') {
      clearTimeout(this.timer);
      this.timer = undefined;
      while (this.inFlight) await this.inFlight;
      await this.sampleAll();
    }
    this.state = 'stopped';
    await this.close();
    return this.report();
  }

  private async close(): Promise<void> {
    await Promise.all([...this.redisSamplers, ...this.postgresSamplers].map((s) => s.stop()));
  }

  /** The samples so far with their summaries. */
  report(): ResourceReport {
    const processes = this.processSamplers.map((s) => s.series());
    const redis = this.redisSamplers.map((s) => s.series());
    const postgres = this.postgresSamplers.map((s) => s.series());
    const stamps = [...processes, ...redis, ...postgres].flatMap((s) => s.samples.map((x) => x.timestamp));
    return {
      intervalMs: this.intervalMs,
      startedAt: stamps.length > 0 ? stamps.reduce((a, b) => Math.min(a, b)) : null,
      endedAt: stamps.length > 0 ? stamps.reduce((a, b) => Math.max(a, b)) : null,
      cpus: this.context.cpus,
      clockTicksPerSecond: this.context.ticksPerSecond,
      processes,
      redis,
      postgres,
      notes: [...this.notes],
    };
  }
}

/** One error for several problems: the first one's code, every message. */
function combine(problems: PerflabError[]): PerflabError {
  const [first] = problems;
  if (problems.length === 1) return first!;
  const code: PerflabErrorCode = first!.code;
  return new PerflabError(code, problems.map((p) => p.message).join('; '), first!.hint ?? null);
}
