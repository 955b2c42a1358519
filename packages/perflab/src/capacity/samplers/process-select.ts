/**
 * Which processes a `--watch` spec means: `pid:N`, `port:N` (the process
 * listening on TCP port N) or `cmd:PATTERN` (command lines matching a regular
 * expression), each with all its descendants — PostgreSQL's backends are
 * children of the postmaster, a Node cluster's workers children of the primary.
 * The selection is re-resolved at every sample, so children started during the
 * run count from their first second and a service restarted on the same port is
 * found again.
 */
import { readlink } from 'node:fs/promises';
import { PerflabError } from '../../errors.ts';
import {
  PROC_ROOT,
  type ProcStat,
  readCmdline,
  readSocketInodes,
  readTcpSockets,
  readUptimeSeconds,
  scanProcesses,
  TCP_ESTABLISHED,
  TCP_LISTEN,
  type TcpSocket,
} from './proc.ts';
import type { WatchedProcess } from './types.ts';

/** A parsed `--watch` spec. */
export type ProcessSpec =
  | { kind: 'pid'; text: string; pid: number }
  | { kind: 'port'; text: string; port: number }
  | { kind: 'cmd'; text: string; pattern: RegExp };

/**
 * Parses a `--watch` spec: `pid:N` (N a positive integer), `port:N` (1–65535)
 * or `cmd:PATTERN` (a JavaScript regular expression, unanchored, matched
 * against `/proc/PID/cmdline` with arguments joined by spaces).
 * @throws PerflabError `PERFLAB_ERR_WATCH_SPEC` naming the spec
 */
export function parseProcessSpec(text: string): ProcessSpec {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon);
  const value = text.slice(colon + 1);
  const bad = (why: string) =>
    new PerflabError('PERFLAB_ERR_WATCH_SPEC', `--watch ${JSON.stringify(text)}: ${why}`);
  if (kind === 'pid' || kind === 'port') {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (kind === 'pid' && !(Number.isSafeInteger(n) && n > 0)) throw bad('the pid is not a positive integer');
    if (kind === 'port' && !(Number.isInteger(n) && n >= 1 && n <= 65535)) {
      throw bad('the port is not an integer from 1 to 65535');
    }
    return kind === 'pid' ? { kind, text, pid: n } : { kind, text, port: n };
  }
  if (kind === 'cmd') {
    if (value === '') throw bad('the pattern is empty');
    try {
      return { kind, text, pattern: new RegExp(value) };
    } catch (error) {
      throw bad(`the pattern is not a valid regular expression (${(error as Error).message})`);
    }
  }
  throw bad('expected pid:N, port:N or cmd:PATTERN');
}

/**
 * What /proc says at one moment, shared by every spec sampled at that moment:
 * every process's `stat` (scanned once), plus lazily the TCP socket table and
 * command lines.
 */
export class ProcSnapshot {
  /** `performance.now()` when the scan started, ms. */
  readonly atMs: number;
  private childrenOf: Map<number, number[]> | undefined;
  private tcp: Promise<TcpSocket[]> | undefined;
  private readonly established = new Map<string, Promise<Set<number>>>();
  private readonly cmdlines = new Map<number, Promise<string | undefined>>();

  /**
   * @param stats every process's `/proc/PID/stat`, by pid
   * @param uptimeS seconds since boot when the scan started
   */
  constructor(
    readonly stats: ReadonlyMap<number, ProcStat>,
    readonly uptimeS: number,
    atMs: number,
  ) {
    this.atMs = atMs;
  }

  /** Scans /proc now. */
  static async take(): Promise<ProcSnapshot> {
    const atMs = performance.now();
    const [uptimeS, stats] = await Promise.all([readUptimeSeconds(), scanProcesses()]);
    return new ProcSnapshot(stats, uptimeS, atMs);
  }

  /** Direct children of `pid` (from every process's parent pid). */
  children(pid: number): readonly number[] {
    if (!this.childrenOf) {
      this.childrenOf = new Map();
      for (const stat of this.stats.values()) {
        const list = this.childrenOf.get(stat.ppid);
        if (list) list.push(stat.pid);
        else this.childrenOf.set(stat.ppid, [stat.pid]);
      }
    }
    return this.childrenOf.get(pid) ?? [];
  }

  /** `roots` (those still present) and all their descendants, roots first, each once. */
  withDescendants(roots: Iterable<number>): number[] {
    const seen = new Set<number>();
    const queue: number[] = [];
    for (const root of roots) {
      if (this.stats.has(root) && !seen.has(root)) {
        seen.add(root);
        queue.push(root);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (const child of this.children(queue[i]!)) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return queue;
  }

  /** `pid` and its ancestors up to init. */
  ancestry(pid: number): Set<number> {
    const chain = new Set<number>();
    for (let at: number | undefined = pid; at !== undefined && at > 0 && !chain.has(at);) {
      chain.add(at);
      at = this.stats.get(at)?.ppid;
    }
    return chain;
  }

  /** The TCP sockets of perflab's network namespace (`/proc/net/tcp` and `tcp6`), read once per snapshot. */
  tcpSockets(): Promise<TcpSocket[]> {
    this.tcp ??= readTcpSockets();
    return this.tcp;
  }

  /**
   * Inodes of the established TCP sockets in the network namespace of `pid`
   * (default perflab's; a containerised service has its own), read once per
   * snapshot and namespace. Falls back to perflab's namespace when the
   * process's cannot be read.
   */
  async establishedInodes(pid?: number): Promise<Set<number>> {
    let namespace = 'self';
    if (pid !== undefined) {
      const [own, theirs] = await Promise.all([
        readlink(`${PROC_ROOT}/self/ns/net`).catch(() => undefined),
        readlink(`${PROC_ROOT}/${pid}/ns/net`).catch(() => undefined),
      ]);
      if (theirs !== undefined && theirs !== own) namespace = theirs;
    }
    let established = this.established.get(namespace);
    if (!established) {
      const sockets = namespace === 'self' ? this.tcpSockets() : readTcpSockets(pid!);
      established = sockets.then((list) => {
        const inodes = new Set<number>();
        for (const socket of list) {
          if (socket.state === TCP_ESTABLISHED && socket.inode !== 0) inodes.add(socket.inode);
        }
        return inodes;
      });
      this.established.set(namespace, established);
    }
    return established;
  }

  /** A process's command line, read once per snapshot; undefined when it has gone. */
  cmdline(pid: number): Promise<string | undefined> {
    let line = this.cmdlines.get(pid);
    if (!line) {
      line = readCmdline(pid);
      this.cmdlines.set(pid, line);
    }
    return line;
  }
}

/** Why a spec matched nothing (for the error and the notes). */
export interface SelectionMiss {
  /** One line, e.g. `no process listens on TCP port 8888`. */
  reason: string;
}

/**
 * Resolves one spec against snapshots. Remembers what it found so that a
 * `port:` spec scans every process's file descriptors only when the listening
 * socket changes, and a `pid:` spec never follows a reused pid to a new process.
 */
export class ProcessSelector {
  readonly spec: ProcessSpec;
  /** `pid:` — the start time of the process first found, to detect pid reuse. */
  private pidStartTicks: number | undefined;
  /** `port:` — the listening inodes and the processes holding them, from the last full scan. */
  private portCache: { inodes: string; holders: Array<{ pid: number; startTicks: number }> } | undefined;

  /**
   * @param spec a parsed spec ({@link parseProcessSpec})
   * @param selfPid this process (never matched by `cmd:`, nor are its ancestors, whose command lines hold the pattern)
   */
  constructor(
    spec: ProcessSpec,
    private readonly selfPid: number = process.pid,
  ) {
    this.spec = spec;
  }

  /**
   * The processes the spec selects in `snapshot`: the matched ones and all
   * their descendants.
   * @returns the pids (roots first), or the reason there are none
   */
  async select(snapshot: ProcSnapshot): Promise<number[] | SelectionMiss> {
    const roots = await this.roots(snapshot);
    return Array.isArray(roots) ? snapshot.withDescendants(roots) : roots;
  }

  private async roots(snapshot: ProcSnapshot): Promise<number[] | SelectionMiss> {
    const { spec } = this;
    if (spec.kind === 'pid') {
      const stat = snapshot.stats.get(spec.pid);
      if (!stat) return { reason: `no process ${spec.pid}` };
      this.pidStartTicks ??= stat.startTicks;
      if (stat.startTicks !== this.pidStartTicks) {
        return { reason: `process ${spec.pid} exited (the pid now belongs to another process)` };
      }
      return [spec.pid];
    }
    if (spec.kind === 'cmd') {
      const excluded = snapshot.ancestry(this.selfPid);
      const candidates = [...snapshot.stats.keys()].filter((pid) => !excluded.has(pid));
      const lines = await Promise.all(candidates.map((pid) => snapshot.cmdline(pid)));
      const matched = candidates.filter((_pid, i) => {
        const line = lines[i];
        return line !== undefined && line !== '' && spec.pattern.test(line);
      });
      return matched.length > 0
        ? matched
        : { reason: `no process's command line matches /${spec.pattern.source}/ (perflab itself excluded)` };
    }
    return this.portRoots(snapshot, spec.port);
  }

  private async portRoots(snapshot: ProcSnapshot, port: number): Promise<number[] | SelectionMiss> {
    const listening = (await snapshot.tcpSockets())
      .filter((s) => s.state === TCP_LISTEN && s.localPort === port && s.inode !== 0)
      .map((s) => s.inode)
      .sort((a, b) => a - b);
    if (listening.length === 0) {
      this.portCache = undefined;
      return { reason: `no process listens on TCP port ${port}` };
    }
    const key = listening.join(',');
    const cached = this.portCache;
    if (
      cached?.inodes === key &&
      cached.holders.every((h) => snapshot.stats.get(h.pid)?.startTicks === h.startTicks)
    ) {
      return cached.holders.map((h) => h.pid);
    }
    const wanted = new Set(listening);
    const pids = [...snapshot.stats.keys()];
    const sockets = await Promise.all(pids.map((pid) => readSocketInodes(pid)));
    const holders: number[] = [];
    let denied = 0;
    pids.forEach((pid, i) => {
      const inodes = sockets[i];
      if (inodes === 'denied') denied++;
      else if (inodes && [...inodes].some((inode) => wanted.has(inode))) holders.push(pid);
    });
    if (holders.length === 0) {
      this.portCache = undefined;
      return {
        reason:
          `a socket listens on TCP port ${port} but no process perflab may inspect holds it` +
          (denied > 0
            ? ` (${denied} processes' file descriptors were unreadable: run as the service's user or root)`
            : ''),
      };
    }
    this.portCache = {
      inodes: key,
      holders: holders.map((pid) => ({ pid, startTicks: snapshot.stats.get(pid)!.startTicks })),
    };
    return holders;
  }
}

/** Pid, parent and command line of each of `pids` (those that have not gone). */
export async function describeProcesses(
  snapshot: ProcSnapshot,
  pids: readonly number[],
): Promise<WatchedProcess[]> {
  const lines = await Promise.all(pids.map((pid) => snapshot.cmdline(pid)));
  const described: WatchedProcess[] = [];
  pids.forEach((pid, i) => {
    const stat = snapshot.stats.get(pid);
    const line = lines[i];
    if (!stat || line === undefined) return;
    described.push({ pid, ppid: stat.ppid, command: line === '' ? `[${stat.comm}]` : line.slice(0, 200) });
  });
  return described;
}

/**
 * Resolves a `--watch` spec now: the matched processes and their descendants.
 * @throws PerflabError `PERFLAB_ERR_WATCH_SPEC` for a malformed spec,
 *   `PERFLAB_ERR_WATCH_NOT_FOUND` (naming the spec and why) when nothing matches
 */
export async function selectProcesses(spec: string): Promise<WatchedProcess[]> {
  const selector = new ProcessSelector(parseProcessSpec(spec));
  const snapshot = await ProcSnapshot.take();
  const found = await selector.select(snapshot);
  if (!Array.isArray(found)) {
    throw new PerflabError('PERFLAB_ERR_WATCH_NOT_FOUND', `--watch ${spec}: ${found.reason}`);
  }
  return describeProcesses(snapshot, found);
}
