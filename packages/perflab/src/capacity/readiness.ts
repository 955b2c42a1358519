/** A criterion's grade. `NEEDS_SETUP`: it could not be measured (e.g. Redis unreachable). */
export type Grade = 'EXCELLENT' | 'GOOD' | 'NEEDS_OPTIMIZATION' | 'NEEDS_SETUP';

/** Points a grade earns towards the readiness score (documented in docs/capacity.md). */
export const GRADE_POINTS: Record<Grade, number> = {
  EXCELLENT: 100,
  GOOD: 75,
  NEEDS_OPTIMIZATION: 25,
  NEEDS_SETUP: 0,
};

/** The six criteria of the readiness suite. */
export type CriterionId =
  'db-read' | 'db-write' | 'cache-hit-rate' | 'success-rate' | 'memory-growth' | 'system-limits';

/** Grading bounds: `excellent` and `good` limits (higher is better unless `lowerIsBetter`). */
export interface Bounds {
  excellent: number;
  good: number;
}

/** Default grading bounds (issue 6): DB read > 100 / > 50 ops/s, write > 50 / > 25, hit rate > 80 %, success > 95 % / > 80 %, memory growth < 50 / < 100 MB, limits ≥ 100 % / ≥ 50 % of the target users. */
export const DEFAULT_BOUNDS: Record<CriterionId, Bounds> = {
  'db-read': { excellent: 100, good: 50 },
  'db-write': { excellent: 50, good: 25 },
  'cache-hit-rate': { excellent: 0.8, good: 0.8 },
  'success-rate': { excellent: 0.95, good: 0.8 },
  'memory-growth': { excellent: 50, good: 100 },
  'system-limits': { excellent: 1, good: 0.5 },
};

/** One graded criterion. */
export interface Criterion {
  id: CriterionId;
  title: string;
  grade: Grade;
  /** The measured value in `unit`, or null when it could not be measured. */
  value: number | null;
  unit: string;
  /** What was measured and against which bounds. */
  detail: string;
}

/**
 * Grades `value` against `bounds`: at or above `excellent` → EXCELLENT, at or above `good` → GOOD,
 * else NEEDS_OPTIMIZATION; `lowerIsBetter` flips the comparisons (memory growth: at or below). null → NEEDS_SETUP.
 */
export function grade(value: number | null, bounds: Bounds, lowerIsBetter = false): Grade {
  if (value === null || !Number.isFinite(value)) return 'NEEDS_SETUP';
  const better = (a: number, b: number) => (lowerIsBetter ? a <= b : a >= b);
  if (better(value, bounds.excellent)) return 'EXCELLENT';
  if (better(value, bounds.good)) return 'GOOD';
  return 'NEEDS_OPTIMIZATION';
}

/** The production-readiness verdict over the criteria. */
export interface ReadinessScore {
  /** Mean of the criteria's points, 0–100. */
  percent: number;
  /** ≥ 90 ready, 70–89 partially ready, < 70 needs serious optimisation. */
  verdict: 'READY' | 'PARTIALLY_READY' | 'NEEDS_SERIOUS_OPTIMIZATION';
}

/** The score: the mean of {@link GRADE_POINTS} over the criteria, and its verdict band. */
export function readinessScore(criteria: readonly Criterion[]): ReadinessScore {
  const percent = criteria.reduce((sum, c) => sum + GRADE_POINTS[c.grade], 0) / Math.max(1, criteria.length);
  return {
    percent,
    verdict: percent >= 90 ? 'READY' : percent >= 70 ? 'PARTIALLY_READY' : 'NEEDS_SERIOUS_OPTIMIZATION',
  };
}

/** Measurements the recommendations are derived from (all optional: what was measured). */
export interface Findings {
  redis?: {
    maxmemoryBytes: number | null;
    maxmemoryPolicy: string | null;
    usedMemoryGrowthBytes: number | null;
    hitRate: number | null;
  };
  postgresBufferHitRate?: number | null;
  usl?: { sigma: number; kappa: number } | null;
  /** The watched process whose memory grows most per user, and by how much (bytes per user). */
  largestMemoryPerUser?: { spec: string; bytesPerUser: number } | null;
  successRate?: number | null;
  topFailure?: string | null;
  memoryGrowthMb?: number | null;
  bindingConstraint?: string | null;
}

/** Recommendations derived from the findings; each names the measurement behind it. */
export function recommendations(f: Findings): string[] {
  const out: string[] = [];
  if (f.redis) {
    const { maxmemoryBytes, maxmemoryPolicy, usedMemoryGrowthBytes, hitRate } = f.redis;
    if (maxmemoryBytes === 0 && (usedMemoryGrowthBytes ?? 0) > 0) {
      out.push(
        `Redis has no maxmemory and its memory grew by ${((usedMemoryGrowthBytes ?? 0) / 2 ** 20).toFixed(1)} MiB during the run: set maxmemory and an eviction policy (e.g. allkeys-lru for a cache).`,
      );
    } else if (maxmemoryBytes !== null && maxmemoryBytes > 0 && maxmemoryPolicy === 'noeviction') {
      out.push(
        'Redis has maxmemory with the noeviction policy: writes will fail when it is full; choose an eviction policy if it is a cache.',
      );
    }
    if (hitRate !== null && hitRate < DEFAULT_BOUNDS['cache-hit-rate'].excellent) {
      out.push(
        `Cache hit rate ${(hitRate * 100).toFixed(1)} %: cache what is read repeatedly, check keys and TTLs.`,
      );
    }
  }
  if (
    f.postgresBufferHitRate !== undefined &&
    f.postgresBufferHitRate !== null &&
    f.postgresBufferHitRate < 0.99
  ) {
    out.push(
      `PostgreSQL buffer hit rate ${(f.postgresBufferHitRate * 100).toFixed(1)} % (< 99 %): reads go to disk — give it more memory (shared_buffers) or add indexes for the hot queries.`,
    );
  }
  if (f.usl) {
    if (f.usl.sigma > 0.05) {
      out.push(
        `Contention σ = ${f.usl.sigma.toFixed(3)}: part of the work is serialised (a single worker, a lock, one connection); throughput cannot exceed ${(1 / f.usl.sigma).toFixed(0)}× one user's.`,
      );
    }
    if (f.usl.kappa > 0) {
      out.push(
        `Coherency κ = ${f.usl.kappa.toExponential(2)}: workers exchange data (cross-talk, cache invalidation, shared locks), so throughput falls past the peak — reduce sharing between workers.`,
      );
    }
  }
  if (f.largestMemoryPerUser && f.largestMemoryPerUser.bytesPerUser > 1 * 2 ** 20) {
    out.push(
      `${f.largestMemoryPerUser.spec} holds ${(f.largestMemoryPerUser.bytesPerUser / 2 ** 20).toFixed(1)} MiB per user: that process limits how many users fit in memory.`,
    );
  }
  if (
    f.successRate !== undefined &&
    f.successRate !== null &&
    f.successRate < DEFAULT_BOUNDS['success-rate'].excellent
  ) {
    out.push(
      `Success rate ${(f.successRate * 100).toFixed(1)} %${f.topFailure ? `, mostly "${f.topFailure}"` : ''}: fix these failures before adding load.`,
    );
  }
  if (
    f.memoryGrowthMb !== undefined &&
    f.memoryGrowthMb !== null &&
    f.memoryGrowthMb >= DEFAULT_BOUNDS['memory-growth'].excellent
  ) {
    out.push(
      `Memory grew by ${f.memoryGrowthMb.toFixed(0)} MB over the run: look for a leak or an unbounded cache.`,
    );
  }
  if (f.bindingConstraint) out.push(`The first limit reached is ${f.bindingConstraint}.`);
  return out;
}
