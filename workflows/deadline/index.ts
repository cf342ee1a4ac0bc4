export * from './deadline-spec';
export * from './compute-due';
export * from './pause';
