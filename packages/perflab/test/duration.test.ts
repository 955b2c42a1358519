import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/duration.ts';
import { PerflabError } from '../src/errors.ts';

describe('parseDuration', () => {
  it.each([
    [1500, 1500],
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['30', 30_000],
  ])('%s → %d ms', (input, ms) => {
    expect(parseDuration(input, 'test')).toBe(ms);
  });

  it.each(['', 'fast', '10x', '-5s', '5 s', '1m-'])('rejects %j naming where', (input) => {
    expect(() => parseDuration(input, '--duration')).toThrowError(PerflabError);
    expect(() => parseDuration(input, '--duration')).toThrowError(/--duration: .* is not a duration/);
  });

  it('rejects negative numbers', () => {
    expect(() => parseDuration(-1, 'x')).toThrowError(/not a duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [800, '800ms'],
    [2500, '2.5s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
