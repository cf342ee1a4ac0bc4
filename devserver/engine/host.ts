import type { Engine } from './engine';

// The engine members the per-concern files (timers.ts, children.ts, …) use: the engine passes itself as the host.
export type EngineHost = Pick<
  Engine,
  | 'addEvent'
  | 'addExternalEvents'
  | 'armTimer'
  | 'changed'
  | 'close'
  | 'closeActivity'
  | 'closed'
  | 'createRun'
  | 'cronRun'
  | 'currentRuns'
  | 'enqueueActivity'
  | 'enqueueWorkflowTask'
  | 'executions'
  | 'find'
  | 'flush'
  | 'flushBuffered'
  | 'logger'
  | 'namespace'
  | 'namespaces'
  | 'now'
  | 'queuedAttempts'
  | 'retryActivity'
  | 'retryWorkflowTask'
  | 'scheduleWorkflowTask'
  | 'startWorkflow'
  | 'terminate'
>;
