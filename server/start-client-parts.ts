// The rest of the worker's side of a start (the Temporal client, the built-in templates, the outbox, the report
// schedules): loaded lazily by server/start.ts once the worker is being made, while its workflow thread loads, and
// before the API's side (start-parts.ts).
export { Client, Connection } from '@temporalio/client';
export { API_CONNECTION_OPTIONS } from '../api/lib/temporal';
export { OutboxDispatcher } from '../worker/outbox/outbox-dispatcher';
export { scheduleReportWorkflows } from '../worker/report-schedules';
export { seedTemplateLibrary } from './library-seed';
