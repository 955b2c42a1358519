/**
 * Readers for Linux's /proc filesystem (proc(5)): process status, CPU ticks,
 * memory, open sockets and the kernel's TCP socket tables. Every reader is
 * asynchronous (the samplers run on the load generator's main thread and must
 * not stall it) and returns `undefined` when the process has gone, so a process
 * exiting mid-sample is an ordinary outcome, not an exception.
 *
 * Source of the formats: proc(5) (`/proc/PID/stat`, `status`, `cmdline`, `fd/`,
 * `/proc/uptime`, `/proc/net/tcp`) and the kernel's
 * Documentation/filesystems/proc.rst (`smaps_rollup`).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';

/** Where procfs is mounted. */
export const PROC_ROOT = '/proc';

/** The fields of `/proc/PID/stat` the samplers use. */
export interface ProcStat {
  pid: number;
  /** Parent process id (field 4). */
  ppid: number;
  /** Executable name, at most 15 characters (field 2, without the parentheses). */
  comm: string;
  /** State letter (field 3): R running, S sleeping, Z zombie, … */
  state: string;
  /** User-mode CPU time, clock ticks (field 14), all threads. */
  utimeTicks: number;
  /** Kernel-mode CPU time, clock ticks (field 15), all threads. */
  stimeTicks: number;
  /** Start time after system boot, clock ticks (field 22); with `pid`, identifies the process across pid reuse. */
  startTicks: number;
}

/** True for errors that mean "this process (or file) is not there (any more)". */
function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** True for "not allowed to read this" (another user's process without root). */
export function isDenied(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}

/**
 * Parses one `/proc/PID/stat` line. The command name (field 2) may contain
 * spaces and parentheses, so fields are counted from its last `)`.
 * @returns undefined when the line is not in the stat format
 */
export function parseStat(pid: number, line: string): ProcStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = line.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const num = (field: number) => Number(rest[field - 3]);
  const stat: ProcStat = {
    pid,
    comm: line.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: num(4),
    utimeTicks: num(14),
    stimeTicks: num(15),
    startTicks: num(22),
  };
  return Number.isFinite(stat.ppid) && Number.isFinite(stat.utimeTicks) && Number.isFinite(stat.startTicks)
    ? stat
    : undefined;
}

/** Reads `/proc/PID/stat`; undefined when the process has gone. */
export async function readStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseStat(pid, await readFile(`${PROC_ROOT}/${pid}/stat`, 'latin1'));
  } catch (error) {
    if (isGone(error) || isDenied(error)) return undefined;
    throw error;
  }
}

/** Process ids currently in /proc (thread-group leaders only, as /proc lists them). */
export async function listPids(): Promise<number[]> {
  const names = await readdir(PROC_ROOT);
  const pids: number[] = [];
  for (const name of names) {
    const code = name.charCodeAt(0);
    if (code >= 48 && code <= 57) pids.push(Number(name));
  }
  return pids;
}

/** `/proc/PID/stat` of every process, by pid (processes that exit during the scan are left out). */
export async function scanProcesses(): Promise<Map<number, ProcStat>> {
  const pids = await listPids();
  const stats = await Promise.all(pids.map(readStat));
  const table = new Map<number, ProcStat>();
  for (const stat of stats) if (stat) table.set(stat.pid, stat);
  return table;
}

/**
 * The command line of a process (`/proc/PID/cmdline`, arguments joined by
 * spaces); `""` for kernel threads and zombies; undefined when it has gone.
 */
export async function readCmdline(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`${PROC_ROOT}/${pid}/cmdline`, 'utf8');
    return raw.replace(/\0+$/, '').replaceAll('\0', ' ');
  } catch (error) {
    if (isGone(error) || isDenied(error)) return undefined;
    throw error;
  }
}

/** The value of a `Key:   123 kB` line in a /proc memory file, in bytes; undefined when absent. */
export function kilobytesField(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:\\s*(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Resident set size, bytes (`VmRSS` of `/proc/PID/status`); 0 for kernel threads
 * and zombies, which have no such line; undefined when the process has gone.
 */
export async function readRssBytes(pid: number): Promise<number | undefined> {
  try {
    const text = await readFile(`${PROC_ROOT}/${pid}/status`, 'latin1');
    return kilobytesField(text, 'VmRSS') ?? 0;
  } catch (error) {
    if (isGone(error) || isDenied(error)) return undefined;
    throw error;
  }
}

/**
 * Proportional set size, bytes (`Pss` of `/proc/PID/smaps_rollup`, Linux ≥ 4.14):
 * each resident page divided by the number of processes mapping it, so summing
 * PSS over PostgreSQL's backends counts shared buffers once.
 * @returns the bytes; `'denied'` when the file cannot be read (another user's
 *   process without root: it needs ptrace read access) or does not exist (older
 *   kernel); undefined when the process has gone
 */
export async function readPssBytes(pid: number): Promise<number | 'denied' | undefined> {
  try {
    const text = await readFile(`${PROC_ROOT}/${pid}/smaps_rollup`, 'latin1');
    // A zombie's smaps_rollup is empty: it maps nothing.
    return kilobytesField(text, 'Pss') ?? 0;
  } catch (error) {
    if (isDenied(error)) return 'denied';
    if (isGone(error)) {
      // ENOENT for the file on a kernel without smaps_rollup, or for a process that has gone.
      try {
        await readFile(`${PROC_ROOT}/${pid}/stat`, 'latin1');
        return 'denied';
      } catch {
        return undefined;
      }
    }
    throw error;
  }
}

/**
 * Inodes of the sockets a process holds (its `/proc/PID/fd/*` links that read
 * `socket:[INODE]`).
 * @returns the inodes; `'denied'` when the fd folder cannot be listed (another
 *   user's process without root); undefined when the process has gone
 */
export async function readSocketInodes(pid: number): Promise<Set<number> | 'denied' | undefined> {
  let fds: string[];
  try {
    fds = await readdir(`${PROC_ROOT}/${pid}/fd`);
  } catch (error) {
    if (isDenied(error)) return 'denied';
    if (isGone(error)) return undefined;
    throw error;
  }
  const links = await Promise.all(
    fds.map((fd) => readlink(`${PROC_ROOT}/${pid}/fd/${fd}`).catch(() => undefined)),
  );
  const inodes = new Set<number>();
  for (const link of links) {
    if (link?.startsWith('socket:[')) inodes.add(Number(link.slice(8, -1)));
  }
  return inodes;
}

/** TCP socket states of `/proc/net/tcp` (include/net/tcp_states.h). */
export const TCP_ESTABLISHED = 0x01;
export const TCP_LISTEN = 0x0a;

/** One row of `/proc/net/tcp` or `/proc/net/tcp6`. */
export interface TcpSocket {
  /** Local port (host byte order). */
  localPort: number;
  /** Connection state, e.g. {@link TCP_ESTABLISHED}, {@link TCP_LISTEN}. */
  state: number;
  /** Socket inode (matches `socket:[INODE]` fd links); 0 for sockets no process holds (TIME_WAIT). */
  inode: number;
}

/**
 * Parses the text of `/proc/net/tcp` or `/proc/net/tcp6`: a header line, then
 * per socket `sl local_address rem_address st … uid timeout inode …` with the
 * addresses as `HEXADDR:HEXPORT` and the state in hex.
 */
export function parseTcpTable(text: string): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = fields[1]!;
    sockets.push({
      localPort: parseInt(local.slice(local.lastIndexOf(':') + 1), 16),
      state: parseInt(fields[3]!, 16),
      inode: Number(fields[9]),
    });
  }
  return sockets;
}

/**
 * The TCP sockets (IPv4 and IPv6) of the network namespace of `pid` (default:
 * this process's), from `/proc/PID/net/tcp` and `tcp6`. A table that does not
 * exist (IPv6 disabled) counts as empty.
 */
export async function readTcpSockets(pid: number | 'self' = 'self'): Promise<TcpSocket[]> {
  const tables = await Promise.all(
    ['tcp', 'tcp6'].map((name) =>
      readFile(`${PROC_ROOT}/${pid}/net/${name}`, 'latin1').then(parseTcpTable, (error: unknown) => {
        if (isGone(error)) return [];
        throw error;
      }),
    ),
  );
  return tables.flat();
}

/** Seconds since boot (`/proc/uptime`, first field), 10 ms resolution. */
export async function readUptimeSeconds(): Promise<number> {
  const text = await readFile(`${PROC_ROOT}/uptime`, 'latin1');
  return Number(text.split(' ')[0]);
}

let clockTicksCache: Promise<number> | undefined;

/**
 * Clock ticks per second, the unit of the CPU times in `/proc/PID/stat`
 * (`sysconf(_SC_CLK_TCK)`, read once with `getconf CLK_TCK`; 100, the value on
 * every mainstream Linux build, when `getconf` is unavailable).
 */
export function clockTicksPerSecond(): Promise<number> {
  clockTicksCache ??= new Promise((resolve) => {
    execFile('getconf', ['CLK_TCK'], { timeout: 2000 }, (error, stdout) => {
      const ticks = Number(String(stdout).trim());
      resolve(!error && Number.isInteger(ticks) && ticks > 0 ? ticks : 100);
    });
  });
  return clockTicksCache;
}
