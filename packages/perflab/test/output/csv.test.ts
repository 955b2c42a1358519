import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/load/run.ts';
import { CsvReporter, csvLine } from '../../src/output/csv.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';
import { planOf } from '../support/scenario.ts';

const LOCUST = new URL('../fixtures/locust-2.12.1/', import.meta.url);
const FILES = ['stats', 'stats_history', 'failures', 'exceptions'] as const;

const firstLine = (text: string) => text.slice(0, text.indexOf('\r\n') + 2);

describe("Locust's CSV files", () => {
  let dir: string;
  let server: DelayServer;
  const written: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-csv-'));
    server = await startDelayServer(5);
    await runLoadTest({
      plan: planOf(
        {
          waitTime: constant(20),
          tasks: [
            { weight: 3, run: (vu) => vu.http.get('/') },
            { run: (vu) => vu.http.post('/form', { form: { a: 1 }, name: 'POST, "quoted"' }) },
            {
              run: () => {
                throw new Error('broken, task');
              },
            },
          ],
        },
        { users: 2, spawnRate: 10, durationMs: 2500 },
      ),
      host: server.url,
      graceMs: 1000,
      reporters: [new CsvReporter(join(dir, 'run'))],
    });
    for (const file of FILES) written[file] = await readFile(join(dir, `run_${file}.csv`), 'utf8');
  });

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(FILES)('%s: header row equals the one Locust 2.x writes, byte for byte', async (file) => {
    const reference = await readFile(new URL(`ref_${file}.csv`, LOCUST), 'utf8');
    expect(firstLine(written[file]!)).toBe(firstLine(reference));
  });

  it('stats rows have one value per column, with the aggregated row last as Locust writes it', () => {
    const [header, ...rows] = parse(written.stats!) as string[][];
    for (const row of rows) expect(row).toHaveLength(header!.length);
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['GET', '/'],
      ['POST', 'POST, "quoted"'],
      ['', 'Aggregated'],
    ]);
    const [get, post, aggregated] = rows as [string[], string[], string[]];
    expect(Number(aggregated[2])).toBe(Number(get[2]) + Number(post[2]));
    // Median and percentiles in whole ms, as Locust prints them; the server answers in 5 ms.
    expect(get[4]).toMatch(/^\d+$/);
    expect(Number(get[4])).toBeGreaterThanOrEqual(5);
    expect(Number(get[4])).toBeLessThan(50);
  });

  it('history has a row per second while running, each with every column', () => {
    const [header, ...rows] = parse(written.stats_history!) as string[][];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toHaveLength(header!.length);
      expect(row.slice(2, 4)).toEqual(['', 'Aggregated']);
    }
    const timestamps = rows.map((row) => Number(row[0]));
    expect(timestamps).toEqual([...timestamps].sort());
    expect(rows[0]![1]).toBe('2');
  });

  it('failures and exceptions list what went wrong', () => {
    expect(parse(written.failures!)).toHaveLength(1); // the header: no HTTP failures
    const [, exception, ...more] = parse(written.exceptions!) as string[][];
    expect(more).toHaveLength(0);
    expect(Number(exception![0])).toBeGreaterThan(1);
    expect(exception![1]).toBe('Error: broken, task');
    expect(exception![2]).toMatch(/^Error: broken, task\n\s+at /);
    expect(exception![3]).toBe('local');
  });

  it('quotes fields as RFC 4180 requires', () => {
    expect(csvLine(['a,b', 'say "hi"', 'line\nbreak', 3])).toBe('"a,b","say ""hi""","line\nbreak",3\r\n');
  });
});
