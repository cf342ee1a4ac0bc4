// The worker's side of a start (the Temporal SDK, the activities, the built-in templates): loaded first and lazily by
// server/start.ts, while PostgreSQL and the devserver start, so the worker is made while the API's modules still load.
export { Client, Connection } from '@temporalio/client';
export { NativeConnection } from '@temporalio/worker';
export { API_CONNECTION_OPTIONS } from '../api/lib/temporal';
export { OutboxDispatcher } from '../worker/outbox/outbox-dispatcher';
export { scheduleReportWorkflows } from '../worker/report-schedules';
export { createWorker } from '../worker/worker';
export { seedTemplateLibrary } from './library-seed';
export { installTemporalRuntime } from './temporal/sdk-logger';
