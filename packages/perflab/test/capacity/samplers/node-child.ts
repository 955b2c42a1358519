/**
 * Node.js child processes with a known behaviour for the sampler tests: each
 * runs a script, prints one line when ready (e.g. its port) and is killed by
 * `stop()` (with its own children, which the scripts kill on SIGTERM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { terminate } from '../../support/child.ts';

/** A running test child. */
export interface NodeChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** The unique token on its command line (for `cmd:` specs). */
  readonly token: string;
  /** The first line it printed (its "ready" line). */
  readonly ready: string;
  /** Lines printed after the ready line. */
  nextLine(): Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** A token that appears on no other command line. */
export function uniqueToken(label: string): string {
  return `perflab-sampler-test-${label}-${randomBytes(4).toString('hex')}`;
}

/**
 * Starts `node -e script token`; resolves once the child printed its first line.
 * @throws Error when it exits first or prints nothing within 10 s
 */
export async function startNodeChild(script: string, label: string): Promise<NodeChild> {
  const token = uniqueToken(label);
  const child = spawn(process.execPath, ['-e', script, token], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(
        () => reject(new Error(`${label}: no line within 10 s; stderr: ${stderr}`)),
        10_000,
      );
      waiting.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}: ${stderr}`))),
  );
  exited.catch(() => {});
  let ready: string;
  try {
    ready = await Promise.race([nextLine(), exited]);
  } catch (error) {
    await terminate(child, 'SIGKILL');
    throw error;
  }
  return {
    process: child,
    pid: child.pid!,
    token,
    ready,
    nextLine,
    stop: () => terminate(child, 'SIGTERM'),
  };
}

/** Allocates and touches `mib` MiB in one Buffer (every page written), then prints `ready`. */
export const ALLOCATE_SCRIPT = (mib: number) =>
  `const b = Buffer.alloc(${mib} * 1024 * 1024, 1); globalThis.keep = b; console.log('ready'); setInterval(() => {}, 1000);`;

/** Prints `ready` and idles (the baseline of a Node.js process). */
export const IDLE_SCRIPT = `console.log('ready'); setInterval(() => {}, 1000);`;

/**
 * Spins on one core (in 20 ms slices, so that it still reads stdin) and
 * answers each line on stdin with its CPU time so far, seconds
 * (`process.cpuUsage()`: user + system, from getrusage).
 */
export const BUSY_SCRIPT = `
process.stdin.setEncoding('utf8').on('data', () => { const u = process.cpuUsage(); console.log(String((u.user + u.system) / 1e6)); });
const spin = () => { const end = Date.now() + 20; while (Date.now() < end); setImmediate(spin); };
console.log('ready');
spin();
`;

/**
 * Listens on TCP `host` port 0 and prints the port; keeps every accepted
 * connection open.
 */
export const LISTEN_SCRIPT = (host: string) =>
  `const s = require('node:net').createServer(() => {}); s.listen(0, ${JSON.stringify(host)}, () => console.log(s.address().port)); setInterval(() => {}, 1000);`;

/**
 * Starts `initial` idle Node.js children, prints `ready`, then starts one more
 * for each line read on stdin (printing `spawned PID`); kills them on SIGTERM.
 */
export const PARENT_SCRIPT = (initial: number) => `
const { spawn } = require('node:child_process');
const kids = [];
const more = () => { const k = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); kids.push(k); return k; };
for (let i = 0; i < ${initial}; i++) more();
process.on('SIGTERM', () => { for (const k of kids) k.kill('SIGKILL'); process.exit(0); });
process.stdin.setEncoding('utf8').on('data', () => console.log('spawned ' + more().pid));
console.log('ready');
`;
