import { type Duration, parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';
import type { TestPlan } from '../scenario/schema.ts';

/** Run settings as flags give them (strings from the command line; all optional). */
export interface RunFlags {
  host?: string;
  users?: string;
  spawnRate?: string;
  duration?: string;
  grace?: string;
}

/** Settings of one run after layering. Durations in ms. */
export interface RunConfig {
  host: string;
  graceMs: number;
  /** The plan with user/spawn-rate/duration overrides applied. */
  plan: TestPlan;
}

/** Grace period for running iterations when nothing says otherwise. */
export const DEFAULT_GRACE: Duration = '5s';

/**
 * Layers run settings: scenario file < environment (`PERFLAB_HOST`,
 * `PERFLAB_USERS`, `PERFLAB_SPAWN_RATE`, `PERFLAB_DURATION`, `PERFLAB_GRACE`) < flags.
 * Users, spawn rate and duration apply to a single closed-model scenario written
 * with users/spawn rate/duration (or `load`).
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag or variable whose value is invalid
 *   or does not apply, or when no host is given anywhere
 */
export function resolveRunConfig(plan: TestPlan, env: NodeJS.ProcessEnv, flags: RunFlags): RunConfig {
  const pick = (flag: keyof RunFlags, variable: string): { value: string; where: string } | undefined => {
    if (flags[flag] !== undefined) return { value: flags[flag], where: `--${kebab(flag)}` };
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, where: variable };
    return undefined;
  };
  const host = pick('host', 'PERFLAB_HOST');
  const resolvedHost = host?.value ?? plan.host;
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
  let resolvedPlan = plan;
  const override = users ?? spawnRate ?? duration;
  if (override) {
    const only = plan.scenarios.length === 1 ? plan.scenarios[0]! : undefined;
    const executor = only?.executor;
    if (!only || executor?.type !== 'ramping-users' || !executor.constant) {
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        `${override.where} applies to a single closed-model scenario (users, spawnRate, duration); set the load in the scenario file instead`,
      );
    }
    const constant = {
      users: users ? positiveNumber(users, true) : executor.constant.users,
      spawnRate: spawnRate ? positiveNumber(spawnRate, false) : executor.constant.spawnRate,
      durationMs: duration ? parseDuration(duration.value, duration.where) : executor.constant.durationMs,
    };
    resolvedPlan = { ...plan, scenarios: [{ ...only, executor: { ...executor, constant } }] };
  }
  return {
    host: resolvedHost.replace(/\/+$/, ''),
    graceMs: parseDuration(grace?.value ?? DEFAULT_GRACE, grace?.where ?? 'grace'),
    plan: resolvedPlan,
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
