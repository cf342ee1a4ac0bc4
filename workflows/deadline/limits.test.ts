import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, isBusinessDay, type CalendarContext } from '../calendar';
import { resolvePublicHolidays } from '../calendar/holidays';
import { RungTimingSchema } from '../template/escalation.schema';
import { ParameterSchema } from '../template/parameter.schema';
import { applyOffset, computeDue } from './compute-due';
import { DeadlineSpecSchema, formatDeadline, parseDeadline, type DeadlineSpec } from './deadline-spec';
import { dateYearProblem, FIRST_YEAR, holidayYearsFor, LAST_YEAR, MAX_OFFSET, offsetProblem } from './limits';

const calendar = BusinessCalendarSchema.parse({ id: 'pl', name: 'Warsaw', timeZone: 'Europe/Warsaw', country: 'PL' });
// Every year validation can reach, resolved once; each case then limits itself to the years a process would resolve,
// so a deadline reaching past them throws HolidaysNotResolvedError exactly as it would in the workflow.
const allHolidays = resolvePublicHolidays(calendar, FIRST_YEAR - 12, LAST_YEAR + 12);
const contextFor = (years: { fromYear: number; toYear: number }): CalendarContext => ({
  calendar,
  holidays: allHolidays,
  holidayYears: { from: years.fromYear, to: years.toYear },
});

const UNITS = Object.keys(MAX_OFFSET) as (keyof typeof MAX_OFFSET)[];
const offset = fc.constantFrom(...UNITS).chain((unit) =>
  fc.record({
    amount: fc.oneof(fc.integer({ min: 0, max: Math.ceil(MAX_OFFSET[unit] * 1.5) }), fc.constant(MAX_OFFSET[unit])),
    unit: fc.constant(unit),
    direction: fc.constantFrom('before' as const, 'after' as const),
  })
);
const spec: fc.Arbitrary<DeadlineSpec> = fc.record(
  {
    anchor: fc.constantFrom({ kind: 'start' as const }, { kind: 'parameter' as const, name: 'eventDate' }),
    offset,
    timeOfDay: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  },
  { requiredKeys: ['anchor'] }
);
const dateBetween = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
// Dates from year 1 to 9999 (what `z.iso.date()` alone lets through), mostly near the bounds, and the issue's own.
const isoDate = fc.oneof(
  dateBetween('0001-01-01', '9999-12-31'),
  dateBetween('1960-01-01', '2210-12-31'),
  fc.constantFrom('0001-01-01', '1900-01-01', '1970-01-01', '2100-06-01', '2200-12-31', '9999-12-31')
);
const dateParameter = (value: string) =>
  ParameterSchema.safeParse({ name: 'eventDate', type: 'date', label: 'Event', default: value }).success;

describe('what validation accepts, the engine computes', () => {
  it('bounds offsets to about four years and dates to 1970..2200, in both the object and the text form', () => {
    expect(() => parseDeadline('start + 2000bd')).toThrow(/2000bd is too long: at most 1000bd/);
    expect(DeadlineSpecSchema.safeParse(parseDeadline('start + 1000bd')).success).toBe(true);
    expect(
      DeadlineSpecSchema.safeParse({
        anchor: { kind: 'start' },
        offset: { amount: 2000, unit: 'businessDays', direction: 'after' },
      }).error?.issues[0]?.message
    ).toMatch(/too long/);
    expect(offsetProblem({ amount: 49, unit: 'months' })).toMatch(/at most 48mo/);
    const rung = (amount: number) => RungTimingSchema.safeParse({ relation: 'after', amount, unit: 'businessDays' });
    expect(rung(1000).success).toBe(true);
    expect(rung(2000).error?.issues[0]?.message).toMatch(/too long/);
    for (const value of ['0001-01-01', '1900-01-01', '9999-12-31', '2201-01-01T00:00:00Z']) {
      expect(dateYearProblem(value)).toMatch(/use a date between 1970 and 2200/);
      expect(dateParameter(value.slice(0, 10))).toBe(false);
    }
    for (const value of ['1970-01-01', '2100-06-01', '2200-12-31']) expect(dateParameter(value)).toBe(true);
  });

  it('resolves the holidays of every year a template reaches, widening by its longest offset', () => {
    const start = new Date('2026-12-05T10:00:00Z');
    expect(holidayYearsFor({ start })).toEqual({ fromYear: 2025, toYear: 2028 });
    const template = { nodes: [{ data: { due: parseDeadline('eventDate - 1000bd') } }] };
    expect(holidayYearsFor({ start, params: { eventDate: '2100-06-01' }, template })).toEqual({
      fromYear: 2025 - 9,
      toYear: 2102 + 9,
    });
  });

  it('computes a due date (and an escalation rung after it) for every accepted spec, start and date parameter', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        spec,
        fc.option(offset, { nil: undefined }),
        isoDate,
        fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }),
        (deadline, rung, eventDate, startYear) => {
          const specOk = DeadlineSpecSchema.safeParse(deadline).success;
          // The text form accepts exactly what the object form accepts.
          let textOk = true;
          try {
            parseDeadline(formatDeadline(deadline));
          } catch {
            textOk = false;
          }
          expect(textOk).toBe(specOk);
          const rungOk = rung === undefined || offsetProblem(rung) === undefined;
          if (!specOk || !rungOk || !dateParameter(eventDate)) return;
          accepted++;
          const start = new Date(Date.UTC(startYear, 5, 15, 8));
          const params = { eventDate };
          const timing = rung && { relation: rung.direction, amount: rung.amount, unit: rung.unit };
          const template = { nodes: [{ data: { due: deadline, escalation: timing && [{ at: timing }] } }] };
          const ctx = contextFor(holidayYearsFor({ start, params, template }));
          const { due } = computeDue(deadline, { start, parameters: params }, ctx);
          expect(Number.isNaN(due.getTime())).toBe(false);
          if (rung) expect(typeof isBusinessDay(ctx, applyOffset(ctx, due, rung).result)).toBe('boolean');
        }
      ),
      { numRuns: 400 }
    );
    // The property reached the engine often, not only the refusals.
    expect(accepted).toBeGreaterThan(100);
  });
});
