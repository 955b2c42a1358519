import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResourceMonitor } from '../../../src/capacity/samplers/monitor.ts';
import { parseProcessSpec, selectProcesses } from '../../../src/capacity/samplers/process-select.ts';
import { memoryBySecond, sliceResources } from '../../../src/capacity/samplers/summary.ts';
import type { ProcessSeries } from '../../../src/capacity/samplers/types.ts';
import { PerflabError } from '../../../src/errors.ts';
import {
  ALLOCATE_SCRIPT,
  BUSY_SCRIPT,
  IDLE_SCRIPT,
  LISTEN_SCRIPT,
  type NodeChild,
  PARENT_SCRIPT,
  startNodeChild,
  uniqueToken,
} from './node-child.ts';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Mean of a series' non-null values of `key` over the samples after the first (which has no CPU). */
function last(series: ProcessSeries, key: 'rssBytes' | 'pssBytes' | 'processes' | 'connections'): number {
  const summary = series.summary[key];
  if (!summary) throw new Error(`${series.spec}: no ${key}`);
  return summary.last;
}

describe('process samplers (real child processes, /proc)', () => {
  const children: NodeChild[] = [];
  const start = async (script: string, label: string) => {
    const child = await startNodeChild(script, label);
    children.push(child);
    return child;
  };
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop()));
  });

  describe('a process that allocates and touches 200 MiB', () => {
    let big: NodeChild;
    let idle: NodeChild;
    beforeAll(async () => {
      big = await startNodeChild(ALLOCATE_SCRIPT(200), 'alloc');
      idle = await startNodeChild(IDLE_SCRIPT, 'idle');
    });
    afterAll(async () => {
      await big?.stop();
      await idle?.stop();
    });

    it('pid: and cmd: report its RSS and PSS as 200 MiB above an idle Node.js process (within 3%)', async () => {
      const monitor = new ResourceMonitor({
        watch: [`pid:${big.pid}`, `cmd:${big.token}`, `pid:${idle.pid}`],
      });
      await monitor.start();
      await monitor.sampleNow();
      const report = await monitor.stop();
      const [byPid, byCmd, baseline] = report.processes;
      expect(byPid!.processesAtStart).toEqual([
        expect.objectContaining({
          pid: big.pid,
          ppid: process.pid,
          command: expect.stringContaining(big.token),
        }),
      ]);
      expect(byCmd!.processesAtStart.map((p) => p.pid)).toEqual([big.pid]);
      const rss = last(byPid!, 'rssBytes') - last(baseline!, 'rssBytes');
      const pss = last(byPid!, 'pssBytes') - last(baseline!, 'pssBytes');
      const rssByCmd = last(byCmd!, 'rssBytes') - last(baseline!, 'rssBytes');
      console.log(
        `200 MiB process: RSS ${(last(byPid!, 'rssBytes') / MiB).toFixed(1)} MiB, PSS ${(last(byPid!, 'pssBytes') / MiB).toFixed(1)} MiB; ` +
          `idle Node.js: RSS ${(last(baseline!, 'rssBytes') / MiB).toFixed(1)} MiB, PSS ${(last(baseline!, 'pssBytes') / MiB).toFixed(1)} MiB; ` +
          `differences RSS ${(rss / MiB).toFixed(1)} MiB, PSS ${(pss / MiB).toFixed(1)} MiB`,
      );
      expect(rss / MiB).toBeGreaterThan(200 * 0.97);
      expect(rss / MiB).toBeLessThan(200 * 1.03);
      expect(pss / MiB).toBeGreaterThan(200 * 0.97);
      expect(pss / MiB).toBeLessThan(200 * 1.03);
      expect(rssByCmd / MiB).toBeGreaterThan(200 * 0.97);
      expect(rssByCmd / MiB).toBeLessThan(200 * 1.03);
      // PSS never exceeds RSS; a lone process's private 200 MiB count fully in both.
      expect(last(byPid!, 'pssBytes')).toBeLessThanOrEqual(last(byPid!, 'rssBytes'));
      expect(last(byPid!, 'processes')).toBe(1);
      // Every sample has memory; the memory points are keyed by whole second.
      expect(byPid!.samples.length).toBeGreaterThanOrEqual(3);
      for (const point of memoryBySecond(byPid!)) {
        expect(Number.isInteger(point.second)).toBe(true);
        expect(point.rssBytes).toBeGreaterThan(200 * MiB);
      }
      expect(byPid!.summary.gaps).toBe(0);
      expect(report.notes).toEqual([]);
    });
  });

  it('a busy-looping child: CPU matches its own CPU time and is up to one core (1/cpus of the machine)', async () => {
    const busy = await start(BUSY_SCRIPT, 'busy');
    const cpuSeconds = async () => {
      busy.process.stdin!.write('cpu?\n');
      return Number(await busy.nextLine());
    };
    const monitor = new ResourceMonitor({ watch: [`pid:${busy.pid}`] });
    await monitor.start();
    const before = await cpuSeconds();
    await sleep(2000);
    const after = await cpuSeconds();
    await monitor.sampleNow();
    const report = await monitor.stop();
    const series = report.processes[0]!;
    const cpu = series.summary.cpuCorePercent!;
    const machine = series.summary.cpuMachinePercent!;
    // CPU seconds the sampler saw: Σ percent × the time since the previous figure.
    let sampled = 0;
    let from = series.samples[0]!.timestamp;
    for (const s of series.samples.slice(1)) {
      if (s.cpuCorePercent === null) continue; // stop()'s last sample, just after sampleNow()
      sampled += (s.cpuCorePercent / 100) * (s.timestamp - from);
      from = s.timestamp;
    }
    const reported = after - before;
    console.log(
      `busy loop: ${cpu.mean.toFixed(1)}% of a core (min ${cpu.min.toFixed(1)}, max ${cpu.max.toFixed(1)}), ` +
        `${machine.mean.toFixed(1)}% of ${report.cpus} CPUs; CPU time sampled ${sampled.toFixed(3)} s, ` +
        `by the child's process.cpuUsage() ${reported.toFixed(3)} s`,
    );
    expect(series.samples[0]!.cpuCorePercent).toBeNull(); // no baseline yet
    expect(cpu.count).toBeGreaterThanOrEqual(2);
    // The reference is the child's own CPU time (getrusage) over nearly the same window.
    expect(sampled).toBeGreaterThan(reported * 0.85);
    expect(sampled).toBeLessThan(reported * 1.15 + 0.03);
    // About one core: loose bounds, as the 2 cores are shared with whatever else runs.
    expect(cpu.mean).toBeGreaterThan(20);
    expect(cpu.max).toBeLessThan(110);
    expect(machine.mean).toBeCloseTo(cpu.mean / report.cpus, 6);
    expect(report.clockTicksPerSecond).toBe(100);
  });

  it('an idle child uses next to no CPU', async () => {
    const idle = await start(IDLE_SCRIPT, 'idle-cpu');
    await sleep(300); // past Node's start-up
    const monitor = new ResourceMonitor({ watch: [`pid:${idle.pid}`] });
    await monitor.start();
    await sleep(1000);
    const report = await monitor.stop();
    expect(report.processes[0]!.summary.cpuCorePercent!.max).toBeLessThan(10);
  });

  it('port: finds the process listening on an IPv4 or IPv6 port and counts its established connections', async () => {
    const v4 = await start(LISTEN_SCRIPT('127.0.0.1'), 'listen4');
    const v6 = await start(LISTEN_SCRIPT('::1'), 'listen6');
    for (const [child, host] of [
      [v4, '127.0.0.1'],
      [v6, '::1'],
    ] as const) {
      const port = Number(child.ready);
      const found = await selectProcesses(`port:${port}`);
      expect(found.map((p) => p.pid)).toEqual([child.pid]);

      const sockets: Socket[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const socket = connect({ port, host });
          await once(socket, 'connect');
          sockets.push(socket);
        }
        const monitor = new ResourceMonitor({ watch: [`port:${port}`] });
        await monitor.start();
        const report = await monitor.stop();
        // The server side of each of the 3 connections (the client side is this process's).
        expect(report.processes[0]!.summary.connections!.last).toBe(3);
      } finally {
        for (const socket of sockets) socket.destroy();
      }
    }
  });

  it('includes descendants, and children started during sampling count from the next sample', async () => {
    const parent = await start(PARENT_SCRIPT(2), 'parent');
    const monitor = new ResourceMonitor({ watch: [`pid:${parent.pid}`, `cmd:${parent.token}`] });
    await monitor.start();
    const atStart = monitor.report().processes[0]!;
    expect(atStart.processesAtStart).toHaveLength(3);
    expect(atStart.processesAtStart[0]!.pid).toBe(parent.pid);
    expect(atStart.processesAtStart.slice(1).every((p) => p.ppid === parent.pid)).toBe(true);
    expect(atStart.samples[0]!.processes).toBe(3);

    parent.process.stdin!.write('one more\n');
    const spawned = Number((await parent.nextLine()).split(' ')[1]);
    await monitor.sampleNow();
    const report = await monitor.stop();
    for (const series of report.processes) {
      expect(series.samples[0]!.processes).toBe(3);
      expect(series.samples.at(-1)!.processes).toBe(4);
      // The children's memory is in the sum: 4 Node.js processes.
      expect(series.samples.at(-1)!.rssBytes!).toBeGreaterThan(series.samples[0]!.rssBytes!);
    }
    expect(spawned).toBeGreaterThan(0);
  });

  it('a process that exits mid-sampling gives a gap and a note, not an exception; cmd: finds its successor', async () => {
    const token = uniqueToken('phoenix');
    const script = `console.log('ready'); setInterval(() => {}, 1000); // ${token}`;
    const first = await start(script, 'phoenix-1');
    const notes: string[] = [];
    const monitor = new ResourceMonitor({ watch: [`pid:${first.pid}`, `cmd:${token}`], intervalMs: 200 });
    monitor.onNote((note) => notes.push(note));
    await monitor.start();
    await sleep(500);
    await first.stop();
    await sleep(500);
    const second = await start(script, 'phoenix-2');
    await sleep(600);
    const report = await monitor.stop();

    const [byPid, byCmd] = report.processes;
    const gapAt = byPid!.samples.findIndex((s) => s.processes === null);
    expect(gapAt).toBeGreaterThan(0);
    // Once gone, a pid: spec stays a gap (a reused pid would be another process).
    expect(byPid!.samples.slice(gapAt).every((s) => s.processes === null && s.rssBytes === null)).toBe(true);
    expect(byPid!.summary.gaps).toBe(byPid!.samples.length - gapAt);
    expect(byPid!.summary.rssBytes!.count).toBe(gapAt);
    expect(byPid!.notes).toEqual([
      expect.stringMatching(
        new RegExp(`^pid:${first.pid}: \\d\\d:\\d\\d:\\d\\d: no process ${first.pid}; recorded as a gap$`),
      ),
    ]);

    // cmd: re-resolves every sample: a gap while nothing matched, then the new process.
    const states = byCmd!.samples.map((s) => (s.processes === null ? 'gap' : 'up'));
    expect(states[0]).toBe('up');
    expect(states).toContain('gap');
    expect(states.at(-1)).toBe('up');
    expect(byCmd!.notes).toHaveLength(2);
    expect(byCmd!.notes[0]).toMatch(/no process's command line matches .*; recorded as a gap$/);
    expect(byCmd!.notes[1]).toMatch(new RegExp(`found again \\(pid ${second.pid}\\)$`));
    // The first sample after the gap has memory but no CPU (no baseline).
    const back = byCmd!.samples.findIndex(
      (s, i) => i > 0 && s.processes !== null && byCmd!.samples[i - 1]!.processes === null,
    );
    expect(byCmd!.samples[back]!.rssBytes).toBeGreaterThan(0);
    expect(byCmd!.samples[back]!.cpuCorePercent).toBeNull();
    // Notes reach listeners and the report.
    expect(notes).toEqual(report.notes);
    // (On a loaded machine the monitor may also note a skipped tick.)
    expect(report.notes.filter((n) => !n.includes('skipped'))).toEqual(
      [...byPid!.notes, ...byCmd!.notes].sort((a, b) => report.notes.indexOf(a) - report.notes.indexOf(b)),
    );
  });

  it('sliceResources recomputes the summaries over a time window', async () => {
    const idle = await start(IDLE_SCRIPT, 'slice');
    const monitor = new ResourceMonitor({ watch: [`pid:${idle.pid}`] });
    await monitor.start();
    await monitor.sampleNow();
    await monitor.sampleNow();
    const report = await monitor.stop();
    const samples = report.processes[0]!.samples;
    expect(samples).toHaveLength(4);
    const slice = sliceResources(report, samples[1]!.timestamp, samples[2]!.timestamp);
    expect(slice.processes[0]!.samples).toEqual(samples.slice(1, 3));
    expect(slice.processes[0]!.summary.rssBytes!.count).toBe(2);
    expect(slice.startedAt).toBe(samples[1]!.timestamp);
    expect(slice.endedAt).toBe(samples[2]!.timestamp);
    expect(report.processes[0]!.samples).toHaveLength(4); // input untouched
  });

  describe('bad specs and nothing found', () => {
    it.each([
      ['pid:abc', /--watch "pid:abc": the pid is not a positive integer/],
      ['pid:0', /the pid is not a positive integer/],
      ['port:70000', /--watch "port:70000": the port is not an integer from 1 to 65535/],
      ['cmd:', /--watch "cmd:": the pattern is empty/],
      ['cmd:(', /--watch "cmd:\(": the pattern is not a valid regular expression/],
      ['postgres', /--watch "postgres": expected pid:N, port:N or cmd:PATTERN/],
      ['name:x', /expected pid:N, port:N or cmd:PATTERN/],
    ])('%s is refused with PERFLAB_ERR_WATCH_SPEC', (spec, message) => {
      const error = (() => {
        try {
          parseProcessSpec(spec);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(PerflabError);
      expect((error as PerflabError).code).toBe('PERFLAB_ERR_WATCH_SPEC');
      expect((error as PerflabError).exitCode).toBe(2);
      expect((error as PerflabError).message).toMatch(message);
    });

    it('the monitor reports every bad spec and URL at once', () => {
      expect(() => new ResourceMonitor({ watch: ['pid:x', 'port:0'], redis: ['http://x'] })).toThrow(
        /--watch "pid:x": .*; --watch "port:0": .*; --redis "http:\/\/x\/": not a redis:\/\/ or rediss:\/\/ URL/,
      );
    });

    it('a spec that matches nothing fails start() with PERFLAB_ERR_WATCH_NOT_FOUND naming it', async () => {
      const gone = await startNodeChild(IDLE_SCRIPT, 'gone');
      await gone.stop();
      const unusedPort = Number((await start(LISTEN_SCRIPT('127.0.0.1'), 'port-holder')).ready);
      await children.pop()!.stop(); // the port is free again
      const monitor = new ResourceMonitor({
        watch: [`pid:${gone.pid}`, `port:${unusedPort}`, `cmd:${uniqueToken('nobody')}`],
      });
      const error = await monitor.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PerflabError);
      expect((error as PerflabError).code).toBe('PERFLAB_ERR_WATCH_NOT_FOUND');
      expect((error as PerflabError).message).toMatch(
        new RegExp(
          `^--watch pid:${gone.pid}: no process ${gone.pid}; --watch port:${unusedPort}: no process listens on TCP port ${unusedPort}; --watch cmd:perflab-sampler-test-nobody-[0-9a-f]+: no process's command line matches`,
        ),
      );
      expect(await monitor.stop()).toMatchObject({
        processes: [{ samples: [] }, { samples: [] }, { samples: [] }],
      });
    });

    it('cmd: never matches perflab itself or its ancestors, whose command lines hold the pattern', async () => {
      // This test process's command line (vitest) matches; it must be left out.
      const pattern = 'vitest|node';
      const found = await selectProcesses(`cmd:${pattern}`).catch(() => []);
      const pids = found.map((p) => p.pid);
      expect(pids).not.toContain(process.pid);
      expect(pids).not.toContain(process.ppid);
    });
  });
});
