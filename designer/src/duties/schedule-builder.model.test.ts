import { describe, expect, it } from 'vitest';
import { DutyScheduleSchema } from '../../../workflows/duty/duty.schema';
import {
  defaultScheduleForm,
  fromSchedule,
  fromStartTrigger,
  SCHEDULE_KINDS,
  toSchedule,
} from './schedule-builder.model';

describe('the schedule builder', () => {
  const base = defaultScheduleForm('2026-12-05', 'Europe/Warsaw');

  it('starts as the last business day of the month at 17:00', () => {
    expect(toSchedule(base)).toEqual({
      recurrence: { kind: 'lastBusinessDayOfMonth' },
      timeOfDay: '17:00',
      timeZone: 'Europe/Warsaw',
      nonBusinessDay: 'previousBusinessDay',
      startDate: '2026-12-05',
    });
  });

  it('gives a schedule the workflow accepts for every kind, and reads it back', () => {
    for (const kind of SCHEDULE_KINDS) {
      const form = { ...base, kind, days: [5, 1, 1], endDate: '2027-12-31' };
      const schedule = toSchedule(form);
      expect(DutyScheduleSchema.safeParse(schedule).success, kind).toBe(true);
      expect(toSchedule(fromSchedule(schedule as Record<string, unknown>, base))).toEqual(schedule);
    }
    expect(toSchedule({ ...base, kind: 'weekly', days: [5, 1, 1] }).recurrence).toEqual({
      kind: 'weekly',
      days: [1, 5],
      interval: 1,
    });
  });
});

describe('fromStartTrigger', () => {
  const base = defaultScheduleForm('2026-12-07', 'Europe/Warsaw');

  it('turns the start node’s rule, time and day-off rule into the duty’s schedule', () => {
    const form = fromStartTrigger(
      {
        kind: 'recurrence',
        rrule: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=1',
        timeOfDay: '08:30',
        nonBusinessDay: 'nextBusinessDay',
      },
      base
    );
    expect(toSchedule(form)).toMatchObject({
      recurrence: { kind: 'rrule', rule: 'FREQ=MONTHLY;BYMONTHDAY=1' },
      timeOfDay: '08:30',
      nonBusinessDay: 'nextBusinessDay',
      timeZone: 'Europe/Warsaw',
    });
  });

  it('keeps the form’s defaults for what the start node does not say, and ignores a start by hand', () => {
    const form = fromStartTrigger({ kind: 'recurrence', rrule: 'FREQ=WEEKLY;BYDAY=MO', nonBusinessDay: 'keep' }, base);
    expect(form.timeOfDay).toBe(base.timeOfDay);
    expect(form.nonBusinessDay).toBe(base.nonBusinessDay);
    expect(fromStartTrigger({ kind: 'manual' }, base)).toBe(base);
    expect(fromStartTrigger(undefined, base)).toBe(base);
  });
});
