import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';
import { parseSlo, type Slo } from './capacity.ts';
import { type Bounds, type CriterionId, DEFAULT_BOUNDS } from './readiness.ts';

const bounds = z.strictObject({ excellent: z.number(), good: z.number() });
const duration = z.union([z.string(), z.number()]);

/** `readiness.yaml`, as written (docs/capacity.md shows an example). */
const configSchema = z.strictObject({
  scenario: z.string().describe('scenario file, relative to this file'),
  host: z.url({ protocol: /^https?$/ }).optional(),
  users: z.int().positive().default(50),
  duration: duration.default('60s'),
  watch: z.array(z.string()).default([]),
  redis: z.string().optional(),
  postgres: z.string().optional(),
  slo: z.string().default('p95<300ms'),
  limits: z
    .strictObject({
      steps: z.array(z.int().positive()).min(2),
      stepDuration: duration.default('20s'),
      warmup: duration.default('5s'),
    })
    .optional(),
  probes: z
    .strictObject({ duration: duration.default('5s'), concurrency: z.int().positive().default(8) })
    .default({
      duration: '5s',
      concurrency: 8,
    }),
  thresholds: z
    .strictObject({
      'db-read': bounds.optional(),
      'db-write': bounds.optional(),
      'cache-hit-rate': bounds.optional(),
      'success-rate': bounds.optional(),
      'memory-growth': bounds.optional(),
      'system-limits': bounds.optional(),
    })
    .default({}),
});

/** The readiness configuration with paths resolved, durations in ms and defaults applied. */
export interface CheckConfig {
  /** Absolute path of the scenario. */
  scenario: string;
  host: string | undefined;
  /** Users of the success-rate run; also the target the system limits are graded against. */
  users: number;
  durationMs: number;
  watch: string[];
  redis: string | undefined;
  postgres: string | undefined;
  slo: Slo;
  /** The stepping of the system-limits test; default: users × ¼, ½, 1, 1½, 2, 3. */
  limits: { steps: number[]; stepDurationMs: number; warmupMs: number };
  probes: { durationMs: number; concurrency: number };
  thresholds: Record<CriterionId, Bounds>;
}

/**
 * Reads and checks `readiness.yaml`.
 * @throws PerflabError `PERFLAB_ERR_CONFIG` naming the file and every problem (with the key path)
 */
export async function loadCheckConfig(file: string): Promise<CheckConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PerflabError('PERFLAB_ERR_CONFIG', `${file}: cannot read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_CONFIG',
      `${file}: not YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new PerflabError('PERFLAB_ERR_CONFIG', `${file}: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  const ms = (value: string | number, where: string) => {
    try {
      return parseDuration(typeof value === 'number' ? `${value}s` : value, where);
    } catch (error) {
      throw new PerflabError('PERFLAB_ERR_CONFIG', `${file}: ${(error as Error).message}`);
    }
  };
  let slo: Slo;
  try {
    slo = parseSlo(c.slo);
  } catch (error) {
    throw new PerflabError('PERFLAB_ERR_CONFIG', `${file}: slo: ${(error as Error).message}`);
  }
  const defaultSteps = [
    ...new Set([0.25, 0.5, 1, 1.5, 2, 3].map((f) => Math.max(1, Math.round(c.users * f)))),
  ];
  return {
    scenario: resolve(dirname(file), c.scenario),
    host: c.host,
    users: c.users,
    durationMs: ms(c.duration, 'duration'),
    watch: c.watch,
    redis: c.redis,
    postgres: c.postgres,
    slo,
    limits: {
      steps: c.limits?.steps ?? defaultSteps,
      stepDurationMs: ms(c.limits?.stepDuration ?? '20s', 'limits.stepDuration'),
      warmupMs: ms(c.limits?.warmup ?? '5s', 'limits.warmup'),
    },
    probes: { durationMs: ms(c.probes.duration, 'probes.duration'), concurrency: c.probes.concurrency },
    thresholds: { ...DEFAULT_BOUNDS, ...(c.thresholds as Partial<Record<CriterionId, Bounds>>) },
  };
}
