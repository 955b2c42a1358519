import { type Duration, parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';
import type { Scenario } from '../scenario/schema.ts';

/** Run settings as flags give them (strings from the command line; all optional). */
export interface RunFlags {
  host?: string;
  users?: string;
  spawnRate?: string;
  duration?: string;
  grace?: string;
}

/** Settings of one closed-model run after layering. Durations in ms. */
export interface RunConfig {
  host: string;
  users: number;
  spawnRate: number;
  durationMs: number;
  graceMs: number;
}

/** Grace period for running tasks after the load phase when nothing says otherwise. */
export const DEFAULT_GRACE: Duration = '5s';

/**
 * Layers run settings: scenario defaults < environment (`PERFLAB_HOST`,
 * `PERFLAB_USERS`, `PERFLAB_SPAWN_RATE`, `PERFLAB_DURATION`, `PERFLAB_GRACE`) < flags.
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag or variable whose value is invalid,
 *   or when no host is given anywhere
 */
export function resolveRunConfig(scenario: Scenario, env: NodeJS.ProcessEnv, flags: RunFlags): RunConfig {
  const pick = (flag: keyof RunFlags, variable: string): { value: string; where: string } | undefined => {
    if (flags[flag] !== undefined) return { value: flags[flag], where: `--${kebab(flag)}` };
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, where: variable };
    return undefined;
  };
  const host = pick('host', 'PERFLAB_HOST');
  const resolvedHost = host?.value ?? scenario.host;
  if (!resolvedHost) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      'no host: set `host` in the scenario or pass --host http://…',
    );
  }
  if (host && !(/^https?:\/\//.test(host.value) && URL.canParse(host.value))) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${host.where}: ${JSON.stringify(host.value)} is not an http(s) URL`,
    );
  }
  const users = pick('users', 'PERFLAB_USERS');
  const spawnRate = pick('spawnRate', 'PERFLAB_SPAWN_RATE');
  const duration = pick('duration', 'PERFLAB_DURATION');
  const grace = pick('grace', 'PERFLAB_GRACE');
  return {
    host: resolvedHost.replace(/\/+$/, ''),
    users: users ? positiveNumber(users, true) : scenario.load.users,
    spawnRate: spawnRate ? positiveNumber(spawnRate, false) : scenario.load.spawnRate,
    durationMs: duration ? parseDuration(duration.value, duration.where) : scenario.load.durationMs,
    graceMs: parseDuration(grace?.value ?? DEFAULT_GRACE, grace?.where ?? 'grace'),
  };
}

function positiveNumber(source: { value: string; where: string }, integer: boolean): number {
  const n = Number(source.value);
  if (source.value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${source.where}: ${JSON.stringify(source.value)} is not a positive ${integer ? 'integer' : 'number'}`,
    );
  }
  return n;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
