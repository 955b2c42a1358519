/**
 * (From apps/clinic/test/helpers/redis-server.ts.)
 * Start a real `redis-server` for a test: random free port, no persistence
 * (`--save '' --appendonly no`), a temp `--dir`. `shutdown()`/`restart()` simulate
 * an outage on the same port (a forced SAVE first, so the data survives the
 * restart and tests can check what did or did not land); `stop()` kills it and
 * removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, onPath, tail, terminate } from './child.ts';
import { freePort } from './free-port.ts';

/** A running test Redis. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:{port}` */
  readonly url: string;
  /** SAVE, then stop the process (the port goes dark). */
  shutdown(): Promise<void>;
  /** Start it again on the same port with the saved data. */
  restart(): Promise<void>;
  /** Kill the process and remove its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Send one command in RESP and resolve to the first reply line (e.g. `+PONG`). */
export function redisCommand(port: number, args: readonly string[], timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply.split('\r\n')[0] ?? '');
    };
    socket.setTimeout(timeoutMs, () => done(new Error('redis command timed out')));
    socket.on('error', (error) => done(error));
    socket.on('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done();
    });
  });
}

/**
 * Start redis-server (on `port`, default a free one); rejects with a clear message
 * if the binary is missing or it does not answer PING within 10 s.
 */
export async function startRedisServer(fixedPort?: number): Promise<RedisServer> {
  const binary = findExecutable(['/usr/bin/redis-server', ...onPath('redis-server')]);
  if (!binary) {
    throw new Error(
      'redis-server not found: install the Debian package "redis-server" (apt-get install redis-server)',
    );
  }
  const port = fixedPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'perflab-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const proc = spawn(binary as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const output = tail(proc.stdout);
    const errors = tail(proc.stderr);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null) {
        throw new Error(`redis-server exited with code ${proc.exitCode}: ${output()}${errors()}`);
      }
      try {
        if ((await redisCommand(port, ['PING'])) === '+PONG') return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        await terminate(proc, 'SIGKILL');
        throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async shutdown() {
      if (!child) return;
      await redisCommand(port, ['SAVE'], 5000);
      await terminate(child, 'SIGTERM');
      child = undefined;
    },
    async restart() {
      if (child) return;
      await launch();
    },
    async stop() {
      if (child) {
        await terminate(child, 'SIGTERM');
        child = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
