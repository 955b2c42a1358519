/**
 * Configuration from the environment, in one strict schema (every bad variable
 * reported at once). Defaults live in the schema.
 *
 * | variable       | default     | meaning                                            |
 * |----------------|-------------|----------------------------------------------------|
 * | `PORT`         | `8888`      | TCP port (0 = any free port)                       |
 * | `HOST`         | `127.0.0.1` | interface to bind                                  |
 * | `LOG_LEVEL`    | (off)       | Fastify/pino level: fatal…trace; logs go to stderr |
 * | `REDIS_URL`    |             | use Redis, e.g. `redis://127.0.0.1:6379/0`         |
 * | `DATABASE_URL` |             | use PostgreSQL, e.g. `postgres://u@host:5432/db`   |
 * | `PGLITE_DIR`   | (in memory) | PGlite data directory when neither URL is set      |
 *
 * Store precedence: `REDIS_URL`, then `DATABASE_URL`, then embedded PGlite.
 * Empty variables count as unset.
 */
import { z } from 'zod';
import { ClinicError } from './errors.ts';
import { issuesToFields } from './model/validate.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the data lives. */
export type StoreConfig =
  | { kind: 'redis'; url: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dir: string | undefined };

/** The service's configuration. */
export interface ClinicConfig {
  /** TCP port to listen on (0..65535). */
  port: number;
  /** Interface to bind. */
  host: string;
  /** Logging level, or `undefined` for no logging. */
  logLevel: LogLevel | undefined;
  store: StoreConfig;
}

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`,
  );

const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number 0..65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number 0..65535')
    .default(8888),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).optional(),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).optional(),
  PGLITE_DIR: z.string().optional(),
});

/**
 * Read the configuration from `env` (normally `process.env`).
 * @throws ClinicError `CLINIC_ERR_CONFIG` naming every bad variable and its value.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ClinicConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const fields = issuesToFields(result.error.issues);
    const detail = Object.entries(fields)
      .map(([name, message]) => `${name}=${JSON.stringify(present[name] ?? '')} ${message}`)
      .join('; ');
    throw new ClinicError('CLINIC_ERR_CONFIG', `Invalid environment: ${detail}.`, { fields });
  }
  const c = result.data;
  const store: StoreConfig = c.REDIS_URL
    ? { kind: 'redis', url: c.REDIS_URL }
    : c.DATABASE_URL
      ? { kind: 'postgres', url: c.DATABASE_URL }
      : { kind: 'pglite', dir: c.PGLITE_DIR };
  return { port: c.PORT, host: c.HOST, logLevel: c.LOG_LEVEL, store };
}
