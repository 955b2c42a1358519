/**
 * `npm run dev -w @perflab/arena`: the arena server (PGlite in memory unless
 * DATABASE_URL is set; admin `admin` / `admin-password` unless ADMIN_* are set)
 * on :8890 and the Vite dev server on :5173 proxying `/api` to it. Ctrl-C stops
 * both; if either exits, the other is stopped too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));
const port = process.env.PORT ?? '8890';
const env = {
  ...process.env,
  PORT: port,
  ADMIN_LOGIN: process.env.ADMIN_LOGIN ?? 'admin',
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'admin-password',
  ARENA_URL: `http://127.0.0.1:${port}`,
};
const children: ChildProcess[] = [
  spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: appDir, env, stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'web/vite.config.ts'], { cwd: appDir, env, stdio: 'inherit' }),
];
let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
for (const child of children) child.once('exit', (code) => stop(code ?? 0));
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
