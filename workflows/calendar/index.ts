/**
 * Business calendars and business-time arithmetic, pure and isomorphic (browser, API, activities and
 * Temporal workflow code). In a workflow, get a `CalendarContext` from an activity that calls
 * `resolveCalendarContext` (./holidays) and pass it to these functions; never resolve holidays in the
 * workflow itself, so a date-holidays upgrade cannot change how an old history replays.
 */
export * from './business-calendar';
export * from './business-time';
// Holiday lookup stays out of this barrel: it pulls in date-holidays, which workflow code must not run
// (see holidays.ts). Import it from './holidays' in activities, the API and the designer.
