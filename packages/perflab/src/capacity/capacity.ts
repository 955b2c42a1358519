import { fitLine, type LinearFit } from './linear-fit.ts';

/** What the machine offers: memory in bytes, CPU in cores. Either may be absent. */
export interface Budget {
  ramBytes?: number;
  cpus?: number;
}

/** A latency objective, e.g. p95 < 300 ms. */
export interface Slo {
  /** 50, 95, 99 … */
  percentile: number;
  maxMs: number;
}

/** One measured step of a stepped run, as capacity planning reads it. */
export interface StepMeasure {
  /** Virtual users (closed model). */
  users: number;
  /** Steady-state throughput, requests/s. */
  throughputRps: number;
  /** Latency at the SLO's percentile, ms. */
  sloLatencyMs: number | null;
  /** Memory of everything watched (sum over processes, PSS), bytes; null when nothing was watched. */
  memoryBytes: number | null;
  /** CPU of everything watched, in cores (1.0 = one core busy); null when nothing was watched. */
  cpuCores: number | null;
}

/** The largest user count one constraint allows; null when it cannot be estimated (the reason says why). */
export interface ConstraintCapacity {
  constraint: 'memory' | 'cpu' | 'usl' | 'slo';
  maxUsers: number | null;
  /** How the figure was reached, or why there is none. */
  reason: string;
}

/** The capacity verdict: every constraint, the binding one, and the headroom at the current load. */
export interface Capacity {
  constraints: ConstraintCapacity[];
  /** The smallest estimate, or null when no constraint could be estimated. */
  maxUsers: number | null;
  binding: ConstraintCapacity['constraint'] | null;
  /** The load the headroom is measured from (users). */
  currentUsers: number;
  /** (maxUsers − currentUsers) / currentUsers × 100; null without a maximum. */
  headroomPercent: number | null;
  /** M(N) = M₀ + m·N over the watched processes (bytes), when memory was watched. */
  memoryModel: LinearFit | null;
  /** CPU(N) = c₀ + c·N (cores), when CPU was watched. */
  cpuModel: LinearFit | null;
}

/**
 * Capacity for a budget from a stepped run:
 * - memory: the linear memory model M(N) = M₀ + m·N (least squares over the steps)
 *   solved for M(N) = ram: N = (ram − M₀) / m;
 * - CPU: likewise CPU(N) = c₀ + c·N solved for CPU(N) = cpus (a linear model: once the
 *   service saturates, CPU per user stops growing and this is optimistic — the USL
 *   and SLO figures catch that case);
 * - USL: the users at the throughput peak, `peakUsers` (given by the caller from the fit);
 * - SLO: the largest user count whose latency meets the SLO, interpolated linearly
 *   between the last step that meets it and the first that does not (a lower bound,
 *   the largest step, when every step meets it).
 * The smallest estimate binds; headroom compares it with `currentUsers`.
 */
export function capacityFor(
  steps: readonly StepMeasure[],
  budget: Budget,
  slo: Slo | undefined,
  peakUsers: number | null,
  currentUsers: number,
): Capacity {
  const constraints: ConstraintCapacity[] = [];
  const memoryPoints = steps
    .filter((s) => s.memoryBytes !== null)
    .map((s) => ({ x: s.users, y: s.memoryBytes! }));
  const cpuPoints = steps.filter((s) => s.cpuCores !== null).map((s) => ({ x: s.users, y: s.cpuCores! }));
  const memoryModel = memoryPoints.length >= 2 ? fitLine(memoryPoints) : null;
  const cpuModel = cpuPoints.length >= 2 ? fitLine(cpuPoints) : null;

  if (budget.ramBytes !== undefined) {
    constraints.push(
      solveLinear('memory', memoryModel, budget.ramBytes, 'memory', (v) => `${(v / 2 ** 20).toFixed(1)} MiB`),
    );
  }
  if (budget.cpus !== undefined) {
    constraints.push(solveLinear('cpu', cpuModel, budget.cpus, 'CPU', (v) => `${v.toFixed(3)} cores`));
  }
  constraints.push(
    peakUsers === null
      ? { constraint: 'usl', maxUsers: null, reason: 'no throughput peak: the USL fit has κ = 0 or failed' }
      : { constraint: 'usl', maxUsers: Math.floor(peakUsers), reason: 'users at the USL throughput peak' },
  );
  if (slo) constraints.push(sloCapacity(steps, slo));

  let binding: ConstraintCapacity | undefined;
  for (const c of constraints) {
    if (c.maxUsers !== null && (binding === undefined || c.maxUsers < binding.maxUsers!)) binding = c;
  }
  const maxUsers = binding?.maxUsers ?? null;
  return {
    constraints,
    maxUsers,
    binding: binding?.constraint ?? null,
    currentUsers,
    headroomPercent: maxUsers === null ? null : ((maxUsers - currentUsers) / currentUsers) * 100,
    memoryModel,
    cpuModel,
  };
}

function solveLinear(
  constraint: 'memory' | 'cpu',
  model: LinearFit | null,
  limit: number,
  what: string,
  show: (value: number) => string,
): ConstraintCapacity {
  if (model === null) return { constraint, maxUsers: null, reason: `${what} was not watched (--watch)` };
  if (model.intercept >= limit) {
    return {
      constraint,
      maxUsers: 0,
      reason: `${what} at zero users (${show(model.intercept)}) already exceeds the budget`,
    };
  }
  if (model.slope <= 0) {
    return {
      constraint,
      maxUsers: null,
      reason: `${what} did not grow with users (${show(model.slope)} per user)`,
    };
  }
  return {
    constraint,
    maxUsers: Math.floor((limit - model.intercept) / model.slope),
    reason: `${show(model.intercept)} + ${show(model.slope)} per user reaches the budget of ${show(limit)}`,
  };
}

function sloCapacity(steps: readonly StepMeasure[], slo: Slo): ConstraintCapacity {
  const sorted = [...steps].filter((s) => s.sloLatencyMs !== null).sort((a, b) => a.users - b.users);
  const label = `p${slo.percentile} < ${slo.maxMs} ms`;
  const firstMiss = sorted.findIndex((s) => s.sloLatencyMs! >= slo.maxMs);
  if (sorted.length === 0) return { constraint: 'slo', maxUsers: null, reason: 'no step measured latencies' };
  if (firstMiss === -1) {
    return {
      constraint: 'slo',
      maxUsers: sorted[sorted.length - 1]!.users,
      reason: `every step met ${label}: at least the largest step`,
    };
  }
  if (firstMiss === 0)
    return { constraint: 'slo', maxUsers: 0, reason: `even the smallest step missed ${label}` };
  const ok = sorted[firstMiss - 1]!;
  const miss = sorted[firstMiss]!;
  const fraction = (slo.maxMs - ok.sloLatencyMs!) / (miss.sloLatencyMs! - ok.sloLatencyMs!);
  return {
    constraint: 'slo',
    maxUsers: Math.floor(ok.users + fraction * (miss.users - ok.users)),
    reason: `${label} met at ${ok.users} users, missed at ${miss.users}: interpolated`,
  };
}

/**
 * Parses `--budget ram=2.9GiB,cpus=3` (units B, KB/MB/GB = 10³ⁿ, KiB/MiB/GiB = 2¹⁰ⁿ).
 * @throws RangeError naming the part that is not `ram=SIZE` or `cpus=N`
 */
export function parseBudget(text: string): Budget {
  const budget: Budget = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value = ''] = part.split('=', 2).map((s) => s.trim());
    if (key === 'ram') budget.ramBytes = parseBytes(value, part);
    else if (key === 'cpus') {
      const cpus = Number(value);
      if (!(cpus > 0))
        throw new RangeError(`--budget: ${JSON.stringify(part)}: cpus must be a positive number`);
      budget.cpus = cpus;
    } else throw new RangeError(`--budget: ${JSON.stringify(part)} is not ram=SIZE or cpus=N`);
  }
  return budget;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

function parseBytes(value: string, part: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined || !(Number(match[1]) > 0)) {
    throw new RangeError(`--budget: ${JSON.stringify(part)}: ram must be a size such as 2.9GiB or 512MB`);
  }
  return Number(match[1]) * unit;
}

/**
 * Parses `--slo p95<300ms` (p50, p95 or p99; ms or s).
 * @throws RangeError when it is not `pNN<DURATION`
 */
export function parseSlo(text: string): Slo {
  const match = /^p(\d+(?:\.\d+)?)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(text.trim());
  const percentile = Number(match?.[1]);
  if (!match || ![50, 95, 99].includes(percentile)) {
    throw new RangeError(`--slo: ${JSON.stringify(text)} is not like p95<300ms (percentiles: p50, p95, p99)`);
  }
  return { percentile, maxMs: Number(match[2]) * (match[3] === 's' ? 1000 : 1) };
}
