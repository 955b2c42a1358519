/**
 * Shared by the web app's end-to-end tests: the built web app (checked fresh),
 * the arena server process started on a random port (PGlite in memory) serving
 * it, and pages that fail the test on page errors or console errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tail, terminate } from '../../../../packages/perflab/test/support/child.ts';

export const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = join(APP_DIR, 'web/dist');
const MAIN = join(APP_DIR, 'src/main.ts');
/** Screenshots of the web app (gitignored). */
export const ARENA_ARTIFACTS = join(APP_DIR, 'test-artifacts');

export const ADMIN = { login: 'root', password: 'root-password-1' };

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Throws a clear error when `web/dist` is missing or older than the web app's
 * sources (`npm ci` builds it through the `prepare` script).
 */
export function assertWebBuilt(): void {
  let built: number;
  try {
    built = statSync(join(WEB_DIST, 'index.html')).mtimeMs;
  } catch {
    throw new Error(
      'apps/arena/web/dist is missing: run `npm run build:web -w @perflab/arena` (npm ci does).',
    );
  }
  const sources = Math.max(
    newest(join(APP_DIR, 'web/src')),
    statSync(join(APP_DIR, 'web/index.html')).mtimeMs,
  );
  if (sources > built) {
    throw new Error('apps/arena/web/dist is older than web/src: run `npm run build:web -w @perflab/arena`.');
  }
}

/** A running arena process. */
export interface ArenaProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Start `src/main.ts` on 127.0.0.1:0 with PGlite in memory and the bootstrap admin {@link ADMIN}. */
export async function startArenaProcess(env: Record<string, string> = {}): Promise<ArenaProcess> {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PGLITE_DIR', 'LOG_LEVEL', 'PORT', 'HOST', 'JWT_SECRET'])
    delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: APP_DIR,
    env: { ...base, PORT: '0', ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = tail(child.stderr);
  const stop = () => terminate(child);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`arena not ready in 60 s: ${stderr()}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /arena listening on (http:\/\/\S+)/.exec(out);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`arena exited (${code}) before it was ready: ${stderr()}`));
      });
    });
    return { url, child, stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A page that records page errors and console errors (checked with {@link PageErrors.check}). */
export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Page errors and console errors so far. */
  errors: string[];
}

/** A fresh context (its own storage) and page at `width`×`height`, errors recorded. */
export async function trackedPage(
  browser: Browser,
  options: {
    width?: number;
    height?: number;
    reducedMotion?: 'reduce' | 'no-preference';
    bypassCSP?: boolean;
  } = {},
): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    bypassCSP: options.bypassCSP ?? false,
    acceptDownloads: true,
    reducedMotion: options.reducedMotion ?? 'no-preference',
    colorScheme: 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, context, errors };
}

/** Make sure the artifacts folder exists. */
export async function artifactsDir(): Promise<string> {
  await mkdir(ARENA_ARTIFACTS, { recursive: true });
  return ARENA_ARTIFACTS;
}

/** A JSON call to the arena (`body` a string is sent as CSV). @throws with the answer when the status is not 2xx */
export async function call<T = unknown>(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined)
    headers['content-type'] = typeof body === 'string' ? 'text/csv' : 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}

/** Log in over the API; the access token. */
export async function apiLogin(url: string, login: string, password: string): Promise<string> {
  const pair = await call<{ accessToken: string }>(url, 'POST', '/api/auth/login', undefined, {
    login,
    password,
  });
  return pair.accessToken;
}

/** Sign in through the web app's form and wait for the first page after it. */
export async function signIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An axe-core violation, shortened for assertion messages. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Run axe-core on the page (its source injected with addScriptTag, so the
 * context needs `bypassCSP`); the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => String(n.target[0])),
      }));
  });
}
