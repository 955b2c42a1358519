import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/sim/calendar.ts';
import {
  type BalancingAlgorithm,
  Service,
  type ServiceOptions,
} from '../../../src/sim/components/service.ts';
import { constant, exponential } from '../../../src/sim/distributions.ts';
import { createStream } from '../../../src/sim/random.ts';

function service(calendar: Calendar, options: Partial<ServiceOptions> = {}): Service {
  return new Service(calendar, {
    name: 'api',
    instances: 3,
    concurrency: 1,
    queueCapacity: Infinity,
    serviceTime: constant(0.01),
    rng: createStream(3, 'api'),
    ...options,
  });
}

/** `count` requests, one every `gapS`; returns the errors by label. */
function drive(calendar: Calendar, svc: Service, count: number, gapS: number): Map<string, number> {
  const errors = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    calendar.scheduleAt(k * gapS, () =>
      svc.handle((error) => {
        if (error) errors.set(error, (errors.get(error) ?? 0) + 1);
      }),
    );
  }
  calendar.run({ until: count * gapS + 60 });
  return errors;
}

describe('Service behind a load balancer', () => {
  it('round robin and weighted round robin split requests by weight (nginx’s smooth WRR)', () => {
    let calendar = new Calendar();
    let svc = service(calendar);
    drive(calendar, svc, 300, 0.001);
    expect(Object.values(svc.served())).toEqual([100, 100, 100]);
    calendar = new Calendar();
    svc = service(calendar, { balancing: 'weighted-round-robin', weights: [5, 1, 1] });
    drive(calendar, svc, 700, 0.001);
    expect(Object.values(svc.served())).toEqual([500, 100, 100]);
  });

  it('least connections and power of two choices beat random on the waiting time (same load)', () => {
    const meanQueue = (balancing: BalancingAlgorithm) => {
      const calendar = new Calendar();
      const svc = service(calendar, { balancing, instances: 4, serviceTime: exponential({ mean: 0.01 }) });
      const arrivals = createStream(9, 'arrivals');
      const gap = exponential({ rate: 320 }); // ρ = 0.8 over 4 servers
      let latencySum = 0;
      let n = 0;
      const next = () => {
        if (calendar.now > 200) return;
        const start = calendar.now;
        svc.handle(() => {
          latencySum += calendar.now - start;
          n++;
        });
        calendar.schedule(gap.sample(arrivals), next);
      };
      calendar.schedule(0, next);
      calendar.run();
      return latencySum / n;
    };
    const random = meanQueue('random');
    expect(meanQueue('least-connections')).toBeLessThan(random * 0.7);
    expect(meanQueue('power-of-two')).toBeLessThan(random * 0.8);
  });

  it('fails requests with the configured probability', () => {
    const calendar = new Calendar();
    const svc = service(calendar, { failureProbability: 0.1 });
    const errors = drive(calendar, svc, 10_000, 0.005);
    expect((errors.get('api: HTTP 500') ?? 0) / 10_000).toBeGreaterThan(0.09);
    expect((errors.get('api: HTTP 500') ?? 0) / 10_000).toBeLessThan(0.11);
  });

  it('health checks take a down instance out of rotation and back in; retries hide the refused requests', () => {
    const calendar = new Calendar();
    const svc = service(calendar, { healthCheck: { intervalS: 1, unhealthyAfter: 2, healthyAfter: 2 } });
    svc.failInstance(10.5, 1, 20); // down 10.5 s → 30.5 s
    const rotation: Record<number, string[]> = {};
    for (const t of [10.9, 11.9, 12.9, 31.9, 32.9])
      calendar.scheduleAt(t, () => (rotation[t] = svc.inRotation));
    const errors = drive(calendar, svc, 4000, 0.01); // 40 s of requests
    expect(rotation[10.9]).toEqual(['api-0', 'api-1', 'api-2']); // not detected yet
    expect(rotation[12.9]).toEqual(['api-0', 'api-2']); // out after two failed checks (11, 12)
    expect(rotation[31.9]).toEqual(['api-0', 'api-2']);
    expect(rotation[32.9]).toEqual(['api-0', 'api-1', 'api-2']); // back after two good checks (31, 32)
    // Requests round-robined to api-1 between the failure and its removal were refused.
    expect(errors.get('api-1: connection refused (instance down)')).toBeGreaterThan(20);
    const retried = new Calendar();
    const withRetry = service(retried, {
      retries: 1,
      healthCheck: { intervalS: 1, unhealthyAfter: 2, healthyAfter: 2 },
    });
    withRetry.failInstance(10.5, 1, 20);
    expect(drive(retried, withRetry, 4000, 0.01).size).toBe(0);
  });

  it('a health check of a down instance fails at its timeout, so removal waits for it', () => {
    const calendar = new Calendar();
    const svc = service(calendar, {
      healthCheck: { intervalS: 1, timeoutS: 0.5, unhealthyAfter: 2, healthyAfter: 2 },
    });
    svc.failInstance(10.5, 1, 20);
    const rotation: Record<number, string[]> = {};
    for (const t of [12.4, 12.6]) calendar.scheduleAt(t, () => (rotation[t] = svc.inRotation));
    drive(calendar, svc, 2000, 0.01);
    expect(rotation[12.4]).toEqual(['api-0', 'api-1', 'api-2']); // checks at 11 and 12 fail at 11.5, 12.5
    expect(rotation[12.6]).toEqual(['api-0', 'api-2']);
  });

  it('times a slow request out while the instance finishes it', () => {
    const calendar = new Calendar();
    const svc = service(calendar, { instances: 1, serviceTime: constant(2), timeoutS: 1 });
    const errors = drive(calendar, svc, 3, 0.1);
    expect(errors.get('api: timeout')).toBe(3);
    expect(svc.served()).toEqual({ 'api-0': 3 });
  });
});
