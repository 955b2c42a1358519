/**
 * The results document's `resources` field ({@link ResourceReport}) as an input:
 * what `perflab report` and the dashboard read, with its types. Objects are
 * loose (the format grows by adding fields); every metric may be null (a gap).
 */
import { z } from 'zod';

const num = z.number();
const str = z.string();
const metric = num.nullable();
const summary = z.looseObject({ min: num, mean: num, max: num, last: num, count: num }).nullable();
const notes = z.array(str);

const processSeries = z.looseObject({
  spec: str,
  processesAtStart: z.array(z.looseObject({ pid: num, ppid: num, command: str })),
  samples: z.array(
    z.looseObject({
      timestamp: num,
      processes: metric,
      cpuCorePercent: metric,
      cpuMachinePercent: metric,
      rssBytes: metric,
      pssBytes: metric,
      connections: metric,
    }),
  ),
  summary: z.looseObject({
    processes: summary,
    cpuCorePercent: summary,
    cpuMachinePercent: summary,
    rssBytes: summary,
    pssBytes: summary,
    connections: summary,
    gaps: num,
  }),
  notes,
});

const redisSeries = z.looseObject({
  url: str,
  samples: z.array(
    z.looseObject({
      timestamp: num,
      usedMemoryBytes: metric,
      maxmemoryBytes: metric,
      maxmemoryPolicy: str.nullable(),
      connectedClients: metric,
      keyspaceHits: metric,
      keyspaceMisses: metric,
      hitRate: metric,
      evictedKeys: metric,
    }),
  ),
  summary: z.looseObject({
    usedMemoryBytes: summary,
    connectedClients: summary,
    keyspaceHits: num,
    keyspaceMisses: num,
    hitRate: metric,
    evictedKeys: num,
    maxmemoryBytes: metric,
    maxmemoryPolicy: str.nullable(),
    gaps: num,
  }),
  notes,
});

const postgresSeries = z.looseObject({
  url: str,
  database: str,
  samples: z.array(
    z.looseObject({
      timestamp: num,
      backends: metric,
      blocksHit: metric,
      blocksRead: metric,
      bufferHitRate: metric,
      commits: metric,
      commitsPerSecond: metric,
      rollbacks: metric,
      databaseSizeBytes: metric,
    }),
  ),
  summary: z.looseObject({
    backends: summary,
    commitsPerSecond: summary,
    databaseSizeBytes: summary,
    blocksHit: num,
    blocksRead: num,
    bufferHitRate: metric,
    commits: num,
    rollbacks: num,
    gaps: num,
  }),
  notes,
});

/** zod schema of a {@link ResourceReport} (docs/results-format.md, "Resources"). */
export const resourceReportSchema = z.looseObject({
  intervalMs: num,
  startedAt: metric,
  endedAt: metric,
  cpus: num,
  clockTicksPerSecond: num,
  processes: z.array(processSeries),
  redis: z.array(redisSeries),
  postgres: z.array(postgresSeries),
  notes,
});
