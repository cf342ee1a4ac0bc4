/**
 * The failure type of an activity whose row the database refused for its data (PostgreSQL SQLSTATE class 22). It is
 * not retried; the process workflow records it and goes on (worker/storable.ts raises it).
 */
export const DATA_ERROR = 'DataError';
