/**
 * (From apps/clinic/test/helpers/postgres-server.ts, with the database name and
 * extra settings as options.)
 * Start a real PostgreSQL server for a test: `initdb` into a temp dir, `postgres`
 * on a random free port (TCP on 127.0.0.1, unix socket in the temp dir), then
 * `CREATE DATABASE <database>` (default `perflab`). Run as the `postgres` user when we are root (the
 * server refuses to run as root). `shutdown()`/`restart()` simulate an outage on
 * the same port and data dir; `stop()` kills it and removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findExecutable, onPath, tail, terminate } from './child.ts';
import { freePort } from './free-port.ts';

/** A running test PostgreSQL. */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:{port}/{database}` */
  readonly url: string;
  /** Stop the server (fast shutdown); data stays. */
  shutdown(): Promise<void>;
  /** Start it again on the same port and data dir. */
  restart(): Promise<void>;
  /** Kill the server and remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

function postgresBinDir(): string | undefined {
  const candidates: string[] = [];
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin/postgres`);
  } catch {
    // not a Debian layout
  }
  const found = findExecutable([...candidates, ...onPath('postgres')]);
  return found?.slice(0, -'/postgres'.length);
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'running as root but there is no "postgres" user: install the Debian package "postgresql"',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function run(binary: string, args: string[], user: { uid: number; gid: number } | undefined, cwd: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    const output = tail(child.stdout);
    const errors = tail(child.stderr);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${output()}${errors()}`)),
    );
  });
}

/** Start PostgreSQL; rejects with a clear message if the binaries are missing or it does not start. */
export async function startPostgresServer(
  options: {
    /** The database created for the test; default `perflab`. */
    database?: string;
    /** Extra `name=value` server settings, e.g. `autovacuum=off`. */
    settings?: string[];
  } = {},
): Promise<PostgresServer> {
  const database = options.database ?? 'perflab';
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL server binaries (initdb, postgres) not found: install the Debian package "postgresql" (apt-get install postgresql)',
    );
  }
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'perflab-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  let child: ChildProcess | undefined;

  try {
    await run(
      `${bin}/initdb`,
      ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
      user,
      dir,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  async function launch(): Promise<void> {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    for (const setting of [
      'fsync=off',
      'synchronous_commit=off',
      'full_page_writes=off',
      'max_connections=60',
      ...(options.settings ?? []),
    ]) {
      args.push('-c', setting);
    }
    const proc = spawn(`${bin}/postgres`, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    child = proc;
    const log = tail(proc.stderr, 8000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`postgres did not start within 15 s: ${log()}`)),
        15_000,
      );
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${code}: ${log()}`));
      };
      proc.once('exit', onExit);
      proc.stderr?.on('data', () => {
        if (log().includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          proc.off('exit', onExit);
          resolve();
        }
      });
    });
  }

  try {
    await launch();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  } catch (error) {
    if (child) await terminate(child, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    async shutdown() {
      if (!child) return;
      await terminate(child, 'SIGINT');
      child = undefined;
    },
    async restart() {
      if (child) return;
      await launch();
    },
    async stop() {
      if (child) {
        await terminate(child, 'SIGINT');
        child = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
