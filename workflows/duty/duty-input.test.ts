import { describe, expect, it } from 'vitest';
import { dutyInputProblems, dutyInputWithDefaults, scheduleProblems, scheduleWithDefaults } from './duty-input';
import { DutyInputSchema, DutyScheduleSchema, type DutyInput, type DutyScheduleInput } from './duty.schema';

const template = { id: 't', version: 1, nodes: [], edges: [] } as unknown as DutyInput['template'];
const base: DutyInput = {
  dutyId: 'd1',
  name: 'Monthly invoices',
  templateId: 't',
  templateVersion: 1,
  template,
  schedule: { recurrence: { kind: 'monthly', day: 5 }, timeZone: 'Europe/Warsaw', startDate: '2026-01-01' },
  calendar: { id: 'pl', name: 'Office', timeZone: 'Europe/Warsaw', country: 'PL' },
  assignee: 'u1',
  owner: 'u2',
};

const schedules: DutyScheduleInput[] = [
  { recurrence: { kind: 'daily' }, timeZone: 'Europe/Warsaw', startDate: '2026-01-01' },
  { recurrence: { kind: 'daily', interval: 3 }, timeZone: 'UTC', startDate: '2026-01-01', endDate: '2026-12-31' },
  { recurrence: { kind: 'weekly', days: [1, 3] }, timeZone: 'Europe/Prague', startDate: '2026-02-28' },
  {
    recurrence: { kind: 'weekly', days: [5], interval: 2 },
    timeOfDay: '17:30',
    timeZone: 'UTC',
    startDate: '2024-02-29',
  },
  { recurrence: { kind: 'monthly', day: 31 }, nonBusinessDay: 'skip', timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'monthlyWeekday', weekday: 1, nth: -1 }, timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'lastBusinessDayOfMonth' }, timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'quarterly', day: 15 }, timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'quarterly', monthOfQuarter: 3, day: 1 }, timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'yearly', month: 3, day: 31 }, timeZone: 'UTC', startDate: '2026-01-01' },
  { recurrence: { kind: 'rrule', rule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1' }, timeZone: 'UTC', startDate: '2026-01-01' },
];

const valid: DutyInput[] = [
  base,
  ...schedules.map((schedule) => ({ ...base, schedule })),
  {
    ...base,
    subprocesses: { 'sub@2': template },
    params: { month: 'January' },
    assigneeParameter: 'clerk',
    overlap: 'escalate',
    calendar: {
      id: 'pl',
      name: 'Office',
      timeZone: 'Europe/Warsaw',
      country: 'PL',
      region: 'MZ',
      weekendDays: [7],
      companyDaysOff: ['2026-05-04'],
      companyDayNames: { '2026-05-04': '  Inventory ' },
      extraWorkingDays: ['2026-05-09'],
      workingHours: { start: '08:00', end: '16:00' },
      weekdayHours: [{ weekday: 5, start: '08:00', end: '13:00' }],
    },
  },
  // Keys the schema does not know are dropped, at every level.
  {
    ...base,
    stray: 1,
    schedule: { ...base.schedule, stray: 2, recurrence: { kind: 'daily', stray: 3 } },
    calendar: { ...base.calendar, stray: 4, workingHours: { start: '07:00', end: '15:00', stray: 5 } },
  } as DutyInput,
];

const invalid: unknown[] = [
  null,
  { ...base, dutyId: '' },
  { ...base, templateVersion: 0 },
  { ...base, template: 'x' },
  { ...base, assignee: undefined },
  { ...base, overlap: 'sometimes' },
  { ...base, params: [] },
  { ...base, schedule: { ...base.schedule, timeOfDay: '24:00' } },
  { ...base, schedule: { ...base.schedule, timeZone: 'Mars/Base' } },
  { ...base, schedule: { ...base.schedule, startDate: '2026-02-30' } },
  { ...base, schedule: { ...base.schedule, endDate: '2026-1-1' } },
  { ...base, schedule: { ...base.schedule, nonBusinessDay: 'never' } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'hourly' } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'daily', interval: 0 } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'weekly', days: [] } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'weekly', days: [1, 1] } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'weekly', days: [8] } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'monthly', day: 32 } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'monthlyWeekday', weekday: 1, nth: 5 } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'quarterly', monthOfQuarter: 4, day: 1 } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'yearly', month: 13, day: 1 } } },
  { ...base, schedule: { ...base.schedule, recurrence: { kind: 'rrule', rule: '' } } },
  { ...base, calendar: { ...base.calendar, country: 'pl' } },
  { ...base, calendar: { ...base.calendar, timeZone: 'Nowhere' } },
  { ...base, calendar: { ...base.calendar, weekendDays: [1, 2, 3, 4, 5, 6, 7] } },
  { ...base, calendar: { ...base.calendar, companyDaysOff: ['soon'] } },
  { ...base, calendar: { ...base.calendar, companyDayNames: { '2026-05-04': '  ' } } },
  { ...base, calendar: { ...base.calendar, workingHours: { start: '17:00', end: '09:00' } } },
  {
    ...base,
    calendar: {
      ...base.calendar,
      weekdayHours: [
        { weekday: 5, start: '08:00', end: '13:00' },
        { weekday: 5, start: '09:00', end: '12:00' },
      ],
    },
  },
];

describe('the duty input without zod', () => {
  it.each(valid.map((input, index) => [index, input] as const))(
    'gives exactly what DutyInputSchema.parse gives (%i)',
    (_index, input) => {
      expect(dutyInputProblems(input)).toEqual([]);
      const parsed = DutyInputSchema.parse(input);
      const plain = dutyInputWithDefaults(input);
      expect(plain).toStrictEqual(parsed);
      // Same keys in the same order: what the workflow passes on (to activities, to its next run) is the same JSON.
      expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed));
      // Parsing what the API already parsed changes nothing: duties the API started replay identically.
      expect(dutyInputWithDefaults(parsed)).toStrictEqual(parsed);
    }
  );

  it.each(invalid.map((input, index) => [index, input] as const))(
    'refuses what DutyInputSchema refuses (%i)',
    (_index, input) => {
      expect(DutyInputSchema.safeParse(input).success).toBe(false);
      expect(dutyInputProblems(input).length).toBeGreaterThan(0);
    }
  );

  it('changes a schedule the way DutyScheduleSchema does', () => {
    for (const schedule of schedules) {
      expect(scheduleProblems(schedule)).toEqual([]);
      expect(JSON.stringify(scheduleWithDefaults(schedule))).toBe(JSON.stringify(DutyScheduleSchema.parse(schedule)));
    }
    expect(scheduleProblems({ ...schedules[0], timeOfDay: '9:00' })).toEqual([
      'a time of day is HH:mm, 00:00 to 23:59',
    ]);
  });
});
