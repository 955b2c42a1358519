import { describe, expect, it } from 'vitest';
import { compareResults, inverseNormalSurvival, nonOverlapIntervalAlpha } from '../../src/compare/compare.ts';
import type { CompareRow } from '../../src/compare/types.ts';
import { PerflabError } from '../../src/errors.ts';
import { lognormalUs, rng, syntheticRun } from './support.ts';

const row = (rows: CompareRow[], method: string, name: string) => {
  const found = rows.find((r) => r.method === method && r.name === name);
  if (!found) throw new Error(`no row ${method} ${name}`);
  return found;
};

describe('compareResults', () => {
  it('judges two samples of the same distributions unchanged, with figures and spectra per row', () => {
    const a = rng(1);
    const b = rng(2);
    const base = syntheticRun([
      { method: 'GET', name: '/a', latenciesUs: lognormalUs(a, 3000, 4) },
      { method: 'GET', name: '/b', latenciesUs: lognormalUs(a, 800, 10) },
    ]);
    const next = syntheticRun([
      { method: 'GET', name: '/a', latenciesUs: lognormalUs(b, 3000, 4) },
      { method: 'GET', name: '/b', latenciesUs: lognormalUs(b, 800, 10) },
    ]);
    const report = compareResults(base, next, { baseFile: 'a.json', newFile: 'b.json' });
    expect(report).toMatchObject({ format: 'perflab-compare', version: 1, tolerance: 0.1, regressed: false });
    expect(report.base.file).toBe('a.json');
    expect(report.rows.map((r) => [r.method, r.name, r.verdict])).toEqual([
      ['GET', '/a', 'unchanged'],
      ['GET', '/b', 'unchanged'],
    ]);
    expect(report.aggregated.verdict).toBe('unchanged');
    const rowA = row(report.rows, 'GET', '/a');
    expect(rowA.base!.requests).toBe(3000);
    expect(rowA.base!.rps).toBeCloseTo(300, 9);
    // Percentiles from the decoded histogram equal the document's own.
    expect(rowA.base!.p95Ms).toBe(base.stats[0]!.percentiles['95']);
    expect(rowA.base!.p50Ms).toBeGreaterThan(3.6);
    expect(rowA.base!.p50Ms).toBeLessThan(4.4);
    expect(rowA.pValue).toBeGreaterThan(0.01);
    expect(rowA.spectra.base.length).toBeGreaterThan(20);
    expect(rowA.spectra.base.at(-1)!.percentile).toBe(100);
    expect(rowA.percentiles.map((p) => p.percentile)).toEqual([50, 95, 99]);
    for (const p of rowA.percentiles) {
      expect(p.baseInterval.lowMs!).toBeLessThanOrEqual(p.baseMs);
      expect(p.baseInterval.highMs!).toBeGreaterThanOrEqual(p.baseMs);
    }
    expect(rowA.deltas!.requests.absolute).toBe(0);
  });

  it('flags a 20 ms shift on one row as regressed, with the reasons, and counts the aggregated row', () => {
    const a = rng(3);
    const b = rng(4);
    const base = syntheticRun([
      { method: 'GET', name: '/fast', latenciesUs: lognormalUs(a, 2000, 2) },
      { method: 'GET', name: '/patient', latenciesUs: lognormalUs(a, 600, 3) },
    ]);
    const next = syntheticRun([
      { method: 'GET', name: '/fast', latenciesUs: lognormalUs(b, 2000, 2) },
      { method: 'GET', name: '/patient', latenciesUs: lognormalUs(b, 600, 3, 0.4, 20) },
    ]);
    const report = compareResults(base, next);
    expect(report.regressed).toBe(true);
    expect(row(report.rows, 'GET', '/fast').verdict).toBe('unchanged');
    const patient = row(report.rows, 'GET', '/patient');
    expect(patient.verdict).toBe('regressed');
    expect(patient.pValue!).toBeLessThan(1e-50);
    expect(patient.mannWhitney!.probabilitySlower).toBeGreaterThan(0.99);
    expect(patient.deltas!.p50Ms.absolute).toBeGreaterThan(19);
    expect(patient.reasons[0]).toMatch(/^p50 \S+ → \S+ ms \(\+\S+ ms, \+\S+%\); Mann–Whitney one-sided p = /);
    expect(patient.reasons.some((r) => /^p95 .*confidence intervals .* do not overlap$/.test(r))).toBe(true);
    // 600 of 2600 requests got 20 ms slower: the aggregate's p95 moves and it counts.
    expect(report.aggregated.verdict).toBe('regressed');
  });

  it('does not call a 0.2 → 0.3 ms change a regression, however significant', () => {
    const a = rng(5);
    const b = rng(6);
    const base = syntheticRun([{ method: 'GET', name: '/x', latenciesUs: lognormalUs(a, 20000, 0.2, 0.2) }]);
    const next = syntheticRun([{ method: 'GET', name: '/x', latenciesUs: lognormalUs(b, 20000, 0.3, 0.2) }]);
    const report = compareResults(base, next);
    const x = row(report.rows, 'GET', '/x');
    expect(x.mannWhitney!.pSlower).toBeLessThan(1e-100);
    expect(x.verdict).toBe('unchanged');
    expect(report.regressed).toBe(false);
    // With no floor the same data is a regression: the floor is what decides.
    expect(compareResults(base, next, { minDeltaMs: 0 }).regressed).toBe(true);
  });

  it('counts p50 only when its intervals separate too, not on Mann–Whitney alone', () => {
    // 30 requests spread over a factor of 4 (10 → 41 ms), then the same × 1.5 and × 2.2.
    const base = Array.from({ length: 30 }, (_, i) => Math.round(10_000 * 1.05 ** i));
    const runOf = (factor: number) =>
      syntheticRun([{ method: 'GET', name: '/m', latenciesUs: base.map((v) => Math.round(v * factor)) }]);
    const half = compareResults(runOf(1), runOf(1.5));
    const m = half.rows[0]!;
    expect(m.mannWhitney!.pSlower).toBeLessThan(half.testAlpha); // the distribution did shift
    expect(m.verdict).toBe('unchanged'); // but 30 requests cannot place the median well enough
    expect(m.notes[0]).toMatch(
      /^p50 19\.8 → 29\.7 ms .*not counted: the 96\.7% confidence intervals .* overlap$/,
    );
    const doubled = compareResults(runOf(1), runOf(2.2)).rows[0]!;
    expect(doubled.verdict).toBe('regressed');
    expect(doubled.reasons[0]).toMatch(
      /^p50 19\.8 → 43\.6 ms .*Mann–Whitney one-sided p = .*; 96\.7% confidence intervals/,
    );
  });

  it('sizes the intervals so that their non-overlap is a test at the corrected α (Goldstein & Healy)', () => {
    // SciPy: z = stats.norm.isf(0.01/32); 2 * stats.norm.sf(z / math.sqrt(2))
    expect(inverseNormalSurvival(0.01 / 32)).toBeCloseTo(3.4205267011318723, 12);
    expect(nonOverlapIntervalAlpha(0.01 / 32)).toBeCloseTo(0.01557703832060245, 14);
    expect(inverseNormalSurvival(0.025)).toBeCloseTo(1.959963984540054, 12);
    const report = compareResults(
      syntheticRun([{ method: 'GET', name: '/', latenciesUs: [1000, 2000] }]),
      syntheticRun([{ method: 'GET', name: '/', latenciesUs: [1000, 2000] }]),
    );
    expect(report.testAlpha).toBe(0.01 / 8);
    expect(report.intervalConfidence).toBeCloseTo(1 - nonOverlapIntervalAlpha(0.01 / 8), 15);
  });

  it('judges p99 only with enough requests in the tail', () => {
    // The slowest 2 % get 10 ms slower; the body is the same.
    const tailSlower = (random: () => number, n: number) =>
      lognormalUs(random, n, 3, 0.3).map((v, i) => (i % 50 === 0 ? v + 10_000 + (v % 997) : v));
    const tailSame = (random: () => number, n: number) =>
      lognormalUs(random, n, 3, 0.3).map((v, i) => (i % 50 === 0 ? v + 2_000 + (v % 997) : v));
    const many = compareResults(
      syntheticRun([{ method: 'GET', name: '/t', latenciesUs: tailSame(rng(7), 20000) }]),
      syntheticRun([{ method: 'GET', name: '/t', latenciesUs: tailSlower(rng(8), 20000) }]),
    );
    const t = row(many.rows, 'GET', '/t');
    expect(t.verdict).toBe('regressed');
    expect(t.percentiles.find((p) => p.percentile === 99)!.change).toBe('worse');
    expect(t.percentiles.find((p) => p.percentile === 50)!.change).toBe('same');

    const few = compareResults(
      syntheticRun([{ method: 'GET', name: '/t', latenciesUs: tailSame(rng(7), 300) }]),
      syntheticRun([{ method: 'GET', name: '/t', latenciesUs: tailSlower(rng(8), 300) }]),
    );
    const small = row(few.rows, 'GET', '/t');
    const p99 = small.percentiles.find((p) => p.percentile === 99)!;
    expect(p99.deltaMs).toBeGreaterThan(3);
    expect(p99.newInterval.highMs).toBeNull(); // 300 requests cannot bound p99 at 99 %
    expect(p99.change).toBe('same');
    expect(small.notes.join('\n')).toMatch(
      /p99 .* not counted: too few requests \(300 and 300\) to bound p99/,
    );
  });

  it('judges the error rate with Fisher’s exact test plus the floor', () => {
    const latencies = (seed: number) => lognormalUs(rng(seed), 2000, 5);
    const base = syntheticRun([{ method: 'POST', name: '/p', latenciesUs: latencies(9), failures: 0 }]);
    const worse = syntheticRun([{ method: 'POST', name: '/p', latenciesUs: latencies(9), failures: 100 }]);
    const one = syntheticRun([{ method: 'POST', name: '/p', latenciesUs: latencies(9), failures: 1 }]);
    const regressed = row(compareResults(base, worse).rows, 'POST', '/p');
    expect(regressed.verdict).toBe('regressed');
    expect(regressed.errorRateTest!.pWorse).toBeLessThan(1e-20);
    expect(regressed.reasons).toEqual([
      expect.stringMatching(
        /^error rate 0\.00% → 5\.00% \(\+5 percentage points\); Fisher exact one-sided p = /,
      ),
    ]);
    // Identical latencies: only the error rate differs.
    expect(regressed.mannWhitney!.pSlower).toBeCloseTo(0.5, 1);
    expect(row(compareResults(base, one).rows, 'POST', '/p').verdict).toBe('unchanged');
    const improved = row(compareResults(worse, base).rows, 'POST', '/p');
    expect(improved.verdict).toBe('improved');
    expect(improved.reasons[0]).toMatch(/^error rate 5\.00% → 0\.00% \(−5 percentage points\)/);
  });

  it('judges improvements symmetrically', () => {
    const base = syntheticRun([{ method: 'GET', name: '/s', latenciesUs: lognormalUs(rng(10), 1500, 30) }]);
    const next = syntheticRun([{ method: 'GET', name: '/s', latenciesUs: lognormalUs(rng(11), 1500, 15) }]);
    const report = compareResults(base, next);
    const s = row(report.rows, 'GET', '/s');
    expect(s.verdict).toBe('improved');
    expect(s.pValue!).toBe(s.mannWhitney!.pFaster);
    expect(s.pValue!).toBeLessThan(1e-50);
    expect(report.regressed).toBe(false);
    expect(report.aggregated.verdict).toBe('improved');
  });

  it('reports rows of one run only as added or removed, never as regressions', () => {
    const base = syntheticRun([
      { method: 'GET', name: '/kept', latenciesUs: lognormalUs(rng(12), 500, 5) },
      { method: 'GET', name: '/old', latenciesUs: lognormalUs(rng(13), 500, 5) },
    ]);
    const next = syntheticRun([
      { method: 'GET', name: '/kept', latenciesUs: lognormalUs(rng(14), 500, 5) },
      { method: 'GET', name: '/new', latenciesUs: lognormalUs(rng(15), 500, 500) },
    ]);
    const report = compareResults(base, next, { baseFile: 'a.json', newFile: 'b.json' });
    expect(report.rows.map((r) => [r.name, r.verdict])).toEqual([
      ['/kept', 'unchanged'],
      ['/new', 'added'],
      ['/old', 'removed'],
    ]);
    const added = row(report.rows, 'GET', '/new');
    expect(added).toMatchObject({ base: null, pValue: null, reasons: ['only in b.json'], deltas: null });
    expect(added.spectra.base).toEqual([]);
    expect(added.spectra.new.length).toBeGreaterThan(0);
    expect(row(report.rows, 'GET', '/old')).toMatchObject({ new: null, reasons: ['only in a.json'] });
  });

  it('keeps the family-wise false-alarm rate of same-setup comparisons at α (Bonferroni over rows and tests)', () => {
    // 40 comparisons of two samples of the same 10 distributions, 60 requests each:
    // 400 row comparisons. At 1 % per test and direction without the correction,
    // about 2 % of them (8) would have shown a change; corrected, the chance that a
    // comparison shows anything is at most 2α = 2 %.
    const random = rng(17);
    const runOf = () =>
      syntheticRun(
        Array.from({ length: 10 }, (_, i) => ({
          method: 'GET',
          name: `/r${i}`,
          latenciesUs: lognormalUs(random, 60, 2 + i, 0.6),
        })),
      );
    let flagged = 0;
    let uncorrected = 0;
    for (let i = 0; i < 40; i++) {
      const report = compareResults(runOf(), runOf());
      expect(report.testAlpha).toBeCloseTo(0.01 / (4 * 11), 15);
      if ([...report.rows, report.aggregated].some((row) => row.verdict !== 'unchanged')) flagged++;
      uncorrected += report.rows.filter(
        (row) => row.pValue! < 0.01 && Math.abs(row.deltas!.p50Ms.absolute) > 1,
      ).length;
    }
    console.log(
      `same-setup comparisons: ${flagged} of 40 flagged; ${uncorrected} of 400 rows at 1 % uncorrected`,
    );
    // Seen: 0 of 40 flagged, 8 of 400 rows significant at an uncorrected 1 %.
    expect(flagged).toBeLessThanOrEqual(1);
    expect(uncorrected).toBeGreaterThanOrEqual(4);
  });

  it('notes runs with different loads', () => {
    const latencies = lognormalUs(rng(16), 100, 5);
    const report = compareResults(
      syntheticRun([{ method: 'GET', name: '/', latenciesUs: latencies }], 10_000, '10 users'),
      syntheticRun([{ method: 'GET', name: '/', latenciesUs: latencies }], 10_000, '50 users'),
    );
    expect(report.notes).toEqual(['the runs had different loads (default: 10 users vs default: 50 users)']);
  });

  it('rejects options out of range and a histogram that does not match its row', () => {
    const run = syntheticRun([{ method: 'GET', name: '/', latenciesUs: [1000, 2000] }]);
    expect(() => compareResults(run, run, { tolerance: -0.1 })).toThrow(PerflabError);
    expect(() => compareResults(run, run, { alpha: 0 })).toThrow(/alpha: 0 must be in \(0, 0\.5\]/);
    const broken = syntheticRun([{ method: 'GET', name: '/', latenciesUs: [1000, 2000] }]);
    broken.stats[0]!.requests = 3;
    expect(() => compareResults(run, broken, { newFile: 'b.json' })).toThrow(
      /results b\.json: stats\.0 \(GET \/\): the histogram holds 2 values but requests is 3/,
    );
    broken.stats[0]!.histogram.encoded = 'not a histogram';
    expect(() => compareResults(run, broken, { newFile: 'b.json' })).toThrow(
      /histogram\.encoded is not an encoded HdrHistogram/,
    );
  });
});
