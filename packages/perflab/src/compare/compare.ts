/**
 * `compareResults`: two results documents → a {@link CompareReport} with a
 * verdict per (method, name) row and for all requests. The method (docs/compare.md):
 *
 * - **Typical latency** (p50): worse when a one-sided Mann–Whitney U test on the
 *   two whole-run histograms says the new latencies are stochastically larger
 *   (p < α) *and* p50 grew by more than the tolerance and more than the floor
 *   *and* the two runs' confidence intervals for p50 (as below) do not overlap.
 * - **Tail latency** (p95, p99): worse when the percentile grew by more than the
 *   tolerance and the floor *and* the two runs' distribution-free confidence
 *   intervals for it (order statistics, binomial; at the confidence whose
 *   non-overlap is a test at α) do not overlap — a tail percentile that too few
 *   requests reach has an unbounded interval and cannot decide.
 * - **Error rate**: worse when Fisher's exact one-sided test gives p < α *and* the
 *   rate grew by more than the tolerance (relative) and the floor (absolute).
 * - Improvements are the mirror image. A row regressed if anything got worse;
 *   otherwise it improved if anything got better. RPS is reported, not judged.
 * - α is family-wise: each test runs at α′ = α / (4 × rows judged) (Bonferroni;
 *   the intervals at the confidence whose non-overlap is a test at α′), so the
 *   chance that two runs of the same setup show any regression stays ≤ α however
 *   many request names there are.
 */
import { PerflabError } from '../errors.ts';
import { createLatencyHistogram, decodeHistogram, type LatencyHistogram } from '../metrics/histogram.ts';
import type { ResultsDocument, StatsWithHistogram } from '../output/json.ts';
import { percentileSpectrum, type RecordedValue, recordedValues } from '../report/distribution.ts';
import { normalSurvival } from './distributions.ts';
import {
  fisherExact,
  type MannWhitney,
  mannWhitneyU,
  orderStatistic,
  quantileConfidenceRanks,
} from './hypothesis-tests.ts';
import type {
  CompareDeltas,
  CompareMetrics,
  CompareReport,
  CompareRow,
  CompareRunInfo,
  ErrorRateTest,
  MannWhitneyResult,
  PercentileComparison,
  PercentileInterval,
} from './types.ts';

/** Settings of {@link compareResults}; every field has a default. */
export interface CompareOptions {
  /** Relative tolerance, a fraction (0.1 = 10 %): smaller changes never count. Default 0.1. */
  tolerance?: number;
  /**
   * Family-wise significance level (default 0.01): each single test runs at
   * α / (4 × rows judged) (Bonferroni), and the percentile intervals are sized to match.
   */
  alpha?: number;
  /** Absolute floor for a latency percentile change, ms: smaller changes never count. Default 1. */
  minDeltaMs?: number;
  /** Absolute floor for an error-rate change, a fraction (0.001 = 0.1 percentage point). Default 0.001. */
  minErrorRateDelta?: number;
  /** How the base and new runs are named in the report (e.g. their file names). Defaults `BASE`, `NEW`. */
  baseFile?: string;
  newFile?: string;
}

/** The defaults of {@link CompareOptions}. */
export const COMPARE_DEFAULTS = {
  tolerance: 0.1,
  alpha: 0.01,
  minDeltaMs: 1,
  minErrorRateDelta: 0.001,
} as const;

/** The percentiles every row compares. */
export const COMPARED_PERCENTILES = [50, 95, 99] as const;

type Settings = Required<Omit<CompareOptions, 'baseFile' | 'newFile'>>;

/** Settings plus the per-test significance level after the Bonferroni correction. */
interface RowSettings extends Settings {
  /** α / (tests per row × rows judged). */
  testAlpha: number;
  /** 1 − confidence of each percentile interval, so that non-overlap is a one-sided test at `testAlpha`. */
  intervalAlpha: number;
}

/** Tests per row: p50 (Mann–Whitney and intervals), p95 and p99 (intervals), error rate (Fisher). */
export const TESTS_PER_ROW = 4;

/** One run's side of a row: its stats and decoded histogram. */
interface Side {
  stats: StatsWithHistogram;
  histogram: LatencyHistogram;
  values: RecordedValue[];
}

/**
 * Compares two runs (results documents, docs/results-format.md): one row per
 * (method, name) in either run, sorted by name then method, plus the aggregated
 * row, each with both runs' figures (RPS, error rate, p50/p95/p99 from the
 * decoded histograms, mean), deltas, the tests' results, percentile spectra and a
 * verdict (see the module comment and docs/compare.md). Rows in one run only are
 * `added` / `removed`, never regressions. The aggregated row is judged like the
 * others and counts towards `regressed`.
 * @param base the baseline run; `next` the run under judgement
 * @throws PerflabError `PERFLAB_ERR_USAGE` for an option out of range (tolerance < 0, α outside (0, 0.5], negative floor)
 * @throws PerflabError `PERFLAB_ERR_RESULTS_INPUT` when a histogram is not a valid encoding or disagrees with its row's count
 */
export function compareResults(
  base: ResultsDocument,
  next: ResultsDocument,
  options: CompareOptions = {},
): CompareReport {
  const settings = checkOptions(options);
  const baseFile = options.baseFile ?? 'BASE';
  const newFile = options.newFile ?? 'NEW';
  const baseRows = sides(base, baseFile);
  const newRows = sides(next, newFile);
  const keys = [...new Set([...baseRows.keys(), ...newRows.keys()])];
  const judged = keys.filter((key) => baseRows.has(key) && newRows.has(key)).length + 1; // + aggregated
  const testAlpha = settings.alpha / (TESTS_PER_ROW * judged);
  const rowSettings: RowSettings = {
    ...settings,
    testAlpha,
    intervalAlpha: nonOverlapIntervalAlpha(testAlpha),
  };
  const rows = keys
    .map((key) => compareRow(baseRows.get(key), newRows.get(key), rowSettings, { baseFile, newFile }))
    .sort((a, b) => (a.name === b.name ? cmp(a.method, b.method) : cmp(a.name, b.name)));
  const aggregated = compareRow(
    side(base.aggregated, baseFile, 'aggregated'),
    side(next.aggregated, newFile, 'aggregated'),
    rowSettings,
    { baseFile, newFile },
  );
  return {
    format: 'perflab-compare',
    version: 1,
    tolerance: settings.tolerance,
    method: describeMethod(rowSettings, judged),
    alpha: settings.alpha,
    testAlpha: rowSettings.testAlpha,
    intervalConfidence: 1 - rowSettings.intervalAlpha,
    minDeltaMs: settings.minDeltaMs,
    minErrorRateDelta: settings.minErrorRateDelta,
    base: runInfo(base, baseFile),
    new: runInfo(next, newFile),
    rows,
    aggregated,
    regressed: [...rows, aggregated].some((row) => row.verdict === 'regressed'),
    notes: runNotes(base, next, baseFile, newFile),
  };
}

/** The method in one paragraph, with the settings' values. */
function describeMethod(settings: RowSettings, judged: number): string {
  const a = formatP(settings.testAlpha);
  const practical = `by more than ${formatPercent(settings.tolerance)} and more than ${settings.minDeltaMs} ms`;
  return (
    `Each of ${judged} rows (the aggregate included) gets ${TESTS_PER_ROW} one-sided tests, each at α = ${settings.alpha} / ${TESTS_PER_ROW * judged} = ${a} ` +
    `(Bonferroni: two runs of the same setup show a regression with probability at most ${formatPercent(settings.alpha)}, and as much for an improvement). ` +
    `p50, p95, p99: changed ${practical} and the runs' distribution-free ${formatConfidence(settings.intervalAlpha)} confidence intervals ` +
    `(order statistics; non-overlap is a test at ${a}, Goldstein & Healy 1995) do not overlap, and for p50 a Mann–Whitney U test on the whole-run histograms (tie-corrected normal approximation) ` +
    `rejects "no shift"; error rate: Fisher's exact test and a change of more than ` +
    `${formatPercent(settings.tolerance)} relative and ${formatPoints(settings.minErrorRateDelta)} absolute. ` +
    'A row regressed when any of them got worse; RPS is reported, not judged.'
  );
}

function checkOptions(options: CompareOptions): Settings {
  const settings = { ...COMPARE_DEFAULTS, ...withoutUndefined(options) };
  const fail = (name: string, value: number, rule: string) =>
    new PerflabError('PERFLAB_ERR_USAGE', `compare option ${name}: ${value} ${rule}`, null);
  if (!(settings.tolerance >= 0) || !Number.isFinite(settings.tolerance)) {
    throw fail('tolerance', settings.tolerance, 'must be a fraction ≥ 0 (0.1 = 10 %)');
  }
  if (!(settings.alpha > 0 && settings.alpha <= 0.5))
    throw fail('alpha', settings.alpha, 'must be in (0, 0.5]');
  if (!(settings.minDeltaMs >= 0) || !Number.isFinite(settings.minDeltaMs)) {
    throw fail('minDeltaMs', settings.minDeltaMs, 'must be ≥ 0 ms');
  }
  if (!(settings.minErrorRateDelta >= 0 && settings.minErrorRateDelta <= 1)) {
    throw fail('minErrorRateDelta', settings.minErrorRateDelta, 'must be a fraction in [0, 1]');
  }
  return {
    tolerance: settings.tolerance,
    alpha: settings.alpha,
    minDeltaMs: settings.minDeltaMs,
    minErrorRateDelta: settings.minErrorRateDelta,
  };
}

function withoutUndefined(options: CompareOptions): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (options.tolerance !== undefined) out.tolerance = options.tolerance;
  if (options.alpha !== undefined) out.alpha = options.alpha;
  if (options.minDeltaMs !== undefined) out.minDeltaMs = options.minDeltaMs;
  if (options.minErrorRateDelta !== undefined) out.minErrorRateDelta = options.minErrorRateDelta;
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The whole-run latency histogram of a results row (values in µs); empty for a
 * row without requests (perflab writes `""` for those).
 * @param file, where name the document and the row's path in messages
 * @throws PerflabError `PERFLAB_ERR_RESULTS_INPUT` when the encoding is invalid or its count differs from `requests`
 */
export function decodeRowHistogram(stats: StatsWithHistogram, file: string, where: string): LatencyHistogram {
  const label = `results ${file}: ${where} (${[stats.method, stats.name].filter(Boolean).join(' ')})`;
  let histogram: LatencyHistogram;
  try {
    histogram =
      stats.histogram.encoded === '' ? createLatencyHistogram() : decodeHistogram(stats.histogram.encoded);
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_RESULTS_INPUT',
      `${label}: histogram.encoded is not an encoded HdrHistogram`,
      undefined,
      { cause: error },
    );
  }
  if (histogram.totalCount !== stats.requests) {
    throw new PerflabError(
      'PERFLAB_ERR_RESULTS_INPUT',
      `${label}: the histogram holds ${histogram.totalCount} values but requests is ${stats.requests}`,
    );
  }
  return histogram;
}

function side(stats: StatsWithHistogram, file: string, where: string): Side {
  const histogram = decodeRowHistogram(stats, file, where);
  return { stats, histogram, values: recordedValues(histogram) };
}

function sides(doc: ResultsDocument, file: string): Map<string, Side> {
  const map = new Map<string, Side>();
  doc.stats.forEach((stats, i) =>
    map.set(JSON.stringify([stats.method, stats.name]), side(stats, file, `stats.${i}`)),
  );
  return map;
}

function runInfo(doc: ResultsDocument, file: string): CompareRunInfo {
  return {
    file,
    startedAt: doc.run.startedAt,
    host: doc.run.host,
    scenarioFile: doc.run.scenarioFile,
    elapsedMs: doc.run.elapsedMs,
    load: doc.run.scenarios.map((s) => `${s.name}: ${s.description}`),
  };
}

function runNotes(base: ResultsDocument, next: ResultsDocument, baseFile: string, newFile: string): string[] {
  const notes: string[] = [];
  const baseLoad = base.run.scenarios.map((s) => `${s.name}: ${s.description}`).join('; ');
  const newLoad = next.run.scenarios.map((s) => `${s.name}: ${s.description}`).join('; ');
  if (baseLoad !== newLoad) notes.push(`the runs had different loads (${baseLoad} vs ${newLoad})`);
  if (base.run.scenarioFile !== next.run.scenarioFile) {
    notes.push(
      `the runs used different scenario files (${base.run.scenarioFile} vs ${next.run.scenarioFile})`,
    );
  }
  for (const [doc, file] of [
    [base, baseFile],
    [next, newFile],
  ] as const) {
    if (doc.run.interrupted) notes.push(`${file} was interrupted (Ctrl-C) before its planned end`);
    if (doc.run.abortedByThreshold)
      notes.push(`${file} was aborted by threshold ${doc.run.abortedByThreshold}`);
  }
  return notes;
}

function metrics(s: Side): CompareMetrics {
  const { stats, histogram } = s;
  const at = (p: number) => (stats.requests === 0 ? 0 : histogram.getValueAtPercentile(p) / 1000);
  return {
    requests: stats.requests,
    failures: stats.failures,
    rps: stats.rps,
    errorRate: stats.requests === 0 ? 0 : stats.failures / stats.requests,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    meanMs: stats.meanMs,
  };
}

function deltas(base: CompareMetrics, next: CompareMetrics): CompareDeltas {
  const delta = (key: keyof CompareMetrics) => ({
    absolute: next[key] - base[key],
    relative: base[key] === 0 ? null : (next[key] - base[key]) / base[key],
  });
  return {
    requests: delta('requests'),
    failures: delta('failures'),
    rps: delta('rps'),
    errorRate: delta('errorRate'),
    p50Ms: delta('p50Ms'),
    p95Ms: delta('p95Ms'),
    p99Ms: delta('p99Ms'),
    meanMs: delta('meanMs'),
  };
}

/** The (1 − α) interval of the q-quantile, ms, from the histogram's order statistics. */
function interval(values: RecordedValue[], n: number, q: number, alpha: number): PercentileInterval {
  const ranks = quantileConfidenceRanks(n, q, alpha);
  const at = (rank: number) => {
    const value = rank >= 1 && rank <= n ? orderStatistic(values, rank) : undefined;
    return value === undefined ? null : value / 1000;
  };
  return { lowMs: at(ranks.lower), highMs: at(ranks.upper) };
}

function comparePercentile(
  percentile: number,
  b: Side,
  n: Side,
  baseMs: number,
  newMs: number,
  mw: MannWhitney | null,
  settings: RowSettings,
): PercentileComparison {
  const q = percentile / 100;
  const baseInterval = interval(b.values, b.stats.requests, q, settings.intervalAlpha);
  const newInterval = interval(n.values, n.stats.requests, q, settings.intervalAlpha);
  const deltaMs = newMs - baseMs;
  const beyond = (change: number) => change > settings.tolerance * baseMs && change > settings.minDeltaMs;
  const separatedUp =
    newInterval.lowMs !== null && baseInterval.highMs !== null && newInterval.lowMs > baseInterval.highMs;
  const separatedDown =
    newInterval.highMs !== null && baseInterval.lowMs !== null && newInterval.highMs < baseInterval.lowMs;
  // p50 also needs the Mann–Whitney test: the whole distribution shifted, not only its middle value.
  const shiftedUp = percentile !== 50 || (mw !== null && mw.pGreater < settings.testAlpha);
  const shiftedDown = percentile !== 50 || (mw !== null && mw.pLess < settings.testAlpha);
  const worse = beyond(deltaMs) && separatedUp && shiftedUp;
  const better = beyond(-deltaMs) && separatedDown && shiftedDown;
  return {
    percentile,
    baseMs,
    newMs,
    deltaMs,
    relative: baseMs === 0 ? null : deltaMs / baseMs,
    baseInterval,
    newInterval,
    change: worse ? 'worse' : better ? 'better' : 'same',
  };
}

function compareRow(
  b: Side | undefined,
  n: Side | undefined,
  settings: RowSettings,
  files: { baseFile: string; newFile: string },
): CompareRow {
  const { method, name } = (b ?? n)!.stats;
  const spectra = {
    base: b ? percentileSpectrum(b.histogram) : [],
    new: n ? percentileSpectrum(n.histogram) : [],
  };
  if (!b || !n) {
    return {
      method,
      name,
      verdict: b ? 'removed' : 'added',
      reasons: [b ? `only in ${files.baseFile}` : `only in ${files.newFile}`],
      base: b ? metrics(b) : null,
      new: n ? metrics(n) : null,
      pValue: null,
      spectra,
      deltas: null,
      percentiles: [],
      mannWhitney: null,
      errorRateTest: null,
      notes: [],
    };
  }
  const baseMetrics = metrics(b);
  const newMetrics = metrics(n);
  const mw = mannWhitneyU(b.values, n.values);
  const valueOf = (m: CompareMetrics, p: number) => (p === 50 ? m.p50Ms : p === 95 ? m.p95Ms : m.p99Ms);
  const percentiles =
    b.stats.requests > 0 && n.stats.requests > 0
      ? COMPARED_PERCENTILES.map((p) =>
          comparePercentile(p, b, n, valueOf(baseMetrics, p), valueOf(newMetrics, p), mw, settings),
        )
      : [];
  const errorRateTest = testErrorRate(baseMetrics, newMetrics, settings);
  const mannWhitney = mw && summariseMannWhitney(mw, baseMetrics.requests * newMetrics.requests);

  const worse: string[] = [];
  const better: string[] = [];
  const notes: string[] = [];
  const level = formatConfidence(settings.intervalAlpha);
  for (const pc of percentiles) {
    const change = `p${pc.percentile} ${fmtMs(pc.baseMs)} → ${fmtMs(pc.newMs)} ms (${signedMs(pc.deltaMs)}, ${signedRelative(pc.relative)})`;
    const intervals = `${level} confidence intervals ${fmtInterval(pc.baseInterval)} vs ${fmtInterval(pc.newInterval)} ms do not overlap`;
    const evidence =
      pc.percentile === 50
        ? `Mann–Whitney one-sided p = ${formatP(pc.deltaMs > 0 ? mw!.pGreater : mw!.pLess)}; ${intervals}`
        : intervals;
    if (pc.change === 'worse') worse.push(`${change}; ${evidence}`);
    else if (pc.change === 'better') better.push(`${change}; ${evidence}`);
    else {
      const missed = missedNote(pc, mw, settings, b.stats.requests, n.stats.requests);
      if (missed) notes.push(`${change}, not counted: ${missed}`);
    }
  }
  if (errorRateTest.change !== 'same') {
    const line =
      `error rate ${formatPercent(baseMetrics.errorRate, 2)} → ${formatPercent(newMetrics.errorRate, 2)} ` +
      `(${newMetrics.errorRate >= baseMetrics.errorRate ? '+' : '−'}${formatPoints(Math.abs(newMetrics.errorRate - baseMetrics.errorRate))}); ` +
      `Fisher exact one-sided p = ${formatP(errorRateTest.change === 'worse' ? errorRateTest.pWorse : errorRateTest.pBetter)}`;
    (errorRateTest.change === 'worse' ? worse : better).push(line);
  }
  if (worse.length > 0 && better.length > 0) notes.push(...better.map((line) => `also better: ${line}`));
  const verdict = worse.length > 0 ? 'regressed' : better.length > 0 ? 'improved' : 'unchanged';
  return {
    method,
    name,
    verdict,
    reasons: verdict === 'regressed' ? worse : verdict === 'improved' ? better : [],
    base: baseMetrics,
    new: newMetrics,
    pValue: mannWhitney
      ? mannWhitney.probabilitySlower >= 0.5
        ? mannWhitney.pSlower
        : mannWhitney.pFaster
      : null,
    spectra,
    deltas: deltas(baseMetrics, newMetrics),
    percentiles,
    mannWhitney,
    errorRateTest,
    notes,
  };
}

/** Why a percentile that moved beyond the tolerance and floor did not count (undefined when it did not move that much). */
function missedNote(
  pc: PercentileComparison,
  mw: MannWhitney | null,
  settings: RowSettings,
  baseRequests: number,
  newRequests: number,
): string | undefined {
  const up = pc.deltaMs > 0;
  const moved = Math.abs(pc.deltaMs);
  if (!(moved > settings.tolerance * pc.baseMs && moved > settings.minDeltaMs)) return undefined;
  const p = up ? mw!.pGreater : mw!.pLess;
  if (pc.percentile === 50 && !(p < settings.testAlpha)) {
    return `Mann–Whitney one-sided p = ${formatP(p)} ≥ α = ${formatP(settings.testAlpha)}`;
  }
  const unbounded =
    (up ? pc.newInterval.lowMs === null || pc.baseInterval.highMs === null : false) ||
    (!up ? pc.newInterval.highMs === null || pc.baseInterval.lowMs === null : false);
  if (unbounded) {
    return `too few requests (${baseRequests} and ${newRequests}) to bound p${pc.percentile} at ${formatConfidence(settings.intervalAlpha)} confidence`;
  }
  return `the ${formatConfidence(settings.intervalAlpha)} confidence intervals ${fmtInterval(pc.baseInterval)} and ${fmtInterval(pc.newInterval)} ms overlap`;
}

function summariseMannWhitney(mw: MannWhitney, pairs: number): MannWhitneyResult {
  const probabilitySlower = mw.uY / pairs;
  const slower = probabilitySlower >= 0.5;
  return {
    u: mw.uY,
    z: slower ? mw.zGreater : mw.zLess,
    pSlower: mw.pGreater,
    pFaster: mw.pLess,
    probabilitySlower,
  };
}

function testErrorRate(base: CompareMetrics, next: CompareMetrics, settings: RowSettings): ErrorRateTest {
  const { pGreater, pLess } = fisherExact(base.failures, base.requests, next.failures, next.requests);
  const delta = next.errorRate - base.errorRate;
  const beyond = (change: number) =>
    change > settings.tolerance * base.errorRate && change > settings.minErrorRateDelta;
  const change =
    beyond(delta) && pGreater < settings.testAlpha
      ? 'worse'
      : beyond(-delta) && pLess < settings.testAlpha
        ? 'better'
        : 'same';
  return { pWorse: pGreater, pBetter: pLess, change };
}

/** Milliseconds for people: 3 significant digits below 100, integers above. */
function fmtMs(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 1) return value.toFixed(2);
  if (Math.abs(value) < 100) return value.toPrecision(3);
  return Math.round(value).toString();
}

function signedMs(value: number): string {
  return `${value >= 0 ? '+' : '−'}${fmtMs(Math.abs(value))} ms`;
}

function signedRelative(value: number | null): string {
  if (value === null) return 'n/a';
  return `${value >= 0 ? '+' : '−'}${formatPercent(Math.abs(value))}`;
}

function fmtInterval(i: PercentileInterval): string {
  return `[${i.lowMs === null ? '−∞' : fmtMs(i.lowMs)}, ${i.highMs === null ? '∞' : fmtMs(i.highMs)}]`;
}

/** A fraction as a percentage: `0.1` → `10%`, `0.995` → `99.5%`. */
export function formatPercent(fraction: number, digits?: number): string {
  const value = fraction * 100;
  return `${digits === undefined ? Number(value.toPrecision(3)).toString() : value.toFixed(digits)}%`;
}

/**
 * The 1 − confidence γ of two intervals whose non-overlap is a one-sided test at
 * level `alpha`: intervals of ± z/√2 standard errors, z = Φ⁻¹(1 − α), do not
 * overlap exactly when the difference exceeds z standard errors of the
 * difference (equal standard errors; K. Goldstein & M. J. R. Healy (1995), "The
 * graphical presentation of a collection of means", J. R. Statist. Soc. A 158(1)).
 * γ = 2 (1 − Φ(z / √2)); e.g. α = 0.01/32 → γ ≈ 0.0155 (98.45 % intervals).
 */
export function nonOverlapIntervalAlpha(alpha: number): number {
  return 2 * normalSurvival(inverseNormalSurvival(alpha) / Math.SQRT2);
}

/** z with 1 − Φ(z) = p, 0 < p < 1 (bisection on {@link normalSurvival}, to double precision). */
export function inverseNormalSurvival(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-14; i++) {
    const mid = (lo + hi) / 2;
    if (normalSurvival(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A confidence level 1 − α as a percentage with the digits α needs: `99%`, `99.969%`. */
function formatConfidence(alpha: number): string {
  const digits = Math.max(0, Math.ceil(-Math.log10(alpha)) - 1);
  return `${Number((100 * (1 - alpha)).toFixed(digits))}%`;
}

function formatPoints(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))} percentage points`;
}

/** A p-value for people: `0.034`, `2.1e-9`, `< 1e-300`. */
export function formatP(p: number): string {
  if (p === 0) return '< 1e-300';
  if (p >= 0.001) return Number(p.toPrecision(2)).toString();
  return p.toExponential(1);
}
