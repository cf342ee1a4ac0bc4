// The worker's side of a start, only what making the worker needs (the Temporal SDK's worker, the activities): loaded
// lazily by server/start.ts once PostgreSQL is spawned, so the worker is made as soon as the Temporal service is up.
export { NativeConnection } from '@temporalio/worker';
export { createWorker } from '../worker/worker';
export { installTemporalRuntime } from './temporal/sdk-logger';
