// The API's side of a start: loaded lazily by server/start.ts after the worker's side (start-worker-parts.ts,
// start-client-parts.ts), while the worker is made and passes its self-check.
export { serve } from '@hono/node-server';
export { createApp, createHealthApp } from '../api/app';
export { EventHub } from '../api/lib/event-hub';
export { releaseKeysInProgress } from '../api/lib/idempotency.middleware';
export { reconcileStepClaims } from '../api/lib/step-claims';
export { announceFirstAdmin, ensureFirstAdmin, seedDemo } from '../api/people/seed';
export { DEFAULT_MAX_FILE_BYTES, FileStore } from '../api/files/file-store';
export { DEFAULT_UNATTACHED_HOURS, startUploadSweeper } from '../api/files/upload-sweeper';
