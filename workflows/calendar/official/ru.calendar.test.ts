import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, CalendarContextSchema, type CalendarContext } from '../business-calendar';
import {
  addBusinessDays,
  addBusinessHours,
  atLocalTime,
  businessTimeBetween,
  isBusinessDay,
  nonBusinessReason,
} from '../business-time';
import { resolveCalendarContext, resolvePublicHolidays } from '../holidays';
import { RU_CALENDAR } from './ru.calendar';

const moscow = (fromYear: number, toYear: number, language?: string): CalendarContext =>
  resolveCalendarContext(
    BusinessCalendarSchema.parse({
      id: 'moscow',
      name: 'Moscow office',
      country: 'RU',
      timeZone: 'Europe/Moscow',
      workingHours: { start: '09:00', end: '17:00' },
    }),
    fromYear,
    toYear,
    language === undefined ? {} : { language }
  );
const wall = (instant: Date) =>
  DateTime.fromJSDate(instant, { zone: 'Europe/Moscow' }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');
const at = (ctx: CalendarContext, date: string, time: string) => atLocalTime(ctx, date, time);

/** Every calendar day of a year as an ISO date. */
function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
  return days;
}

describe('Russian production calendar, year by year against its decree', () => {
  it.each([2024, 2025, 2026])('%i: working days and the 40-hour norm are the decree calendar’s', (year) => {
    const ctx = moscow(year, year);
    const official = RU_CALENDAR[year]!;
    const working = daysOf(year).filter((day) => isBusinessDay(ctx, day));
    // Hours of an 8-hour day (09:00-17:00) summed over the year, shortened days one hour less.
    const hours =
      businessTimeBetween(ctx, at(ctx, `${year}-01-01`, '00:00'), at(ctx, `${year}-12-31`, '23:59')) / 3_600_000;
    expect(working).toHaveLength(official.norm.workingDays);
    expect(hours).toBe(official.norm.hours);
    for (const { date } of official.daysOff) expect(isBusinessDay(ctx, date), date).toBe(false);
    for (const date of official.workingDays) expect(isBusinessDay(ctx, date), date).toBe(true);
  });

  it('2024 (decree № 1314): Saturdays 27 April, 2 November and 28 December worked; 29-30 April, 10 May, 30-31 December off', () => {
    const ctx = moscow(2024, 2025);
    expect(addBusinessDays(ctx, at(ctx, '2024-04-26', '10:00'), 1)).toEqual(at(ctx, '2024-04-27', '10:00'));
    expect(addBusinessDays(ctx, at(ctx, '2024-04-27', '10:00'), 1)).toEqual(at(ctx, '2024-05-02', '10:00'));
    expect(addBusinessDays(ctx, at(ctx, '2024-05-08', '10:00'), 1)).toEqual(at(ctx, '2024-05-13', '10:00'));
    expect(addBusinessDays(ctx, at(ctx, '2024-12-27', '10:00'), 1)).toEqual(at(ctx, '2024-12-28', '10:00'));
    expect(wall(addBusinessDays(ctx, at(ctx, '2024-12-28', '10:00'), 1))).toBe('2025-01-09 10:00 Thu');
    // The 2 November working Saturday is also a pre-holiday day: 09:00-16:00.
    expect(wall(addBusinessHours(ctx, at(ctx, '2024-11-02', '15:00'), 2))).toBe('2024-11-05 10:00 Tue');
  });

  it('2025 (decree № 1335): start + 1bd from Friday 31 October is the working Saturday, then 5 November', () => {
    const ctx = moscow(2025, 2026);
    expect(wall(addBusinessDays(ctx, at(ctx, '2025-10-31', '16:00'), 1))).toBe('2025-11-01 16:00 Sat');
    expect(wall(addBusinessDays(ctx, at(ctx, '2025-10-31', '16:00'), 2))).toBe('2025-11-05 16:00 Wed');
    for (const day of ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31']) {
      expect(nonBusinessReason(ctx, day)?.reason, day).toBe('publicHoliday');
    }
    expect(nonBusinessReason(ctx, '2025-11-03')?.name).toBe('Выходной, перенесённый с 1 ноября');
    // 23 February and 8 March fell on a weekend and moved to May and June, not to the next Monday.
    expect(isBusinessDay(ctx, '2025-02-24')).toBe(true);
    expect(isBusinessDay(ctx, '2025-03-10')).toBe(true);
    expect(wall(addBusinessDays(ctx, at(ctx, '2025-12-30', '12:00'), 1))).toBe('2026-01-12 12:00 Mon');
  });

  it('2026 (decree № 1466): 9 January off, 11 May off for Victory Day on a Saturday, 31 December off', () => {
    const ctx = moscow(2025, 2027);
    expect(wall(addBusinessDays(ctx, at(ctx, '2025-12-30', '12:00'), 1))).toBe('2026-01-12 12:00 Mon');
    expect(wall(addBusinessDays(ctx, at(ctx, '2026-05-08', '12:00'), 1))).toBe('2026-05-12 12:00 Tue');
    expect(isBusinessDay(ctx, '2026-12-31')).toBe(false);
    // 8 May 2026 is a pre-holiday day: 4 business hours from 13:00 end at 10:00 on Tuesday 12 May.
    expect(wall(addBusinessHours(ctx, at(ctx, '2026-05-08', '13:00'), 4))).toBe('2026-05-12 10:00 Tue');
  });

  it('names the moved days in the reader’s language and survives an activity result', () => {
    expect(resolvePublicHolidays({ country: 'RU' }, 2025, 2025, { language: 'en' })['2025-05-08']).toBe(
      'Day off moved from 23 February'
    );
    expect(resolvePublicHolidays({ country: 'RU' }, 2025, 2025, { language: 'pl' })['2025-05-08']).toBe(
      'Dzień wolny przeniesiony z 23 lutego'
    );
    expect(resolvePublicHolidays({ country: 'RU' }, 2025, 2025, { language: 'cs' })['2025-05-08']).toBe(
      'Volno přesunuté z 23. února'
    );
    const ctx = moscow(2025, 2025);
    expect(ctx.officialWorkingDays).toEqual({ '2025-11-01': 'Рабочий день по постановлению' });
    expect(CalendarContextSchema.parse(JSON.parse(JSON.stringify(ctx)))).toEqual(ctx);
  });

  it('names every Russian holiday in Polish, Czech and English, none left in Russian', () => {
    for (const language of ['pl', 'cs', 'en']) {
      for (const year of [2024, 2025, 2026, 2027]) {
        const names = Object.values(resolvePublicHolidays({ country: 'RU' }, year, year, { language }));
        expect(names.length).toBeGreaterThan(10);
        for (const name of names) expect(name, `${language} ${year}`).not.toMatch(/[а-яё]/i);
      }
    }
    const polish = resolvePublicHolidays({ country: 'RU' }, 2026, 2026, { language: 'pl' });
    expect(polish['2026-01-07']).toBe('Prawosławne Boże Narodzenie');
    expect(polish['2026-06-12']).toBe('Dzień Rosji');
    expect(resolvePublicHolidays({ country: 'RU' }, 2026, 2026, { language: 'cs' })['2026-11-04']).toBe(
      'Den národní jednoty'
    );
    expect(resolvePublicHolidays({ country: 'RU' }, 2026, 2026, { language: 'ru' })['2026-11-04']).toBe(
      'День народного единства'
    );
  });

  it('a company day off still wins over a working Saturday; other countries are untouched', () => {
    const calendar = BusinessCalendarSchema.parse({
      id: 'm',
      name: 'M',
      country: 'RU',
      timeZone: 'Europe/Moscow',
      companyDaysOff: ['2025-11-01'],
    });
    expect(nonBusinessReason(resolveCalendarContext(calendar, 2025, 2025), '2025-11-01')?.reason).toBe('companyDayOff');
    const poland = resolveCalendarContext({ ...calendar, country: 'PL', companyDaysOff: [] }, 2025, 2025);
    expect(poland.officialWorkingDays).toBeUndefined();
    expect(poland.shortenedDays).toBeUndefined();
    expect(isBusinessDay(poland, '2025-11-01')).toBe(false);
  });
});
