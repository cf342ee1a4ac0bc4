import type { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { canonicalSpec, compileSpec, nextTime, scheduledWorkflowId } from './schedule-spec';

const at = (iso: string) => Date.parse(iso);
/** protobufjs takes plain numbers for int64 fields; the generated types name Long only. */
const pb = (seconds: number) =>
  ({ seconds }) as unknown as NonNullable<temporal.api.schedule.v1.IIntervalSpec['interval']>;
const iso = (ms: number) => new Date(ms).toISOString();

function times(spec: Parameters<typeof canonicalSpec>[0], from: string, count: number, seed = 'seed'): string[] {
  const compiled = compileSpec(canonicalSpec(spec));
  const out: string[] = [];
  let after = at(from);
  while (out.length < count) {
    const next = nextTime(compiled, seed, after);
    if (!next) break;
    out.push(iso(next.next));
    after = next.next;
  }
  return out;
}

describe('schedule specs', () => {
  it('intervals count from the epoch plus the offset, in whole seconds', () => {
    expect(times({ interval: [{ interval: pb(3600), phase: pb(900) }] }, '2026-03-01T10:20:00Z', 2)).toEqual([
      '2026-03-01T11:15:00.000Z',
      '2026-03-01T12:15:00.000Z',
    ]);
  });

  it('cron strings: names, ranges, steps, Sunday as 7, seconds and year fields, @every, CRON_TZ', () => {
    expect(times({ cronString: ['0 9 * * mon-fri'] }, '2026-03-06T10:00:00Z', 2)).toEqual([
      '2026-03-09T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
    ]);
    expect(times({ cronString: ['30 8 * * 7'] }, '2026-03-02T00:00:00Z', 1)).toEqual(['2026-03-08T08:30:00.000Z']);
    expect(times({ cronString: ['*/20 0 1 * *'] }, '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-01T00:20:00.000Z',
      '2026-03-01T00:40:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
    expect(times({ cronString: ['15 30 6 * * * 2027'] }, '2026-03-01T00:00:00Z', 1)).toEqual([
      '2027-01-01T06:30:15.000Z',
    ]);
    expect(times({ cronString: ['@every 90m/10m'] }, '2026-03-01T00:00:00Z', 1)).toEqual(['2026-03-01T00:10:00.000Z']);
    const zoned = times({ cronString: ['CRON_TZ=Europe/Warsaw 0 12 * * *'] }, '2026-07-01T00:00:00Z', 1);
    expect(zoned).toEqual(['2026-07-01T10:00:00.000Z']);
    expect(canonicalSpec({ cronString: ['@daily # nightly'] }).structuredCalendar?.[0]?.comment).toBe('nightly');
    expect(() => canonicalSpec({ cronString: ['* * *'] })).toThrow('Invalid schedule spec');
    expect(() => canonicalSpec({ cronString: ['0 25 * * *'] })).toThrow('Invalid schedule spec');
    expect(() => canonicalSpec({ timezoneName: 'Mars/Olympus' })).toThrow('Invalid schedule spec');
  });

  it('a calendar in a time zone follows daylight saving; a wall time inside the spring gap does not exist', () => {
    // 02:30 in Warsaw does not exist on 2026-03-29 (clocks jump from 02:00 to 03:00).
    const spring = times({ cronString: ['30 2 * * *'], timezoneName: 'Europe/Warsaw' }, '2026-03-27T12:00:00Z', 3).map(
      (time) => DateTime.fromISO(time, { zone: 'Europe/Warsaw' }).toFormat('yyyy-MM-dd HH:mm')
    );
    expect(spring).toEqual(['2026-03-28 02:30', '2026-03-30 02:30', '2026-03-31 02:30']);
    const summer = times({ cronString: ['0 9 * * *'], timezoneName: 'America/New_York' }, '2026-03-06T20:00:00Z', 2);
    expect(summer).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('a wall time repeated by a fall-back matches in both copies of the hour, as the server’s calendar does', () => {
    // US/Pacific repeats 01:00-02:00 on 2021-11-07 (PDT, then PST): the server's TestCalendarNextDST sequence.
    const spec = { cronString: ['CRON_TZ=US/Pacific 33 33,44 1 * * * *'] };
    const expected = [
      '2021-11-07T08:33:33.000Z', // 01:33:33 PDT
      '2021-11-07T08:44:33.000Z', // 01:44:33 PDT
      '2021-11-07T09:33:33.000Z', // 01:33:33 PST
      '2021-11-07T09:44:33.000Z', // 01:44:33 PST
      '2021-11-08T09:33:33.000Z', // 01:33:33 PST, the next day
    ];
    expect(times(spec, '2021-11-07T07:15:15Z', 5)).toEqual(expected);
    // Every time in between (every 7th second through both copies of the hour) leads to the same next time.
    const compiled = compileSpec(canonicalSpec(spec));
    let from = at('2021-11-07T07:15:15Z');
    for (const next of expected.slice(0, 4).map(at)) {
      for (let second = from; second < next; second += 7000) {
        expect(iso(nextTime(compiled, 'seed', second)?.next ?? 0)).toBe(iso(next));
      }
      expect(iso(nextTime(compiled, 'seed', next - 1000)?.next ?? 0)).toBe(iso(next));
      from = next;
    }
  });

  it('skip calendars, start and end bounds, and jitter below the gap to the next time', () => {
    const weekdays = times(
      {
        structuredCalendar: [{ hour: [{ start: 7 }] }],
        excludeStructuredCalendar: [{ hour: [{ start: 7 }], dayOfWeek: [{ start: 0 }, { start: 6 }] }],
      },
      '2026-03-06T08:00:00Z',
      2
    );
    expect(weekdays).toEqual(['2026-03-09T07:00:00.000Z', '2026-03-10T07:00:00.000Z']);
    const bounded = times(
      {
        interval: [{ interval: pb(60) }],
        startTime: pb(at('2026-03-01T00:10:00Z') / 1000),
        endTime: pb(at('2026-03-01T00:12:00Z') / 1000),
      },
      '2026-03-01T00:00:00Z',
      10
    );
    // The start time itself matches.
    expect(bounded).toEqual(['2026-03-01T00:10:00.000Z', '2026-03-01T00:11:00.000Z', '2026-03-01T00:12:00.000Z']);
    const spec = compileSpec(canonicalSpec({ interval: [{ interval: pb(60) }], jitter: pb(3600) }));
    const jittered = nextTime(spec, 'a', at('2026-03-01T00:00:30Z'));
    expect(jittered?.nominal).toBe(at('2026-03-01T00:01:00Z'));
    // A jitter of an hour is cut to the minute between two times.
    expect((jittered?.next ?? 0) - (jittered?.nominal ?? 0)).toBeLessThan(60_000);
    expect(nextTime(spec, 'a', at('2026-03-01T00:00:30Z'))).toEqual(jittered);
  });

  it('names runs <workflowId>-<RFC 3339 time in whole seconds>', () => {
    expect(scheduledWorkflowId('report', at('2026-03-01T10:15:30.789Z'))).toBe('report-2026-03-01T10:15:30Z');
  });
});
