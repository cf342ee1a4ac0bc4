export * from './business-calendar';
export * from './business-time';
// Holiday lookup stays out of this barrel: it pulls in date-holidays, which workflow code must not run
// (see holidays.ts). Import it from './holidays' in activities, the API and the designer.
