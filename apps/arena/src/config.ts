/**
 * Configuration from the environment, in one strict schema (every bad variable
 * reported at once). Defaults live in the schema. Empty variables count as unset.
 *
 * | variable                  | default     | meaning                                                    |
 * |---------------------------|-------------|------------------------------------------------------------|
 * | `PORT`                    | `8890`      | TCP port (0 = any free port)                               |
 * | `HOST`                    | `127.0.0.1` | interface to bind                                          |
 * | `LOG_LEVEL`               | (off)       | pino level fatal…trace; JSON lines on stderr               |
 * | `DATABASE_URL`            |             | PostgreSQL, e.g. `postgres://u@host:5432/arena`            |
 * | `PGLITE_DIR`              | (in memory) | embedded PGlite data directory when `DATABASE_URL` is unset|
 * | `REDIS_URL`               |             | Redis for denylist, rate limits, pub/sub between instances |
 * | `JWT_SECRET`              | (random)    | HS256 key, ≥ 32 chars; set it when running several instances |
 * | `ACCESS_TOKEN_TTL_S`      | `900`       | access token lifetime (seconds)                            |
 * | `REFRESH_TOKEN_TTL_S`     | `604800`    | refresh token lifetime (seconds)                           |
 * | `ADMIN_LOGIN`             |             | creates this admin at start if it does not exist           |
 * | `ADMIN_PASSWORD`          |             | its password (≥ 8 chars), required with `ADMIN_LOGIN`      |
 * | `ANSWER_LIMIT_PER_MIN`    | `10`        | answer attempts per participant per card per minute        |
 * | `LOGIN_LIMIT_PER_MIN`     | `10`        | login attempts per account per minute                      |
 * | `LOGIN_IP_LIMIT_PER_MIN`  | `100`       | login attempts per client IP per minute                    |
 * | `TRUST_PROXY`             | `false`     | `true` behind a load balancer (client IP from X-Forwarded-For) |
 */
import { z } from 'zod';
import { ArenaError } from './errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Limits enforced per route (counts per minute). */
export interface RateLimits {
  /** Answer attempts per participant per card per minute. */
  answersPerMinute: number;
  /** Login attempts per account (login name) per minute. */
  loginsPerMinute: number;
  /** Login attempts per client IP per minute. */
  loginsPerIpPerMinute: number;
}

/** The server's configuration. */
export interface ArenaConfig {
  /** TCP port to listen on (0..65535). */
  port: number;
  host: string;
  /** Logging level, or `undefined` for no logging. */
  logLevel: LogLevel | undefined;
  /** PostgreSQL URL, or `undefined` for embedded PGlite. */
  databaseUrl: string | undefined;
  /** PGlite data directory (`undefined`: in memory). Ignored with `databaseUrl`. */
  pgliteDir: string | undefined;
  /** Redis URL, or `undefined` for in-process denylist, rate limits and pub/sub (one instance only). */
  redisUrl: string | undefined;
  /** HS256 secret; `undefined` means a random one per process. */
  jwtSecret: string | undefined;
  /** Access token lifetime, seconds. */
  accessTokenTtlS: number;
  /** Refresh token lifetime, seconds. */
  refreshTokenTtlS: number;
  /** Bootstrap admin created at start when missing. */
  admin: { login: string; password: string } | undefined;
  rateLimits: RateLimits;
  trustProxy: boolean;
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

const positiveInt = (fallback: number) =>
  z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive integer')
    .transform(Number)
    .default(fallback);

const envSchema = z
  .object({
    PORT: z
      .string()
      .regex(/^\d+$/, 'must be a port number 0..65535')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number 0..65535')
      .default(8890),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).optional(),
    PGLITE_DIR: z.string().optional(),
    REDIS_URL: urlWithScheme(['redis:', 'rediss:']).optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_S: positiveInt(900),
    REFRESH_TOKEN_TTL_S: positiveInt(7 * 24 * 3600),
    ADMIN_LOGIN: z.string().optional(),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    ANSWER_LIMIT_PER_MIN: positiveInt(10),
    LOGIN_LIMIT_PER_MIN: positiveInt(10),
    LOGIN_IP_LIMIT_PER_MIN: positiveInt(100),
    TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_LOGIN === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_LOGIN === undefined ? 'ADMIN_LOGIN' : 'ADMIN_PASSWORD'],
        message: 'ADMIN_LOGIN and ADMIN_PASSWORD must be set together',
      });
    }
  });

/**
 * Read the configuration from `env` (normally `process.env`).
 * @throws ArenaError `ARENA_ERR_CONFIG` naming every bad variable and its value (secrets masked).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ArenaConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'env')] ??= issue.message;
    const secret = (name: string) => name === 'JWT_SECRET' || name === 'ADMIN_PASSWORD';
    const detail = Object.entries(fields)
      .map(([name, message]) =>
        secret(name) ? `${name} ${message}` : `${name}=${JSON.stringify(present[name] ?? '')} ${message}`,
      )
      .join('; ');
    throw new ArenaError('ARENA_ERR_CONFIG', `Invalid environment: ${detail}.`, { fields });
  }
  const c = result.data;
  return {
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    databaseUrl: c.DATABASE_URL,
    pgliteDir: c.PGLITE_DIR,
    redisUrl: c.REDIS_URL,
    jwtSecret: c.JWT_SECRET,
    accessTokenTtlS: c.ACCESS_TOKEN_TTL_S,
    refreshTokenTtlS: c.REFRESH_TOKEN_TTL_S,
    admin:
      c.ADMIN_LOGIN !== undefined && c.ADMIN_PASSWORD !== undefined
        ? { login: c.ADMIN_LOGIN, password: c.ADMIN_PASSWORD }
        : undefined,
    rateLimits: {
      answersPerMinute: c.ANSWER_LIMIT_PER_MIN,
      loginsPerMinute: c.LOGIN_LIMIT_PER_MIN,
      loginsPerIpPerMinute: c.LOGIN_IP_LIMIT_PER_MIN,
    },
    trustProxy: c.TRUST_PROXY === 'true',
  };
}
