import { describe, expect, it } from 'vitest';
import { computeDue } from '../deadline/compute-due';
import { parseDeadline } from '../deadline/deadline-spec';
import { deadlineMessages } from '../i18n/deadline-messages';
import { deadlineText } from '../i18n/deadline-text';
import { BusinessCalendarSchema } from './business-calendar';
import { atLocalTime, nonBusinessReason } from './business-time';
import { IcsFormatError, parseIcsDays, previewIcsImport } from './ics-import';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Office//Days off//EN',
  'BEGIN:VEVENT',
  'UID:1',
  'DTSTART;VALUE=DATE:20261224',
  'DTEND;VALUE=DATE:20261225',
  'SUMMARY:Christmas Eve\\, office closed',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2',
  'DTSTART;VALUE=DATE:20261228',
  'DTEND;VALUE=DATE:20261231',
  'SUMMARY:Between the holidays: the office is',
  '  closed',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:3',
  'DTSTART;TZID="Europe/Warsaw: office":20270115T090000',
  'DTEND;TZID=Europe/Warsaw:20270115T170000',
  'SUMMARY:Team day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:4',
  'DTSTART;VALUE=DATE:20260101',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:New Year',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:5',
  'SUMMARY:No date',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:6',
  'DTSTART;VALUE=DATE:20260101',
  'DTEND;VALUE=DATE:20280101',
  'SUMMARY:Two years',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('days off from an iCalendar file', () => {
  it('reads all-day and timed events, folded lines and escapes; skips what it cannot place', () => {
    const { days, skipped } = parseIcsDays(ICS);
    expect(days).toEqual([
      { date: '2026-12-24', summary: 'Christmas Eve, office closed' },
      { date: '2026-12-28', summary: 'Between the holidays: the office is closed' },
      { date: '2026-12-29', summary: 'Between the holidays: the office is closed' },
      { date: '2026-12-30', summary: 'Between the holidays: the office is closed' },
      { date: '2027-01-15', summary: 'Team day' },
    ]);
    expect(skipped).toEqual([
      { summary: 'New Year', reason: 'recurring' },
      { summary: 'No date', reason: 'noStart' },
      { summary: 'Two years', reason: 'tooLong' },
    ]);
    // A single all-day event without DTEND is that one day.
    const single =
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270501\nSUMMARY:May Day\nEND:VEVENT\nEND:VCALENDAR';
    expect(parseIcsDays(single).days).toEqual([{ date: '2027-05-01', summary: 'May Day' }]);
    expect(() => parseIcsDays('<html>not a calendar</html>')).toThrow(IcsFormatError);
    expect(parseIcsDays('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261340\nEND:VEVENT\nEND:VCALENDAR').skipped).toEqual([
      { summary: '', reason: 'noStart' },
    ]);
  });

  it('previews what an import adds to the company days off and keeps every other setting', () => {
    const calendar = BusinessCalendarSchema.parse({
      id: 'warsaw',
      name: 'Warsaw',
      timeZone: 'Europe/Warsaw',
      country: 'PL',
      region: 'MZ',
      companyDaysOff: ['2026-12-24', '2026-12-31'],
      extraWorkingDays: ['2027-01-16'],
      weekdayHours: [{ weekday: 5, start: '09:00', end: '15:00' }],
    });
    const preview = previewIcsImport(calendar, parseIcsDays(ICS));
    expect(preview.added.map((day) => day.date)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2027-01-15']);
    expect(preview.alreadyOff.map((day) => day.date)).toEqual(['2026-12-24']);
    expect(preview.calendar).toEqual({
      ...calendar,
      companyDaysOff: ['2026-12-24', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-15'],
      companyDayNames: {
        '2026-12-24': 'Christmas Eve, office closed',
        '2026-12-28': 'Between the holidays: the office is closed',
        '2026-12-29': 'Between the holidays: the office is closed',
        '2026-12-30': 'Between the holidays: the office is closed',
        '2027-01-15': 'Team day',
      },
    });
  });

  it('keeps each imported day’s event name as its reason, through a save and wherever the day’s reason is asked', () => {
    const calendar = BusinessCalendarSchema.parse({
      id: 'warsaw',
      name: 'Warsaw',
      timeZone: 'Europe/Warsaw',
      country: 'PL',
      companyDaysOff: ['2026-12-31'],
      companyDayNames: { '2026-12-31': 'Year-end closing' },
    });
    const imported = previewIcsImport(calendar, parseIcsDays(ICS)).calendar;
    // A name the calendar already had stays; a day off with no name says only that it is a company day off.
    expect(imported.companyDayNames?.['2026-12-31']).toBe('Year-end closing');
    const saved = BusinessCalendarSchema.parse(JSON.parse(JSON.stringify(imported)));
    const ctx = { calendar: saved, holidays: {} };
    expect(nonBusinessReason(ctx, '2027-01-15')).toEqual({
      date: '2027-01-15',
      reason: 'companyDayOff',
      name: 'Team day',
    });
    expect(
      nonBusinessReason({ calendar: { ...saved, companyDayNames: undefined }, holidays: {} }, '2027-01-15')
    ).toEqual({
      date: '2027-01-15',
      reason: 'companyDayOff',
    });
    // The deadline engine names it where it explains a skipped day.
    const spec = parseDeadline('start + 1bd');
    const due = computeDue(spec, { start: atLocalTime(ctx, '2027-01-14', '10:00') }, ctx);
    expect(due.explanation).toContain('15 Jan is a company day off (Team day)');
    const messages = deadlineMessages(due, spec);
    expect(messages).toContainEqual({ key: 'skippedDayOff', params: { day: '2027-01-15', name: 'Team day' } });
    expect(deadlineText(messages, 'pl', 'Europe/Warsaw')).toContain('to dzień wolny w firmie (Team day)');
    expect(deadlineText(messages, 'ru', 'Europe/Warsaw')).toContain('выходной в компании (Team day)');
  });
});
