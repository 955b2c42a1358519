import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceMonitor } from '../../../src/capacity/samplers/monitor.ts';
import type { ResourceReport } from '../../../src/capacity/samplers/types.ts';
import { resultsDocumentProblems } from '../../../src/report/results-file.ts';
import { syntheticResults } from '../../report/synthetic-results.ts';
import { IDLE_SCRIPT, type NodeChild, startNodeChild } from './node-child.ts';

describe('the results document with resources, as an input', () => {
  let child: NodeChild;
  let resources: ResourceReport;
  beforeAll(async () => {
    child = await startNodeChild(IDLE_SCRIPT, 'schema');
    const monitor = new ResourceMonitor({ watch: [`pid:${child.pid}`] });
    await monitor.start();
    await child.stop(); // the last sample is a gap: nulls must pass too
    resources = await monitor.stop();
  });
  afterAll(async () => {
    await child?.stop();
  });

  it('accepts a real report (gaps included) and says what is wrong in a bad one', () => {
    const document = syntheticResults({ names: 1, requestsPerName: 10, seconds: 2 });
    expect(resources.processes[0]!.samples.at(-1)!.processes).toBeNull();
    expect(resultsDocumentProblems({ ...document, resources })).toEqual([]);
    const broken = structuredClone(resources) as unknown as {
      processes: Array<{ samples: Array<Record<string, unknown>> }>;
      redis: unknown;
    };
    broken.processes[0]!.samples[0]!.rssBytes = '12 MB';
    broken.redis = null;
    expect(resultsDocumentProblems({ ...document, resources: broken })).toEqual([
      'resources.processes.0.samples.0.rssBytes: Invalid input: expected number, received string',
      'resources.redis: Invalid input: expected array, received null',
    ]);
  });
});
