/**
 * Samples one watched process group (a `--watch` spec): process count, CPU,
 * RSS, PSS and established TCP connections, from /proc (proc(5)).
 */
import { PerflabError } from '../../errors.ts';
import { type ProcessSelector, type ProcSnapshot, describeProcesses } from './process-select.ts';
import { readPssBytes, readRssBytes, readSocketInodes } from './proc.ts';
import { summarizeProcessSamples } from './summary.ts';
import type { ProcessSample, ProcessSeries, WatchedProcess } from './types.ts';

/** What every process sampler of a monitor shares. */
export interface ProcessSamplerContext {
  /** Logical CPUs of the machine, for `cpuMachinePercent`. */
  cpus: number;
  /** Clock ticks per second of `/proc/PID/stat` times. */
  ticksPerSecond: number;
  /** Called with each note (already prefixed with the spec). */
  note: (text: string) => void;
}

/**
 * Shortest interval a CPU figure is computed over, s: CPU times come in clock
 * ticks (10 ms at 100 Hz), so over 0.2 s one tick is 5 % of a core.
 */
export const MIN_CPU_INTERVAL_S = 0.2;

/** Previous sample's CPU baseline. */
interface CpuBaseline {
  atMs: number;
  uptimeS: number;
  /** utime + stime, ticks, by `pid:startTicks`. */
  ticks: Map<string, number>;
}

/** Local time of day `HH:MM:SS`, for notes. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}

/**
 * The samples of one process group. CPU is the difference of the group's
 * user + system clock ticks between two snapshots over the wall time between
 * them; a process that joins the group between two samples counts with all its
 * ticks when it started after the previous sample (a new child), with none
 * otherwise. Ticks of a process that exits between two samples are lost for
 * that interval (the kernel adds them to its parent's `cutime`, which is not
 * read), so very short-lived children are undercounted.
 */
export class ProcessSampler {
  readonly samples: ProcessSample[] = [];
  readonly notes: string[] = [];
  /** The group when {@link start} ran. */
  processesAtStart: WatchedProcess[] = [];
  private baseline: CpuBaseline | undefined;
  private inGap = false;
  private notedPss = false;
  private notedSockets = false;

  constructor(
    readonly selector: ProcessSelector,
    private readonly context: ProcessSamplerContext,
  ) {}

  /** The spec as given. */
  get spec(): string {
    return this.selector.spec.text;
  }

  /**
   * Resolves the spec in `snapshot` and records the group found.
   * @throws PerflabError `PERFLAB_ERR_WATCH_NOT_FOUND` naming the spec when nothing matches
   */
  async start(snapshot: ProcSnapshot): Promise<void> {
    const found = await this.selector.select(snapshot);
    if (!Array.isArray(found)) {
      throw new PerflabError('PERFLAB_ERR_WATCH_NOT_FOUND', `--watch ${this.spec}: ${found.reason}`);
    }
    this.processesAtStart = await describeProcesses(snapshot, found);
  }

  private note(text: string): void {
    const line = `${this.spec}: ${text}`;
    this.notes.push(line);
    this.context.note(line);
  }

  /**
   * Takes one sample from `snapshot`, appends it and returns it. Never throws:
   * when nothing matches the spec (the process exited) or /proc cannot be read,
   * the sample is a gap (every metric null) and a note says why, once per gap.
   * @param timestampS when the sample was taken, epoch seconds
   */
  async sample(snapshot: ProcSnapshot, timestampS: number): Promise<ProcessSample> {
    let measured: ProcessSample | string;
    try {
      measured = await this.measure(snapshot, timestampS);
    } catch (error) {
      measured = `reading /proc failed (${(error as Error).message})`;
    }
    if (typeof measured === 'string') return this.gap(timestampS, measured);
    this.samples.push(measured);
    return measured;
  }

  /**
   * Appends a gap (every metric null) and, at the start of a gap, a note with
   * the reason; the CPU baseline is dropped, so the next measured sample has no
   * CPU figure.
   */
  gap(timestampS: number, reason: string): ProcessSample {
    if (!this.inGap) this.note(`${clockTime(timestampS * 1000)}: ${reason}; recorded as a gap`);
    this.inGap = true;
    this.baseline = undefined;
    const sample: ProcessSample = {
      timestamp: timestampS,
      processes: null,
      cpuCorePercent: null,
      cpuMachinePercent: null,
      rssBytes: null,
      pssBytes: null,
      connections: null,
    };
    this.samples.push(sample);
    return sample;
  }

  private async measure(snapshot: ProcSnapshot, timestampS: number): Promise<ProcessSample | string> {
    const found = await this.selector.select(snapshot);
    if (!Array.isArray(found)) return found.reason;
    if (found.length === 0) return 'no process';
    if (this.inGap) {
      this.inGap = false;
      this.note(`${clockTime(timestampS * 1000)}: found again (pid ${found.slice(0, 5).join(', ')})`);
    }

    const { ticksPerSecond, cpus } = this.context;
    const ticks = new Map<string, number>();
    let usedTicks = 0;
    for (const pid of found) {
      const stat = snapshot.stats.get(pid)!;
      const key = `${pid}:${stat.startTicks}`;
      const now = stat.utimeTicks + stat.stimeTicks;
      ticks.set(key, now);
      if (!this.baseline) continue;
      const before = this.baseline.ticks.get(key);
      if (before !== undefined) usedTicks += Math.max(0, now - before);
      else if (stat.startTicks / ticksPerSecond >= this.baseline.uptimeS - 1 / ticksPerSecond)
        usedTicks += now;
    }
    let cpuCorePercent: number | null = null;
    const wallS = this.baseline ? (snapshot.atMs - this.baseline.atMs) / 1000 : 0;
    if (this.baseline && wallS < MIN_CPU_INTERVAL_S) {
      // Too short for clock ticks (10 ms each) to mean anything: no CPU figure now,
      // the next sample's covers this interval too.
    } else {
      if (this.baseline) cpuCorePercent = (100 * usedTicks) / ticksPerSecond / wallS;
      this.baseline = { atMs: snapshot.atMs, uptimeS: snapshot.uptimeS, ticks };
    }

    const [rss, pss, sockets, established] = await Promise.all([
      Promise.all(found.map(readRssBytes)),
      Promise.all(found.map(readPssBytes)),
      Promise.all(found.map(readSocketInodes)),
      snapshot.establishedInodes(found[0]),
    ]);
    let processes = 0;
    let rssBytes = 0;
    let pssBytes = 0;
    const pssDenied: number[] = [];
    const socketsDenied: number[] = [];
    const held = new Set<number>();
    found.forEach((pid, i) => {
      const resident = rss[i];
      if (resident === undefined) return; // exited since the scan
      processes++;
      rssBytes += resident;
      const proportional = pss[i];
      if (typeof proportional === 'number') pssBytes += proportional;
      else {
        pssBytes += resident;
        if (proportional === 'denied') pssDenied.push(pid);
      }
      const inodes = sockets[i];
      if (inodes === 'denied') socketsDenied.push(pid);
      else if (inodes) for (const inode of inodes) if (established.has(inode)) held.add(inode);
    });
    if (processes === 0) return 'the processes exited';
    if (pssDenied.length > 0 && !this.notedPss) {
      this.notedPss = true;
      this.note(
        `PSS unreadable for pid ${pssDenied.join(', ')} (/proc/PID/smaps_rollup needs the service's user or root, and Linux ≥ 4.14); their RSS is counted instead`,
      );
    }
    if (socketsDenied.length > 0 && !this.notedSockets) {
      this.notedSockets = true;
      this.note(
        `open file descriptors unreadable for pid ${socketsDenied.join(', ')} (another user's processes): their connections are not counted`,
      );
    }
    return {
      timestamp: timestampS,
      processes,
      cpuCorePercent,
      cpuMachinePercent: cpuCorePercent === null ? null : cpuCorePercent / cpus,
      rssBytes,
      pssBytes,
      connections: held.size,
    };
  }

  /** The series so far, with summaries. */
  series(): ProcessSeries {
    return {
      spec: this.spec,
      processesAtStart: this.processesAtStart,
      samples: [...this.samples],
      summary: summarizeProcessSamples(this.samples),
      notes: [...this.notes],
    };
  }
}
