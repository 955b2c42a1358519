import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/sim/calendar.ts';
import { serveWithDeadline } from '../../../src/sim/components/deadline.ts';
import { Resource } from '../../../src/sim/resource.ts';

describe('serveWithDeadline', () => {
  it('times out a long service and a request stuck in the queue at their deadlines; the server finishes both', () => {
    const calendar = new Calendar();
    const resource = new Resource(calendar, { name: 'one', capacity: 1 });
    const seen: string[] = [];
    const serve = (label: string, serviceS: number) =>
      serveWithDeadline(
        calendar,
        resource,
        () => serviceS,
        1,
        (timedOut) => seen.push(`${label} ended at ${calendar.now}${timedOut ? ' (after its timeout)' : ''}`),
        () => seen.push(`${label} timed out at ${calendar.now}`),
      );
    expect(serve('slow', 3)).toBe(true);
    expect(serve('queued', 0.5)).toBe(true);
    calendar.run();
    expect(seen).toEqual([
      'slow timed out at 1',
      'queued timed out at 1',
      'slow ended at 3 (after its timeout)',
      'queued ended at 3.5 (after its timeout)',
    ]);
  });

  it('schedules no timeout event for a request that starts at once and ends in time', () => {
    const calendar = new Calendar();
    const resource = new Resource(calendar, { name: 'one', capacity: 1 });
    let ended = false;
    serveWithDeadline(
      calendar,
      resource,
      () => 0.2,
      1,
      () => (ended = true),
      () => expect.fail('no timeout'),
    );
    expect(calendar.pending).toBe(1); // the end of service only
    calendar.run();
    expect(ended).toBe(true);
  });

  it('reports a blocked request (full queue) by returning false and calling nothing', () => {
    const calendar = new Calendar();
    const resource = new Resource(calendar, { name: 'one', capacity: 1, queueCapacity: 0 });
    const never = () => expect.fail('not called');
    expect(
      serveWithDeadline(
        calendar,
        resource,
        () => 1,
        undefined,
        () => {},
        never,
      ),
    ).toBe(true);
    expect(serveWithDeadline(calendar, resource, () => 1, undefined, never, never)).toBe(false);
    calendar.run();
  });
});
