/**
 * The simulation model file (`*.sim.yaml` / `*.sim.json`): one strict zod schema, the
 * JSON Schema published from it (packages/perflab/schema/sim-model.schema.json) and the
 * normalised shape the DES engine consumes. docs/sim-model.md is the reference.
 *
 * Units: every time is in **seconds** of simulated time — a number, or a duration string
 * (`"12ms"`, `"90s"`, `"2m"`) converted to seconds. Rates are per second. Probabilities are in [0, 1].
 */
import { z } from 'zod';
import { parseDuration } from '../../duration.ts';

/** Component names: a letter first, then letters, digits, `_`, `-`, `.`. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Duration strings as `parseDuration` reads them: bare seconds ("30") or parts like "1m30s", "12ms". */
const DURATION_PATTERN = /^(\d+(\.\d+)?|(\d+(\.\d+)?(ms|s|m|h))+)$/;

const name = z.string().regex(NAME_PATTERN, 'names start with a letter, then letters, digits, _ - .');

/** A time in seconds: a number of seconds, or a duration string converted to seconds. */
const time = z
  .union([
    z.number().nonnegative(),
    z.string().regex(DURATION_PATTERN, 'not a duration (e.g. 0.012, "12ms", "90s", "2m")'),
  ])
  .transform((v) => (typeof v === 'number' ? v : parseDuration(v, 'time') / 1000))
  .meta({ id: 'time', description: 'seconds (number) or a duration string such as "12ms", "90s", "2m"' });

const positiveTime = time.refine((v) => v > 0, 'must be longer than 0');
const probability = z.number().min(0).max(1).meta({ description: 'probability in [0, 1]' });
const rate = z.number().positive().meta({ description: 'per second, > 0' });
const count = z.int().nonnegative();
const positiveCount = z.int().positive();

/** A distribution of a time, after normalisation: every time in seconds, rates per second. */
export type Distribution =
  | { type: 'constant'; value: number }
  | { type: 'exponential'; mean: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; sd: number }
  | { type: 'lognormal'; mean: number; sd: number }
  | { type: 'gamma'; shape: number; rate: number }
  | { type: 'erlang'; k: number; rate: number }
  | { type: 'empirical'; values: Array<[value: number, count: number]>; scale?: number }
  | {
      type: 'empirical';
      /** Absolute path of a perflab results JSON (resolved relative to the model file). */
      results: string;
      /** Request name in the results' `stats` (e.g. `/hospital`); undefined: all requests (the aggregated row). */
      name: string | undefined;
      /** HTTP method, when the model named one (`GET /hospital`). */
      method: string | undefined;
      /** Every value multiplied by this (e.g. measured response times scaled to a measured service demand). */
      scale?: number;
    };

/** `"GET /hospital"` → method and name: how a model names a request of a results document. */
const REQUEST_WITH_METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) (.+)$/;

/** Splits a request as a model names it: `"GET /hospital"` → `{ method: 'GET', name: '/hospital' }`, `"/doctor"` → no method. */
export function splitRequest(request: string | undefined): {
  method: string | undefined;
  name: string | undefined;
} {
  const match = REQUEST_WITH_METHOD.exec(request ?? '');
  return match ? { method: match[1], name: match[2] } : { method: undefined, name: request };
}

/** A reference to `distributions.<name>` before it is resolved. */
export interface DistributionRef {
  type: 'ref';
  name: string;
}

const tagged = z
  .strictObject({
    constant: time.optional(),
    exponential: z
      .strictObject({ mean: positiveTime.optional(), rate: rate.optional() })
      .superRefine((e, ctx) => {
        if ((e.mean === undefined) === (e.rate === undefined)) {
          ctx.addIssue({ code: 'custom', message: 'give either mean or rate' });
        }
      })
      .optional()
      .meta({ description: '{mean: time} or {rate: per second}' }),
    uniform: z.tuple([time, time]).optional().meta({ description: '[min, max] times' }),
    normal: z.strictObject({ mean: time, sd: positiveTime }).optional(),
    lognormal: z.strictObject({ mean: positiveTime, sd: positiveTime }).optional(),
    gamma: z.strictObject({ shape: z.number().positive(), rate }).optional(),
    erlang: z.strictObject({ k: positiveCount, rate }).optional(),
    empirical: z
      .union([
        z.strictObject({
          results: z.string().min(1),
          name: z.string().min(1).optional(),
          scale: z.number().positive().optional().meta({ description: 'multiply every value by this' }),
        }),
        z.strictObject({
          values: z.array(z.tuple([time, z.number().positive()])).min(1),
          scale: z.number().positive().optional().meta({ description: 'multiply every value by this' }),
        }),
      ])
      .optional(),
  })
  .meta({ id: 'taggedDistribution', minProperties: 1, maxProperties: 1 })
  .superRefine((d, ctx) => {
    const keys = Object.keys(d).filter((k) => d[k as keyof typeof d] !== undefined);
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `give exactly one distribution (constant, exponential, uniform, normal, lognormal, gamma, erlang, empirical), got ${keys.length}`,
      });
    }
    if (d.uniform && d.uniform[0] > d.uniform[1]) {
      ctx.addIssue({ code: 'custom', path: ['uniform'], message: 'min must not exceed max' });
    }
  });

function normaliseTagged(d: z.output<typeof tagged>): Distribution {
  if (d.constant !== undefined) return { type: 'constant', value: d.constant };
  if (d.exponential) {
    return {
      type: 'exponential',
      mean: d.exponential.mean ?? 1 / (d.exponential.rate ?? 1),
    };
  }
  if (d.uniform) return { type: 'uniform', min: d.uniform[0], max: d.uniform[1] };
  if (d.normal) return { type: 'normal', ...d.normal };
  if (d.lognormal) return { type: 'lognormal', ...d.lognormal };
  if (d.gamma) return { type: 'gamma', ...d.gamma };
  if (d.erlang) return { type: 'erlang', ...d.erlang };
  if (d.empirical && 'values' in d.empirical) {
    const { values, scale } = d.empirical;
    return { type: 'empirical', values, ...(scale === undefined ? {} : { scale }) };
  }
  if (d.empirical) {
    const { method, name } = splitRequest(d.empirical.name);
    const { results, scale } = d.empirical;
    return { type: 'empirical', results, name, method, ...(scale === undefined ? {} : { scale }) };
  }
  return { type: 'constant', value: 0 }; // unreachable: the refinement requires one key
}

/** A distribution as written: a tagged object, a constant time, or the name of an entry of `distributions`. */
const distribution = z
  .union([z.number(), z.string(), tagged])
  .transform((d, ctx): Distribution | DistributionRef => {
    if (typeof d === 'object') return normaliseTagged(d);
    const asTime = time.safeParse(d);
    if (asTime.success) return { type: 'constant', value: asTime.data };
    if (typeof d === 'string' && NAME_PATTERN.test(d)) return { type: 'ref', name: d };
    ctx.addIssue({
      code: 'custom',
      message:
        typeof d === 'number'
          ? `${d} is not a time: give seconds ≥ 0`
          : `${JSON.stringify(d)} is neither a time (seconds or "12ms") nor the name of a distribution`,
    });
    return z.NEVER;
  })
  .meta({
    id: 'distribution',
    description:
      'a tagged distribution ({exponential: {mean: "20ms"}}, ...), a constant time, or the name of an entry of `distributions`',
  });
/** A distribution whose definition may not be a name (the entries of `distributions`). */
const namedDistribution = z
  .union([z.number(), z.string().regex(DURATION_PATTERN, 'not a duration'), tagged])
  .transform((d): Distribution =>
    typeof d === 'object' ? normaliseTagged(d) : { type: 'constant', value: time.parse(d) },
  );

// ---- workload: the vocabulary of `perflab run` (users/spawnRate/duration, arrival rate, stages) ----

const stage = z.union([
  z.strictObject({ duration: positiveTime, target: z.number().nonnegative() }),
  z.strictObject({ until: time, target: z.number().nonnegative() }),
]);
const stages = z
  .array(stage)
  .min(1, 'needs at least one stage')
  .superRefine((list, ctx) => {
    let end = 0;
    list.forEach((s, index) => {
      if ('until' in s) {
        if (s.until <= end) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'until'],
            message: `stages out of order: ${s.until} s is not after the previous stage's end (${end} s)`,
          });
        }
        end = Math.max(end, s.until);
      } else end += s.duration;
    });
  })
  .transform((list) => {
    let end = 0;
    return list.map((s) => {
      const duration = 'until' in s ? s.until - end : s.duration;
      end += duration;
      return { duration, target: s.target };
    });
  });

const openWorkload = z
  .strictObject({
    type: z.literal('open'),
    rate: rate.optional().meta({ description: 'Poisson arrivals per second (constant-arrival-rate)' }),
    startRate: z.number().nonnegative().default(0),
    stages: stages.optional().meta({ description: 'targets in arrivals per second (ramping-arrival-rate)' }),
  })
  .superRefine((w, ctx) => {
    if ((w.rate === undefined) === (w.stages === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either rate or stages' });
    }
  });

const closedWorkload = z
  .strictObject({
    type: z.literal('closed'),
    users: positiveCount.optional(),
    spawnRate: rate.optional().meta({ description: 'users started per second; default: all at once' }),
    startUsers: count.default(0),
    stages: stages.optional().meta({ description: 'targets in users (ramping-users)' }),
    thinkTime: distribution.prefault(0),
  })
  .superRefine((w, ctx) => {
    if ((w.users === undefined) === (w.stages === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either users (with spawnRate) or stages' });
    }
    if (w.stages && w.spawnRate !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['spawnRate'],
        message: 'spawnRate goes with users, not with stages',
      });
    }
  });

const workload = z.discriminatedUnion('type', [openWorkload, closedWorkload]);

// ---- components ----

const outages = z
  .strictObject({
    ttf: distribution.meta({ description: 'time to failure, from the start or the last repair' }),
    ttr: distribution.meta({ description: 'time to repair' }),
  })
  .meta({ description: 'each instance fails after ttf and is back after ttr, again and again' });

const serviceFields = {
  instances: positiveCount.default(1),
  concurrency: positiveCount.default(1).meta({ description: 'workers per instance' }),
  queueCapacity: count.optional().meta({ description: 'waiting requests per instance; omitted = unbounded' }),
  serviceTime: distribution,
  failureProbability: probability.default(0),
  outages: outages.optional(),
  timeout: positiveTime.optional().meta({ description: 'a call that has not finished by then fails' }),
  retries: count.default(0),
  retryBackoff: distribution.prefault(0),
};

const service = z.strictObject(serviceFields);
const auth = z.strictObject({
  ...serviceFields,
  failureProbability: probability
    .default(0)
    .meta({ description: 'probability a verification fails (counted as an auth failure)' }),
});

const lbTarget = z.union([name, z.strictObject({ target: name, weight: z.number().positive().default(1) })]);

const loadBalancer = z
  .strictObject({
    algorithm: z
      .enum(['round-robin', 'weighted-round-robin', 'least-connections', 'random', 'power-of-two'])
      .default('round-robin'),
    targets: z.array(lbTarget).min(1, 'needs at least one target'),
    latency: distribution.prefault(0).meta({ description: 'time the balancer adds to each request' }),
    healthCheck: z
      .strictObject({
        interval: positiveTime.default(5),
        timeout: positiveTime.default(1),
        threshold: positiveCount
          .default(3)
          .meta({ description: 'consecutive failed checks that take an instance out' }),
        rise: positiveCount.default(2).meta({ description: 'consecutive passed checks that bring it back' }),
      })
      .optional(),
  })
  .transform((lb) => ({
    ...lb,
    targets: lb.targets.map((t) => (typeof t === 'string' ? { target: t, weight: 1 } : t)),
  }));

const database = z.strictObject({
  replicas: count.default(0),
  concurrency: positiveCount.default(10).meta({ description: 'connections served at once per node' }),
  queueCapacity: count.optional(),
  readTime: distribution,
  writeTime: distribution,
  readFrom: z.enum(['replicas', 'master', 'any']).default('replicas'),
  replication: z
    .strictObject({
      mode: z.enum(['sync', 'async']).default('async'),
      lag: distribution.prefault(0).meta({ description: 'replica apply delay (sync: a write waits for it)' }),
    })
    .prefault({}),
  failureProbability: probability.default(0),
  outages: outages.optional().meta({ description: 'per node; ttr is the repair time' }),
  failover: z
    .strictObject({
      enabled: z.boolean().default(true),
      detectionDelay: time.default(10),
    })
    .prefault({}),
  timeout: positiveTime.optional(),
});

const cache = z
  .strictObject({
    hitRatio: probability.optional(),
    keyspace: z
      .strictObject({
        keys: positiveCount,
        ttl: positiveTime.optional().meta({ description: 'omitted = entries never expire' }),
        capacity: positiveCount.optional().meta({ description: 'entries kept (LRU); omitted = all keys' }),
        popularity: z
          .union([z.literal('uniform'), z.strictObject({ zipf: z.number().positive() })])
          .default('uniform'),
      })
      .optional(),
    database: name.optional().meta({ description: 'read on a miss' }),
    concurrency: positiveCount.default(100),
    queueCapacity: count.optional(),
    readTime: distribution.prefault(0.0005),
    writeTime: distribution.prefault(0.0005),
    failureProbability: probability.default(0),
    outages: outages.optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.hitRatio === undefined) === (c.keyspace === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either hitRatio or keyspace' });
    }
  });

const broker = z.strictObject({
  publishTime: distribution.prefault(0.0005),
  failureProbability: probability.default(0).meta({ description: 'probability a publish fails' }),
  outages: outages.optional(),
  queues: z
    .record(
      name,
      z.strictObject({
        capacity: count.optional().meta({ description: 'messages held; omitted = unbounded' }),
        consumers: positiveCount.default(1),
        serviceTime: distribution,
        failureProbability: probability.default(0),
        maxDeliveries: positiveCount.default(1).meta({ description: 'redeliveries of a failed message + 1' }),
      }),
    )
    .refine((q) => Object.keys(q).length > 0, 'needs at least one queue'),
});

const link = z.strictObject({
  from: name.meta({ description: 'a component, or `client` for the workload' }),
  to: name,
  latency: distribution.meta({ description: 'one way; a call pays it out and back' }),
  lossProbability: probability.default(0),
});

const from = name.optional().meta({
  description: 'the caller, for the link latency; default: the last service called, or `client`',
});
const step = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('call'),
    target: name.meta({ description: 'a service, or a load balancer that picks one of its targets' }),
    via: name.optional().meta({ description: 'a load balancer in front of the target service' }),
    serviceTime: distribution
      .optional()
      .meta({ description: "this request type's service time at the target" }),
    from,
  }),
  z.strictObject({ type: z.literal('auth'), target: name, from }),
  z.strictObject({ type: z.literal('cache'), target: name, from }),
  z.strictObject({ type: z.literal('read'), target: name, from }),
  z.strictObject({ type: z.literal('write'), target: name, from }),
  z.strictObject({
    type: z.literal('publish'),
    target: name,
    queue: name,
    from,
  }),
]);

const flow = z.strictObject({
  request: z
    .string()
    .regex(/^([A-Z]+ )?\S+$/, 'a request name such as "GET /hospital" or "/hospital"')
    .optional()
    .meta({
      description:
        "method and name this flow's requests get in the results (default FLOW and the flow's name), to line up with a measured run",
    }),
  weight: probability.meta({ description: 'share of requests; all weights sum to 1' }),
  steps: z.array(step).min(1, 'needs at least one step'),
});

const incident = z
  .strictObject({
    at: time.meta({ description: 'simulated time of the failure' }),
    target: name.meta({ description: 'a service, auth service or database' }),
    instance: count.optional().meta({
      description: 'service instance (0-based; default 0); for a database, node index (default: the master)',
    }),
    for: positiveTime.optional().meta({
      description:
        'time to repair; default: the outages ttr (databases: 60 s without one); required for services',
    }),
  })
  .meta({ description: 'a scripted failure (what-if): the target (or one of its instances) fails at `at`' });

const components = <T extends z.ZodType>(schema: T) => z.record(name, schema).default({});

/** The model file as written; `z.toJSONSchema(simModelSchema, { io: 'input' })` is the published JSON Schema. */
export const simModelSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().optional(),
    seed: z.int().nonnegative().default(1),
    duration: positiveTime.default(600).meta({ description: 'simulated time per replication' }),
    warmup: time.default(0).meta({ description: 'discarded from the start of each replication' }),
    replications: positiveCount.default(1),
    workload,
    distributions: z.record(name, namedDistribution).default({}),
    links: z.array(link).default([]),
    loadBalancers: components(loadBalancer),
    services: components(service),
    auth: components(auth),
    databases: components(database),
    caches: components(cache),
    brokers: components(broker),
    incidents: z.array(incident).default([]),
    flows: z.record(name, flow).refine((f) => Object.keys(f).length > 0, 'needs at least one flow'),
  })
  .superRefine((m, ctx) => {
    if (m.warmup >= m.duration) {
      ctx.addIssue({ code: 'custom', path: ['warmup'], message: 'must be shorter than duration' });
    }
  })
  .meta({
    title: 'perflab simulation model',
    description: 'A discrete-event model of a web service (docs/sim-model.md). Times in seconds.',
  });

type Resolved<T> = T extends DistributionRef
  ? never
  : T extends Distribution
    ? T
    : T extends Array<infer U>
      ? Array<Resolved<U>>
      : T extends object
        ? { [K in keyof T]: Resolved<T[K]> }
        : T;

/** A validated model: defaults applied, times in seconds, rates per second, distribution names resolved. */
export type SimModel = Resolved<Omit<z.output<typeof simModelSchema>, '$schema'>> & {
  /** Absolute path of the model file. */
  file: string;
};
