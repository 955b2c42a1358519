import { describe, expect, it } from 'vitest';
import { parseThresholds, type Threshold } from '../../src/thresholds/index.ts';

function parseOk(definition: unknown): Threshold[] {
  const result = parseThresholds(definition);
  if (!result.ok) throw new Error(`unexpected problems:\n${result.problems.join('\n')}`);
  return result.thresholds;
}

function problemsOf(definition: unknown): string[] {
  const result = parseThresholds(definition);
  if (result.ok) throw new Error('expected problems, got thresholds');
  return result.problems;
}

describe('parseThresholds: expressions', () => {
  it('parses a full threshold with every field', () => {
    expect(parseOk({ http_req_duration: ['p(95)<200'] })).toEqual([
      {
        key: 'http_req_duration',
        metric: 'http_req_duration',
        kind: 'trend',
        filter: {},
        source: 'p(95)<200',
        aggregation: { method: 'p', percentile: 95 },
        operator: '<',
        value: 200,
        abortOnFail: false,
        delayAbortEvalMs: 0,
      },
    ]);
  });

  it.each([
    ['http_req_duration', 'p(95)<200', { method: 'p', percentile: 95 }, '<', 200, 'trend'],
    ['http_req_duration', 'avg<=100', { method: 'avg' }, '<=', 100, 'trend'],
    ['http_req_waiting', 'med<50', { method: 'med' }, '<', 50, 'trend'],
    ['http_req_blocked', 'min>1', { method: 'min' }, '>', 1, 'trend'],
    ['iteration_duration', 'max<1000', { method: 'max' }, '<', 1000, 'trend'],
    ['http_req_service_time', 'p(99.9)<500', { method: 'p', percentile: 99.9 }, '<', 500, 'trend'],
    ['http_req_connecting', 'count<10', { method: 'count' }, '<', 10, 'trend'],
    ['http_req_failed', 'rate<0.01', { method: 'rate' }, '<', 0.01, 'rate'],
    ['checks', 'rate>0.99', { method: 'rate' }, '>', 0.99, 'rate'],
    ['http_reqs', 'count<10', { method: 'count' }, '<', 10, 'counter'],
    ['iterations', 'rate>=5', { method: 'rate' }, '>=', 5, 'counter'],
    ['dropped_iterations', 'count==0', { method: 'count' }, '==', 0, 'counter'],
    ['http_req_tls_handshaking', 'p(0)>=0', { method: 'p', percentile: 0 }, '>=', 0, 'trend'],
    ['http_req_sending', 'p(100)<5', { method: 'p', percentile: 100 }, '<', 5, 'trend'],
    ['http_req_receiving', 'avg<1e3', { method: 'avg' }, '<', 1000, 'trend'],
  ])('%s: %s', (metric, source, aggregation, operator, value, kind) => {
    const [threshold] = parseOk({ [metric]: [source] });
    expect(threshold).toMatchObject({ metric, kind, source, aggregation, operator, value });
  });

  it('accepts every k6 operator', () => {
    const sources = ['avg<1', 'avg<=2', 'avg>3', 'avg>=4', 'avg==5', 'avg===6', 'avg!=7'];
    const parsed = parseOk({ http_req_duration: sources });
    expect(parsed.map((t) => [t.operator, t.value])).toEqual([
      ['<', 1],
      ['<=', 2],
      ['>', 3],
      ['>=', 4],
      ['==', 5],
      ['===', 6],
      ['!=', 7],
    ]);
  });

  it('tolerates whitespace around the operator and at the ends, keeping the source as written', () => {
    const sources = [' p(95) < 200 ', 'avg  <=  100', '\tmed<50\n', 'rate >= 0.5'];
    const parsed = parseOk({ http_req_duration: sources.slice(0, 3), checks: sources.slice(3) });
    expect(parsed.map((t) => [t.source, t.aggregation, t.operator, t.value])).toEqual([
      [' p(95) < 200 ', { method: 'p', percentile: 95 }, '<', 200],
      ['avg  <=  100', { method: 'avg' }, '<=', 100],
      ['\tmed<50\n', { method: 'med' }, '<', 50],
      ['rate >= 0.5', { method: 'rate' }, '>=', 0.5],
    ]);
  });

  it('rejects whitespace inside a percentile token, as k6 does', () => {
    expect(problemsOf({ http_req_duration: ['p( 95 )<200'] })).toEqual([
      'thresholds["http_req_duration"][0]: "p( 95 )<200" is not a threshold expression: percentile " 95 " is not a number',
    ]);
  });

  it('reads the object form with abortOnFail and delayAbortEval in ms or as a duration string', () => {
    const parsed = parseOk({
      http_req_duration: [
        { threshold: 'p(99)<1000', abortOnFail: true, delayAbortEval: '10s' },
        { threshold: 'avg<300', abortOnFail: true, delayAbortEval: 2500 },
        { threshold: 'max<5000', delayAbortEval: '1m30s' },
        { threshold: 'min<5' },
        'med<100',
      ],
    });
    expect(parsed.map((t) => [t.source, t.abortOnFail, t.delayAbortEvalMs])).toEqual([
      ['p(99)<1000', true, 10_000],
      ['avg<300', true, 2500],
      ['max<5000', false, 90_000],
      ['min<5', false, 0],
      ['med<100', false, 0],
    ]);
  });

  it('gives no thresholds for an empty definition or an empty array', () => {
    expect(parseOk({})).toEqual([]);
    expect(parseOk({ http_req_duration: [] })).toEqual([]);
  });

  it('keeps definition order: keys, then expressions', () => {
    const parsed = parseOk({ checks: ['rate>0.9'], http_req_duration: ['p(90)<1', 'p(99)<2'] });
    expect(parsed.map((t) => `${t.key} ${t.source}`)).toEqual([
      'checks rate>0.9',
      'http_req_duration p(90)<1',
      'http_req_duration p(99)<2',
    ]);
  });
});

describe('parseThresholds: tag filters', () => {
  it.each([
    ['http_req_duration{name:/patient/[id]}', 'http_req_duration', { name: '/patient/[id]' }],
    ['http_req_failed{scenario:browse,method:GET}', 'http_req_failed', { scenario: 'browse', method: 'GET' }],
    ['checks{check:status is 200}', 'checks', { check: 'status is 200' }],
    ['http_reqs{status:404}', 'http_reqs', { status: '404' }],
    // Trimmed of whitespace and quotes, as k6's AddSubmetric.
    ['http_req_duration{ name : "/a" , method:\'GET\' }', 'http_req_duration', { name: '/a', method: 'GET' }],
    // Split at the first colon: values may contain colons.
    ['http_req_duration{url:http://host:8080/x}', 'http_req_duration', { url: 'http://host:8080/x' }],
  ])('%s', (key, metric, filter) => {
    // `rate` applies to rates and counters; the trends here take a percentile.
    const source = metric === 'http_req_duration' ? 'p(95)<1' : 'rate>=0';
    const [threshold] = parseOk({ [key]: [source] });
    expect(threshold).toMatchObject({ key, metric, filter });
  });

  it.each([
    ['http_req_duration{name:/a', 'unmatched "{" or "}" in the tag filter'],
    ['http_req_duration}', 'unmatched "{" or "}" in the tag filter'],
    ['http_req_duration{name:/a}x', 'the tag filter must end the key: metric{key:value,...}'],
    ['http_req_duration{}', 'the tag filter is empty'],
    ['http_req_duration{name}', 'tag filter "name" is not key:value'],
    ['http_req_duration{name:}', 'tag filter "name:" needs a non-empty key and value'],
    ['http_req_duration{:x}', 'tag filter ":x" needs a non-empty key and value'],
    ['http_req_duration{name:/a,}', 'tag filter "" is not key:value'],
    ['http_req_duration{name:/a,name:/b}', 'tag "name" is filtered twice'],
  ])('rejects %s', (key, problem) => {
    expect(problemsOf({ [key]: ['avg<1'] })).toEqual([`thresholds[${JSON.stringify(key)}]: ${problem}`]);
  });
});

describe('parseThresholds: problems', () => {
  it('reports every problem of a definition at once, each naming the key and the expression', () => {
    const problems = problemsOf({
      http_req_duration: ['p(95)<200', 'p(95)<', 'p(101)<5', 'rate<0.1'],
      http_req_durations: ['avg<100'],
      'checks{check}': ['rate>0.9', 'avg>1'],
      http_req_failed: 'rate<0.01',
      http_reqs: [42, { threshold: 'count<10', abortOnFial: true }, { abortOnFail: true }],
      iterations: [{ threshold: 'count>1', abortOnFail: 'yes', delayAbortEval: -5 }],
      dropped_iterations: [
        { threshold: 'count<1', delayAbortEval: '-10s' },
        { threshold: 'count<1', delayAbortEval: 'soon' },
      ],
    });
    expect(problems).toEqual([
      'thresholds["http_req_duration"][1]: "p(95)<" is not a threshold expression: no number after "<"',
      'thresholds["http_req_duration"][2]: "p(101)<5" is not a threshold expression: percentile 101 is outside 0..100',
      'thresholds["http_req_duration"][3]: "rate<0.1": rate does not apply to http_req_duration, a trend metric (use avg, min, med, max, p(N), count)',
      'thresholds["http_req_durations"]: unknown metric "http_req_durations" (known: http_req_duration, http_req_blocked, http_req_connecting, http_req_tls_handshaking, http_req_sending, http_req_waiting, http_req_receiving, http_req_service_time, iteration_duration, http_req_failed, checks, http_reqs, iterations, dropped_iterations)',
      'thresholds["checks{check}"]: tag filter "check" is not key:value',
      'thresholds["checks{check}"][1]: "avg>1": avg does not apply to checks, a rate metric (use rate)',
      'thresholds["http_req_failed"]: expected an array of threshold expressions, got string "rate<0.01"',
      'thresholds["http_reqs"][0]: expected an expression string or { threshold, abortOnFail?, delayAbortEval? }, got number 42',
      'thresholds["http_reqs"][1]: unknown option "abortOnFial" (use threshold, abortOnFail, delayAbortEval)',
      'thresholds["http_reqs"][2].threshold: expected an expression string, got nothing',
      'thresholds["iterations"][0].abortOnFail: expected true or false, got string "yes"',
      'thresholds["iterations"][0].delayAbortEval: -5 is negative; the delay must be ≥ 0',
      'thresholds["dropped_iterations"][0].delayAbortEval: "-10s" is negative; the delay must be ≥ 0',
      'thresholds["dropped_iterations"][1].delayAbortEval: "soon" is not a duration',
    ]);
  });

  it.each([
    ['avg', 'no operator (use <, <=, >, >=, ==, === or !=)'],
    ['<200', 'no aggregation before "<"'],
    ['p95<200', 'unknown aggregation "p95" (use avg, min, med, max, p(N), count or rate)'],
    ['value<200', 'unknown aggregation "value" (use avg, min, med, max, p(N), count or rate)'],
    ['p(x)<200', 'percentile "x" is not a number'],
    ['p(-1)<200', 'percentile -1 is outside 0..100'],
    ['p(95)<200ms', '"200ms" after "<" is not a number'],
    ['avg<>5', '">5" after "<" is not a number'],
    ['avg<NaN', '"NaN" after "<" is not a number'],
    ['avg<Infinity', '"Infinity" after "<" is not a number'],
    ['', 'no operator (use <, <=, >, >=, ==, === or !=)'],
  ])('rejects the expression %j', (source, problem) => {
    expect(problemsOf({ http_req_duration: [source] })).toEqual([
      `thresholds["http_req_duration"][0]: ${JSON.stringify(source)} is not a threshold expression: ${problem}`,
    ]);
  });

  it.each([
    ['http_req_failed', 'avg<0.1', 'avg does not apply to http_req_failed, a rate metric (use rate)'],
    ['checks', 'count>10', 'count does not apply to checks, a rate metric (use rate)'],
    ['http_reqs', 'p(95)<10', 'p(95) does not apply to http_reqs, a counter metric (use count, rate)'],
    ['iterations', 'avg<10', 'avg does not apply to iterations, a counter metric (use count, rate)'],
    [
      'iteration_duration',
      'rate<1',
      'rate does not apply to iteration_duration, a trend metric (use avg, min, med, max, p(N), count)',
    ],
  ])('rejects an aggregation the kind lacks: %s %s', (metric, source, problem) => {
    expect(problemsOf({ [metric]: [source] })).toEqual([
      `thresholds[${JSON.stringify(metric)}][0]: ${JSON.stringify(source)}: ${problem}`,
    ]);
  });

  it('rejects a definition that is not an object', () => {
    for (const definition of [null, [], 'p(95)<200', 3]) {
      expect(problemsOf(definition)).toEqual([
        'thresholds: expected an object of metric → array of expressions',
      ]);
    }
  });

  it('still checks the expressions of an unknown metric', () => {
    expect(problemsOf({ 'latency{name:/x}': ['p(95)<'] })).toEqual([
      expect.stringMatching(/^thresholds\["latency\{name:\/x\}"\]: unknown metric "latency" \(known: /),
      'thresholds["latency{name:/x}"][0]: "p(95)<" is not a threshold expression: no number after "<"',
    ]);
  });
});
