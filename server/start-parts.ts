// The heavy modules of a start (the API, the Temporal client and worker, the activities): most of a warm start's CPU
// is loading them, so server/start.ts imports this file lazily and loads it while PostgreSQL and the devserver start.
export { serve } from '@hono/node-server';
export { Client, Connection } from '@temporalio/client';
export { NativeConnection } from '@temporalio/worker';
export { createApp, createHealthApp } from '../api/app';
export { EventHub } from '../api/lib/event-hub';
export { releaseKeysInProgress } from '../api/lib/idempotency.middleware';
export { reconcileStepClaims } from '../api/lib/step-claims';
export { API_CONNECTION_OPTIONS } from '../api/lib/temporal';
export { announceFirstAdmin, ensureFirstAdmin, seedDemo } from '../api/people/seed';
export { DEFAULT_MAX_FILE_BYTES, FileStore } from '../api/files/file-store';
export { DEFAULT_UNATTACHED_HOURS, startUploadSweeper } from '../api/files/upload-sweeper';
export { OutboxDispatcher } from '../worker/outbox/outbox-dispatcher';
export { scheduleReportWorkflows } from '../worker/report-schedules';
export { startWorker } from '../worker/worker';
export { seedTemplateLibrary } from './library-seed';
export { installTemporalRuntime } from './temporal/sdk-logger';
