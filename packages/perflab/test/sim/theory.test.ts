import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangC,
  meanValueAnalysis,
  mm1kBlocking,
  mm1MeanSojourn,
  mm1SojournQuantile,
  mmcMeanWait,
  tandemMeanSojourn,
} from '../../src/sim/theory.ts';

describe('queueing theory', () => {
  it('Erlang C matches published values', () => {
    // c = 2, a = 1.6: for c = 2, C = a²/(2 + a) = 2.56/3.6 = 0.7111.
    expect(erlangC(2, 1.6)).toBeCloseTo(0.7111, 4);
    // Against the direct sum C = (aᶜ/c!)·c/(c − a) / (Σ_{k<c} aᵏ/k! + (aᶜ/c!)·c/(c − a)).
    const direct = (c: number, a: number): number => {
      let sum = 0;
      let term = 1;
      for (let k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
      }
      const top = (term * c) / (c - a);
      return top / (sum + top);
    };
    for (const [c, a] of [
      [1, 0.5],
      [3, 2.4],
      [10, 8],
      [50, 45],
    ] as const)
      expect(erlangC(c, a)).toBeCloseTo(direct(c, a), 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12); // M/M/1: P(wait) = ρ
    // Erlang B, c = 10, a = 5: 0.01838 (standard Erlang B table).
    expect(erlangB(10, 5)).toBeCloseTo(0.01838, 5);
    expect(mmcMeanWait(1.6, 1, 2)).toBeCloseTo(0.7111 / 0.4, 3);
    expect(() => erlangC(2, 2)).toThrow(RangeError);
  });

  it('M/M/1, M/M/1/K and tandem formulas', () => {
    expect(mm1MeanSojourn(0.8, 1)).toBeCloseTo(5, 12);
    expect(mm1SojournQuantile(0.5, 0.8, 1)).toBeCloseTo(5 * Math.LN2, 12);
    expect(mm1kBlocking(0.8, 5)).toBeCloseTo((0.2 * 0.8 ** 5) / (1 - 0.8 ** 6), 12);
    expect(mm1kBlocking(1, 4)).toBe(0.2);
    expect(tandemMeanSojourn(0.7, [1, 1.25])).toBeCloseTo(1 / 0.3 + 1 / 0.55, 12);
    expect(() => mm1MeanSojourn(1, 1)).toThrow(RangeError);
  });

  it('MVA: hand-computed two-station example and the asymptotes', () => {
    const one = meanValueAnalysis([{ demand: 1 }, { demand: 0.5 }], 1);
    expect(one.throughput).toBeCloseTo(1 / 1.5, 12);
    const two = meanValueAnalysis([{ demand: 1 }, { demand: 0.5 }], 2);
    // R1 = 1·(1 + 2/3), R2 = 0.5·(1 + 1/3), X = 2/(R1 + R2) = 6/7.
    expect(two.residenceTimes[0]).toBeCloseTo(5 / 3, 12);
    expect(two.residenceTimes[1]).toBeCloseTo(2 / 3, 12);
    expect(two.throughput).toBeCloseTo(6 / 7, 12);
    // Large N: X → 1/D_max; delay stations never queue.
    const many = meanValueAnalysis([{ demand: 1 }, { demand: 0.5 }, { demand: 3, kind: 'delay' }], 200, 2);
    expect(many.throughput).toBeCloseTo(1, 6);
    expect(many.residenceTimes[2]).toBe(3);
    // Little's law: N = X·(Z + R).
    const mixed = meanValueAnalysis([{ demand: 0.2 }, { demand: 0.3 }], 5, 1);
    expect(mixed.throughput * (1 + mixed.responseTime)).toBeCloseTo(5, 12);
  });
});
