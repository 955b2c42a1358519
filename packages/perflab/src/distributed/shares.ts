/**
 * How a distributed run splits its load: into slots, the shares the executors
 * already know ({@link Share}: slot `j` of `S` takes the users and arrivals `k`
 * with `k % S === j` of the planned schedule, so all slots together produce
 * exactly the planned load), dealt to workers in proportion to their capacity.
 */
import type { ExecutorConfig, Scenario, StageMs, TestPlan } from '../scenario/schema.ts';
import { stageTarget } from '../load/executors/timing.ts';

/** Fewest slots a run is cut into (finer cuts keep the proportions close for small loads). */
const MIN_SLOTS = 12;
/** Most slots (each slot is one generator on some worker thread). */
const MAX_SLOTS = 256;

/** One worker as the split sees it. */
export interface Participant {
  id: string;
  /** VUs it can drive (relative weight). */
  capacity: number;
  /** Its load-generator threads: it gets at least this many slots when the total allows. */
  threads: number;
}

/**
 * Deals `slotCount` slots to participants in proportion to their capacity,
 * interleaved (smooth weighted round robin, as nginx balances upstreams) so that
 * every prefix of slots — the first users, the first arrivals — is already split
 * in proportion.
 * @returns slot numbers per participant id (every slot exactly once)
 * @throws Error when there is no participant or a capacity is not a positive number
 */
export function dealSlots(
  participants: readonly { id: string; capacity: number }[],
  slots: readonly number[],
): Record<string, number[]> {
  if (participants.length === 0) throw new Error('no worker to give the load to');
  for (const p of participants) {
    if (!(p.capacity > 0) || !Number.isFinite(p.capacity)) {
      throw new Error(`worker ${p.id}: capacity ${p.capacity} is not a positive number`);
    }
  }
  const total = participants.reduce((sum, p) => sum + p.capacity, 0);
  const current = participants.map(() => 0);
  const out: Record<string, number[]> = Object.fromEntries(participants.map((p) => [p.id, []]));
  for (const slot of slots) {
    let best = 0;
    for (let i = 0; i < participants.length; i++) {
      current[i]! += participants[i]!.capacity;
      if (current[i]! > current[best]!) best = i;
    }
    current[best]! -= total;
    out[participants[best]!.id]!.push(slot);
  }
  return out;
}

/**
 * The slots of a run: at least one per participant thread (so each worker can use
 * all its cores) and at least {@link MIN_SLOTS}, at most {@link MAX_SLOTS}.
 * @returns the slot count and each participant's slots
 */
export function planSlots(participants: readonly Participant[]): {
  slotCount: number;
  assignments: Record<string, number[]>;
} {
  const threads = participants.reduce((sum, p) => sum + p.threads, 0);
  const slotCount = Math.min(MAX_SLOTS, Math.max(MIN_SLOTS, threads, participants.length));
  const slots = Array.from({ length: slotCount }, (_, j) => j);
  return { slotCount, assignments: dealSlots(participants, slots) };
}

/**
 * A plan as it looks `offsetMs` after its start: what a worker runs when it takes
 * over a lost worker's slots mid-run. Scenarios not started yet start
 * `offsetMs` sooner; running ones continue from where their schedule is (the
 * remaining duration, the stages from the current target on, a shape function
 * read at the shifted time); finished ones are dropped. Closed-model users of
 * the taken-over slots are spawned again at the scenario's spawn rate.
 */
export function shiftPlan(plan: TestPlan, offsetMs: number): TestPlan {
  const scenarios: Scenario[] = [];
  for (const scenario of plan.scenarios) {
    if (scenario.startTimeMs >= offsetMs) {
      scenarios.push({ ...scenario, startTimeMs: scenario.startTimeMs - offsetMs });
      continue;
    }
    const executor = shiftExecutor(scenario.executor, offsetMs - scenario.startTimeMs);
    if (executor) scenarios.push({ ...scenario, startTimeMs: 0, executor });
  }
  return { ...plan, scenarios };
}

/** `executor`'s schedule from `elapsedMs` on; undefined when it has ended by then. */
function shiftExecutor(executor: ExecutorConfig, elapsedMs: number): ExecutorConfig | undefined {
  switch (executor.type) {
    case 'ramping-users': {
      if (executor.constant) {
        const durationMs = executor.constant.durationMs - elapsedMs;
        return durationMs > 0 ? { ...executor, constant: { ...executor.constant, durationMs } } : undefined;
      }
      const rest = remainingStages(executor.startUsers, executor.stages ?? [], elapsedMs);
      return rest ? { ...executor, startUsers: Math.round(rest.start), stages: rest.stages } : undefined;
    }
    case 'constant-arrival-rate': {
      const durationMs = executor.durationMs - elapsedMs;
      return durationMs > 0 ? { ...executor, durationMs } : undefined;
    }
    case 'ramping-arrival-rate': {
      const rest = remainingStages(executor.startRatePerSecond, executor.stages, elapsedMs);
      return rest ? { ...executor, startRatePerSecond: rest.start, stages: rest.stages } : undefined;
    }
    case 'shape': {
      const shape = executor.shape;
      return { ...executor, shape: (ms) => shape(ms + elapsedMs) };
    }
  }
}

/** Stages from `elapsedMs` on: the target there, then the rest of the current stage and the later ones. */
function remainingStages(
  start: number,
  stages: readonly StageMs[],
  elapsedMs: number,
): { start: number; stages: StageMs[] } | undefined {
  const now = stageTarget(start, [...stages], elapsedMs);
  if (now === undefined) return undefined;
  let stageStart = 0;
  const rest: StageMs[] = [];
  for (const stage of stages) {
    const stageEnd = stageStart + stage.durationMs;
    if (stageEnd > elapsedMs) {
      rest.push({ target: stage.target, durationMs: stageEnd - Math.max(stageStart, elapsedMs) });
    }
    stageStart = stageEnd;
  }
  return { start: now, stages: rest };
}
