import type { Availability } from '../availability.ts';
import type { Resource } from '../resource.ts';

/** Component kinds of a simulated system, as a model file groups them. */
export type ComponentKind = 'service' | 'auth' | 'database' | 'cache' | 'broker';

/** How a component's operation ended: `error` is the failure label (absent on success), `status` the HTTP-like status it stands for (0: no response). */
export type OperationCallback = (error?: string, status?: number) => void;

/** A component's state at one instant, summed over its parts (for the per-second series). */
export interface ComponentSample {
  /** Servers (workers, connections, consumers) busy now. */
  busy: number;
  /** Servers in total. */
  capacity: number;
  /** Requests waiting now. */
  queueLength: number;
  /** Share of the parts up now, 0..1 (a database: 1 while a master takes writes). */
  up: number;
}

/** An outage or role change of one part, with its simulated time. */
export interface PartEvent {
  timeS: number;
  node: string;
  event: string;
}

/** One part (instance, node, queue) of a component over the observation period. */
export interface PartReport {
  name: string;
  /** Time-average busy servers ÷ servers, 0..1. */
  utilisation: number;
  /** Time-average requests waiting. */
  meanQueueLength: number;
  /** Share of the period the part was up, 0..1. */
  availability: number;
}

/** What a component's monitoring shows over the observation period (after warm-up). */
export interface ComponentReport {
  name: string;
  kind: ComponentKind;
  /** Mean utilisation over the parts, 0..1. */
  utilisation: number;
  /** Time-average requests waiting, summed over the parts. */
  meanQueueLength: number;
  /** Share of the period at least one part was up (for a database: a master was there to take writes), 0..1. */
  availability: number;
  /** Operations by outcome: `ok` or the failure label. */
  outcomes: Record<string, number>;
  parts: PartReport[];
  /** Kind-specific figures (cache hits and misses, broker queues, …). */
  extra?: Record<string, unknown>;
}

/** What the model runner needs of every component. */
export interface SimComponent {
  readonly name: string;
  readonly kind: ComponentKind;
  /** Operations by outcome since the last reset. */
  readonly outcomes: Outcomes;
  /** Outages and role changes so far, in time order. */
  readonly log: readonly PartEvent[];
  /** Warm-up deletion: forget every statistic gathered so far. */
  resetStatistics(): void;
  sample(): ComponentSample;
  report(): ComponentReport;
}

/** A part of a component (instance, node): its servers and its up/down record. */
export interface Part {
  name: string;
  resource: Resource;
  availability: Availability;
}

/** Warm-up deletion for every part. */
export function resetParts(parts: Iterable<Part>, now: number): void {
  for (const p of parts) {
    p.resource.resetStatistics();
    p.availability.reset(now);
  }
}

/** Each part's report, their mean utilisation and their summed time-average queue. */
export function reportParts(
  parts: readonly Part[],
  now: number,
): { parts: PartReport[]; utilisation: number; meanQueueLength: number } {
  const reports = parts.map((p) => {
    const s = p.resource.stats();
    return {
      name: p.name,
      utilisation: s.utilisation,
      meanQueueLength: s.meanQueueLength,
      availability: p.availability.fractions(now).component,
    };
  });
  return {
    parts: reports,
    utilisation: reports.reduce((sum, p) => sum + p.utilisation, 0) / Math.max(1, reports.length),
    meanQueueLength: reports.reduce((sum, p) => sum + p.meanQueueLength, 0),
  };
}

/** Sums a set of resources' current state. */
export function sampleResources(resources: Iterable<Resource>, up: number): ComponentSample {
  let busy = 0;
  let capacity = 0;
  let queueLength = 0;
  for (const r of resources) {
    busy += r.busy;
    capacity += r.capacity;
    queueLength += r.queueLength;
  }
  return { busy, capacity, queueLength, up };
}

/**
 * Operations by outcome: successes in a plain counter (the hot path: one per
 * operation, no map update), failures by label.
 */
export class Outcomes {
  ok = 0;
  /** Failures of every label. */
  failed = 0;
  private readonly failures = new Map<string, number>();

  /** Counts one success (`label` undefined) or one failure with its label. */
  count(label?: string): void {
    if (label === undefined) this.ok++;
    else {
      this.failed++;
      this.failures.set(label, (this.failures.get(label) ?? 0) + 1);
    }
  }

  clear(): void {
    this.ok = 0;
    this.failed = 0;
    this.failures.clear();
  }

  /** `{ [successLabel]: ok, ...failures }`, for a {@link ComponentReport}. */
  toRecord(successLabel = 'ok'): Record<string, number> {
    return { [successLabel]: this.ok, ...Object.fromEntries(this.failures) };
  }
}
