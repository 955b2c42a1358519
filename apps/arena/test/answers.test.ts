/** Answer checking and the reward arithmetic (pure functions). */
import { describe, expect, it } from 'vitest';
import { acceptedAnswer, isCorrect, normalise, parseNumber } from '../src/domain/answers.ts';
import { renderStatement } from '../src/domain/markdown.ts';
import { multiplierFor, rewardFor } from '../src/domain/rules.ts';

const rules = (list: unknown[]) => list.map((a) => acceptedAnswer.parse(a));

describe('answers', () => {
  it('exact answers match after normalisation (NFKC, spacing, case)', () => {
    const accepted = rules([{ kind: 'exact', value: 'Ada  Lovelace' }]);
    expect(isCorrect('  ada lovelace ', accepted)).toBe(true);
    expect(isCorrect('ADA\tLOVELACE', accepted)).toBe(true);
    expect(isCorrect('ａｄａ lovelace', accepted)).toBe(true); // full-width letters (NFKC)
    expect(isCorrect('ada lovelac', accepted)).toBe(false);
    expect(normalise(' A  B ')).toBe('a b');
  });

  it('numeric answers match within the tolerance, with a comma or a dot', () => {
    const accepted = rules([{ kind: 'numeric', value: 3.14159, tolerance: 0.001 }]);
    expect(isCorrect('3.1415', accepted)).toBe(true);
    expect(isCorrect('3,142', accepted)).toBe(true);
    expect(isCorrect('3.15', accepted)).toBe(false);
    expect(isCorrect('pi', accepted)).toBe(false);
    expect(parseNumber('-2e3')).toBe(-2000);
    expect(parseNumber('1,000.5')).toBeUndefined();
  });

  it('regex answers must match the whole answer', () => {
    const accepted = rules([{ kind: 'regex', pattern: 'colou?r', caseInsensitive: true }]);
    expect(isCorrect('Color', accepted)).toBe(true);
    expect(isCorrect('colour', accepted)).toBe(true);
    expect(isCorrect('colors', accepted)).toBe(false);
    expect(acceptedAnswer.safeParse({ kind: 'regex', pattern: '(' }).success).toBe(false);
  });

  it('any accepted answer of several counts', () => {
    const accepted = rules([
      { kind: 'exact', value: 'four' },
      { kind: 'numeric', value: 4 },
    ]);
    expect(isCorrect('4', accepted)).toBe(true);
    expect(isCorrect('Four', accepted)).toBe(true);
    expect(isCorrect('5', accepted)).toBe(false);
  });
});

describe('rules', () => {
  it('picks the multiplier by attempt, the card list over the competition list, the last one after the end', () => {
    expect([1, 2, 3, 4].map((a) => multiplierFor(a, [2, 1.5, 1.2]))).toEqual([2, 1.5, 1.2, 1.2]);
    expect(multiplierFor(1, [2], [3, 1])).toBe(3);
    expect(multiplierFor(1, [2], [])).toBe(2);
    expect(() => multiplierFor(0, [1])).toThrow(RangeError);
    expect(rewardFor(75, 1.5)).toBe(113);
  });
});

describe('statements', () => {
  it('render Markdown without raw HTML or script links', () => {
    const html = renderStatement('**bold** <script>alert(1)</script> [x](javascript:alert(1))');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript:');
  });
});
