import { describe, expect, it, vi } from 'vitest';
import { ResolvedHolidaysSchema } from './business-calendar';
import { resolvePublicHolidays, UnsupportedHolidayRegionError } from './holidays';

describe('resolvePublicHolidays', () => {
  it('resolves Polish public holidays for 2026 in Polish, as plain data', () => {
    const holidays = resolvePublicHolidays({ country: 'PL' }, 2026, 2026);
    expect(holidays['2026-11-11']).toBe('Narodowe Święto Niepodległości');
    expect(holidays['2026-04-06']).toBe('Drugi dzień Wielkanocy');
    expect(holidays['2026-12-24']).toBe('Wigilia Bożego Narodzenia');
    expect(Object.keys(holidays)).toHaveLength(14);
    expect(Object.keys(holidays).every((date) => date.startsWith('2026-'))).toBe(true);
    // Plain JSON survives an activity result and validates on the other side.
    expect(ResolvedHolidaysSchema.parse(JSON.parse(JSON.stringify(holidays)))).toStrictEqual(holidays);
  });

  it('names holidays in another language on request', () => {
    expect(resolvePublicHolidays({ country: 'PL' }, 2026, 2026, { language: 'en' })['2026-11-11']).toBe(
      'Independence Day'
    );
  });

  it.each([
    ['CZ', undefined, '2026-10-28'],
    ['RU', undefined, '2026-06-12'],
    ['DE', undefined, '2026-10-03'],
    ['GB', 'ENG', '2026-08-31'],
    ['US', undefined, '2026-07-03'], // Independence Day falls on a Saturday, observed on Friday
  ])('covers %s %s (%s)', (country, region, date) => {
    const holidays = resolvePublicHolidays(region === undefined ? { country } : { country, region }, 2026, 2026);
    expect(holidays[date]).toBeDefined();
  });

  it('uses regions: Epiphany is a holiday in Bavaria, not in Berlin', () => {
    expect(resolvePublicHolidays({ country: 'DE', region: 'BY' }, 2026, 2026)['2026-01-06']).toBeDefined();
    expect(resolvePublicHolidays({ country: 'DE', region: 'BE' }, 2026, 2026)['2026-01-06']).toBeUndefined();
  });

  it('keeps only public holidays: Scottish bank holidays are not English ones', () => {
    const england = resolvePublicHolidays({ country: 'GB', region: 'ENG' }, 2026, 2026);
    expect(england['2026-01-02']).toBeUndefined();
    expect(resolvePublicHolidays({ country: 'GB', region: 'SCT' }, 2026, 2026)['2026-01-02']).toBeDefined();
  });

  it('spreads multi-day holidays over each day (Russian New Year holidays)', () => {
    const russia = resolvePublicHolidays({ country: 'RU' }, 2026, 2026);
    for (const date of ['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']) {
      expect(russia[date], date).toBeDefined();
    }
  });

  it('covers a year range', () => {
    const holidays = resolvePublicHolidays({ country: 'PL' }, 2026, 2028);
    expect(holidays['2027-11-11']).toBeDefined();
    expect(holidays['2028-11-11']).toBeDefined();
  });

  it('rejects unknown countries, regions and ranges with a message saying what is valid', () => {
    expect(() => resolvePublicHolidays({ country: 'XX' }, 2026, 2026)).toThrow(UnsupportedHolidayRegionError);
    expect(() => resolvePublicHolidays({ country: 'DE', region: 'XX' }, 2026, 2026)).toThrow(/known regions: .*BY/);
    expect(() => resolvePublicHolidays({ country: 'PL' }, 2027, 2026)).toThrow(RangeError);
  });
});

describe('resolvePublicHolidays keeps the years it looked up', () => {
  it('asks date-holidays once per year, and every caller gets its own copy', async () => {
    const { default: Holidays } = await import('date-holidays');
    const lookups = vi.spyOn(Holidays.prototype, 'getHolidays');
    try {
      // A country no other test here asks for, so the years are not kept yet.
      const first = resolvePublicHolidays({ country: 'NZ' }, 2026, 2028);
      const asked = lookups.mock.calls.length;
      expect(asked).toBe(3);
      const again = resolvePublicHolidays({ country: 'NZ' }, 2027, 2029);
      expect(lookups.mock.calls.length).toBe(asked + 1); // only 2029 is new
      expect(again['2027-12-25']).toBe(first['2027-12-25']);
      // A caller changing its answer changes nobody else's.
      first['2027-12-25'] = 'changed';
      expect(resolvePublicHolidays({ country: 'NZ' }, 2027, 2027)['2027-12-25']).toBe(again['2027-12-25']);
      expect(lookups.mock.calls.length).toBe(asked + 1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('still refuses an unknown country or region every time', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => resolvePublicHolidays({ country: 'XX' }, 2026, 2026)).toThrow(UnsupportedHolidayRegionError);
      expect(() => resolvePublicHolidays({ country: 'DE', region: 'ZZ' }, 2026, 2026)).toThrow(
        UnsupportedHolidayRegionError
      );
    }
  });
});
