import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/sim/calendar.ts';
import { Broker } from '../../../src/sim/components/broker.ts';
import { constant, exponential } from '../../../src/sim/distributions.ts';
import { createStream } from '../../../src/sim/random.ts';

describe('Broker', () => {
  it('delivers every message of a consumer group that keeps up, with an M/M/1 delivery latency', () => {
    // Poisson 40 msg/s to one consumer at 50 msg/s: mean publish → consumed 1/(50 − 40) = 0.1 s.
    const calendar = new Calendar();
    const broker = new Broker(
      calendar,
      [{ name: 'notifications', consumers: 1, consumeTime: exponential({ rate: 50 }), capacity: Infinity }],
      createStream(11, 'broker'),
    );
    const arrivals = createStream(11, 'publishers');
    const gap = exponential({ rate: 40 });
    const publish = () => {
      if (calendar.now > 2000) return;
      broker.publish('notifications');
      calendar.schedule(gap.sample(arrivals), publish);
    };
    calendar.schedule(0, publish);
    calendar.run();
    const [stats] = broker.stats();
    expect(stats!.sent).toBe(stats!.delivered);
    expect(stats!.rejected).toBe(0);
    expect(stats!.meanDeliveryLatencyS).toBeGreaterThan(0.095);
    expect(stats!.meanDeliveryLatencyS).toBeLessThan(0.105);
  });

  it('rejects beyond capacity, counts consumer failures, and records the queue length each second', () => {
    const calendar = new Calendar();
    const broker = new Broker(
      calendar,
      [{ name: 'slow', consumers: 1, consumeTime: constant(1), capacity: 3, failureProbability: 0.5 }],
      createStream(2, 'broker'),
    );
    // 10 messages at once: 1 consumed at a time, 3 wait, 6 are rejected.
    calendar.schedule(0, () => {
      for (let i = 0; i < 10; i++) broker.publish('slow');
    });
    for (let s = 1; s <= 5; s++) calendar.scheduleAt(s - 0.5, () => broker.sampleLengths());
    calendar.run();
    const [stats] = broker.stats();
    expect(stats).toMatchObject({ sent: 10, rejected: 6 });
    expect(stats!.delivered + stats!.failed).toBe(4);
    expect(stats!.failed).toBeGreaterThan(0);
    expect(stats!.lengthBySecond).toEqual([3, 2, 1, 0, 0]);
    expect(() => broker.publish('nope')).toThrow(/no queue named nope/);
  });
});
