import type { temporal } from '@temporalio/proto';
import { api } from '../proto';

// Workflow updates' state in memory: admitted, sent to a worker, accepted; completed ones live in history.

const enums = api.enums.v1;

export interface PendingUpdate {
  id: string;
  request: temporal.api.update.v1.IRequest;
  state: 'admitted' | 'sent' | 'accepted';
  waiters: Set<() => void>;
}

export interface UpdateStatus {
  stage: number;
  outcome: temporal.api.update.v1.IOutcome | null;
}

export const Stage = enums.UpdateWorkflowExecutionLifecycleStage;
export const updateRequestType = 'type.googleapis.com/temporal.api.update.v1.Request';
