import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { decodeHistogram } from '../../src/metrics/histogram.ts';
import type { DashboardData, ReportData } from '../../src/report/dashboard-data.ts';
import { percentileSpectrum } from '../../src/report/distribution.ts';
import {
  dashboardHtmlPath,
  injectDashboardData,
  renderDashboardHtml,
  serializeForScript,
} from '../../src/report/html.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import { resultsDocumentProblems } from '../../src/report/results-file.ts';
import { syntheticResults } from './synthetic-results.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

/** Runs the CLI in this process, capturing its output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    write: (text) => (stdout += text),
    writeError: (text) => (stderr += text),
    isTTY: false,
    env: { ...process.env },
    onInterrupt: () => ({ signal: new AbortController().signal, dispose: () => undefined }),
  };
  const code = await main(['node', 'perflab', ...args], io);
  return { code, stdout, stderr };
}

/** The JSON a page carries, parsed back. */
function embeddedData(html: string): unknown {
  const match = /<script id="perflab-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no perflab-data element');
  return JSON.parse(match[1]!);
}

describe('buildReportData', () => {
  const results = syntheticResults({ names: 3, requestsPerName: 2000, seconds: 5 });

  it('decodes every row (and the aggregate) into its spectrum and bars, in the stats order', () => {
    const report = buildReportData(results);
    expect(report.distributions.map((d) => `${d.method} ${d.name}`)).toEqual([
      ...results.stats.map((s) => `${s.method} ${s.name}`),
      ' Aggregated',
    ]);
    for (const [i, row] of [...results.stats, results.aggregated].entries()) {
      const distribution = report.distributions[i]!;
      expect(distribution.spectrum).toEqual(percentileSpectrum(decodeHistogram(row.histogram.encoded)));
      expect(distribution.spectrum.at(-1)!.percentile).toBe(100);
      expect(distribution.spectrum.at(-1)!.totalCount).toBe(row.requests);
      // the spectrum's values are the row's percentiles (same histogram)
      const median = distribution.spectrum.find((p) => p.percentile >= 50)!;
      expect(median.valueMs).toBeCloseTo(row.percentiles['50']!, 6);
      expect(distribution.buckets).toHaveLength(40);
      expect(distribution.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(row.requests);
      expect(distribution.buckets[0]!.fromMs).toBeCloseTo(row.minMs, 1);
      expect(distribution.buckets.at(-1)!.toMs).toBeCloseTo(row.maxMs, 1);
    }
  });

  it('strips the encoded histograms from the embedded copy and leaves the input as it was', () => {
    const before = JSON.stringify(results);
    const report = buildReportData(results);
    expect(JSON.stringify(results)).toBe(before);
    expect([...report.results.stats, report.results.aggregated].map((s) => s.histogram.encoded)).toEqual(
      Array(4).fill(''),
    );
    const withoutHistograms = (doc: typeof results) =>
      JSON.stringify({
        ...doc,
        stats: doc.stats.map(({ histogram: _h, ...s }) => s),
        aggregated: { ...doc.aggregated, histogram: null },
      });
    expect(withoutHistograms(report.results)).toBe(withoutHistograms(results));
  });

  it('gives a row without a histogram (already stripped) an empty distribution', () => {
    const stripped = buildReportData(results).results;
    const again = buildReportData(stripped);
    expect(again.distributions.every((d) => d.spectrum.length === 0 && d.buckets.length === 0)).toBe(true);
  });

  it('names the row whose histogram is not an HdrHistogram encoding', () => {
    const broken = structuredClone(results);
    broken.stats[1]!.histogram.encoded = 'not base64!';
    expect(() => buildReportData(broken)).toThrow(/stats row "GET \/endpoint-01": histogram\.encoded is not/);
  });
});

describe('the page and its data', () => {
  const nasty = {
    kind: 'report',
    text: "</script><script>alert(1)</script><!-- \u2028\u2029 & > $& $' $` $1",
  };

  it('serialises data so no string can end the <script> element, and it parses back the same', () => {
    const json = serializeForScript(nasty);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(json)).toEqual(nasty);
  });

  it('injects data into the one perflab-data element, replacement patterns and all', () => {
    const template =
      '<html><head><script>var a="</scr"+"ipt>"</script></head><body>' +
      '<script id="perflab-data" type="application/json">null</script><p>after</p></body></html>';
    const html = injectDashboardData(template, nasty as unknown as DashboardData);
    expect(embeddedData(html)).toEqual(nasty);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the template's own, no more
    expect(html.endsWith('<p>after</p></body></html>')).toBe(true);
    expect(() => injectDashboardData('<html></html>', { kind: 'live' })).toThrow(/exactly one/);
    const twice = '<script id="perflab-data" type="application/json">null</script>'.repeat(2);
    expect(() => injectDashboardData(twice, { kind: 'live' })).toThrow(/exactly one/);
  });

  it('renders the built dashboard as one self-contained page carrying the data', async () => {
    expect(dashboardHtmlPath()).toMatch(/packages\/dashboard\/dist\/index\.html$/);
    const report = buildReportData(syntheticResults({ names: 2, requestsPerName: 300, seconds: 3 }));
    const html = await renderDashboardHtml({ kind: 'report', report });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(embeddedData(html)).toEqual(JSON.parse(JSON.stringify({ kind: 'report', report })));
    // nothing to fetch: no external scripts, stylesheets, fonts or images
    expect(html).not.toMatch(/<script[^>]+\bsrc=/);
    expect(html).not.toMatch(/<link[^>]+rel="(stylesheet|preload|modulepreload)"/);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
    expect(html).not.toMatch(/@import/);
  });
});

describe('resultsDocumentProblems', () => {
  const valid = syntheticResults({ names: 2, requestsPerName: 100, seconds: 2 });

  it('accepts a results document, extra fields included', () => {
    expect(resultsDocumentProblems(valid)).toEqual([]);
    expect(resultsDocumentProblems({ ...valid, extra: 1, run: { ...valid.run, more: true } })).toEqual([]);
    const { machine: _m, ...oldRun } = valid.run;
    expect(resultsDocumentProblems({ ...valid, run: oldRun })).toEqual([]);
  });

  it('says what is wrong, every problem at once', () => {
    expect(resultsDocumentProblems([1])).toEqual(['expected a JSON object, found an array']);
    expect(resultsDocumentProblems({ hello: 1 })).toEqual([
      '"format" is missing, expected "perflab-results"',
    ]);
    expect(resultsDocumentProblems({ ...valid, format: 'perflab-compare' })).toEqual([
      '"format" is "perflab-compare", expected "perflab-results"',
    ]);
    expect(resultsDocumentProblems({ ...valid, version: 2 })).toEqual([
      '"version" 2 is not supported (this perflab reads version 1)',
    ]);
    const broken = structuredClone(valid) as unknown as {
      stats: Array<Record<string, unknown>>;
      history?: unknown;
    };
    broken.stats[0]!.requests = 'many';
    delete broken.history;
    const problems = resultsDocumentProblems(broken);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^stats\.0\.requests: /);
    expect(problems[1]).toMatch(/^history: /);
  });
});

describe('perflab report RESULTS.json --html FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the report of a results document', async () => {
    const input = join(dir, 'results.json');
    const results = syntheticResults({ names: 3, requestsPerName: 500, seconds: 10 });
    await writeFile(input, JSON.stringify(results));
    const output = join(dir, 'nested', 'report.html');
    const { code, stdout, stderr } = await cli(['report', input, '--html', output]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^wrote ${output} \\(\\d+ KiB\\)\\n$`));
    const data = embeddedData(await readFile(output, 'utf8')) as { kind: string; report: ReportData };
    expect(data.kind).toBe('report');
    expect(data.report).toEqual(JSON.parse(JSON.stringify(buildReportData(results))));
  });

  it.each([
    ['a missing file', async () => join(dir, 'missing.json'), /: file not found$/],
    [
      'a file that is not JSON',
      async () => {
        const path = join(dir, 'not.json');
        await writeFile(path, '{"format": "perflab-results",');
        return path;
      },
      /: not JSON \(.+\)$/,
    ],
    [
      'JSON that is not a results document',
      async () => {
        const path = join(dir, 'other.json');
        await writeFile(path, JSON.stringify({ name: 'package' }));
        return path;
      },
      /: not a perflab results document: "format" is missing, expected "perflab-results"$/,
    ],
    [
      'a results document with a broken field',
      async () => {
        const path = join(dir, 'broken.json');
        const results = syntheticResults({ names: 1, requestsPerName: 10, seconds: 1 });
        await writeFile(
          path,
          JSON.stringify({ ...results, aggregated: { ...results.aggregated, maxMs: null } }),
        );
        return path;
      },
      /: not a perflab results document: aggregated\.maxMs: .+$/,
    ],
    [
      'a results document with a corrupt histogram',
      async () => {
        const path = join(dir, 'corrupt.json');
        const results = syntheticResults({ names: 1, requestsPerName: 10, seconds: 1 });
        results.stats[0]!.histogram.encoded = 'HISTFAAAAB';
        await writeFile(path, JSON.stringify(results));
        return path;
      },
      /: not a perflab results document: stats row "POST \/endpoint-00": histogram\.encoded is not an HdrHistogram encoding/,
    ],
  ])('rejects %s in one line naming the file (exit 2), writing nothing', async (_what, make, message) => {
    const input = await make();
    const output = join(dir, 'never.html');
    const { code, stdout, stderr } = await cli(['report', input, '--html', output]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [line, hint, ...rest] = stderr.trimEnd().split('\n');
    expect(line).toMatch(
      new RegExp(
        `^error PERFLAB_ERR_RESULTS_INPUT: results ${input.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`,
      ),
    );
    expect(line).toMatch(message);
    expect(hint).toBe('hint: pass a results document written by `perflab run --json FILE`');
    expect(rest).toEqual([]);
    expect(existsSync(output)).toBe(false);
  });

  it('requires --html (usage error, exit 2)', async () => {
    const { code, stderr } = await cli(['report', join(dir, 'results.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/required option '--html <file>' not specified/);
  });
});

describe('perflab run --html', () => {
  it('fails before sending any load when the report folder cannot be created (exit 1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perflab-run-html-'));
    try {
      const aFile = join(dir, 'a-file');
      await writeFile(aFile, 'x');
      const { code, stdout, stderr } = await cli([
        'run',
        fixture('valid.scenario.ts'),
        '--workers',
        '1',
        '--html',
        join(aFile, 'report.html'),
      ]);
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^error PERFLAB_ERR_OUTPUT: --html: cannot create the folder of .*a-file\/report\.html: /,
      );
      expect(stdout).not.toMatch(/requests/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
