export class HolidaysNotResolvedError extends Error {
  override readonly name = 'HolidaysNotResolvedError';

  constructor(
    readonly calendarId: string,
    readonly date: string,
    readonly holidayYears: { readonly from: number; readonly to: number }
  ) {
    super(
      `calendar "${calendarId}" has public holidays resolved for ${holidayYears.from}-${holidayYears.to} only, ` +
        `but ${date} was asked about; resolve holidays for a range that includes ${date.slice(0, 4)}`
    );
  }
}
