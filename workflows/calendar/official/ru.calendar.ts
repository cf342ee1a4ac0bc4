import type { OfficialCalendar } from './official-calendar';

/**
 * The Russian production calendar (производственный календарь): the government's yearly decree on moving days
 * off, plus the Labour Code rule that a holiday on a weekend moves to the next working day (art. 112) and that
 * the working day before a holiday is an hour shorter (art. 95). date-holidays knows the holidays only.
 * Add a year when its decree is published (usually in autumn of the year before).
 */
export const RU_CALENDAR: OfficialCalendar = {
  2024: {
    decree: 'Постановление Правительства РФ от 10.08.2023 № 1314',
    daysOff: [
      { date: '2024-04-29', from: '2024-04-27' },
      { date: '2024-04-30', from: '2024-11-02' },
      { date: '2024-05-10', from: '2024-01-06' },
      { date: '2024-12-30', from: '2024-12-28' },
      { date: '2024-12-31', from: '2024-01-07' },
    ],
    workingDays: ['2024-04-27', '2024-11-02', '2024-12-28'],
    shortenedDays: ['2024-02-22', '2024-03-07', '2024-05-08', '2024-06-11', '2024-11-02'],
    norm: { workingDays: 248, hours: 1979 },
  },
  2025: {
    decree: 'Постановление Правительства РФ от 04.10.2024 № 1335',
    daysOff: [
      { date: '2025-05-02', from: '2025-01-04' },
      { date: '2025-12-31', from: '2025-01-05' },
      { date: '2025-05-08', from: '2025-02-23' },
      { date: '2025-06-13', from: '2025-03-08' },
      { date: '2025-11-03', from: '2025-11-01' },
    ],
    workingDays: ['2025-11-01'],
    shortenedDays: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
    norm: { workingDays: 247, hours: 1972 },
  },
  2026: {
    decree: 'Постановление Правительства РФ от 24.09.2025 № 1466',
    daysOff: [
      { date: '2026-01-09', from: '2026-01-03' },
      { date: '2026-12-31', from: '2026-01-04' },
      // Holidays on a weekend, moved by the Labour Code itself (art. 112).
      { date: '2026-03-09', from: '2026-03-08' },
      { date: '2026-05-11', from: '2026-05-09' },
    ],
    workingDays: [],
    shortenedDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
    norm: { workingDays: 247, hours: 1972 },
  },
};
