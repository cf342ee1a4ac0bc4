import { api, idempotencyKey, ok } from '../api/api';
import type { InferRequestType } from 'hono/client';

export type StepAction = InferRequestType<(typeof api.api.steps)[':id']['actions']['$post']>['json'];

export function fetchInbox(query: { status?: 'active' | 'done' | 'all' } = {}) {
  return ok(api.api.inbox.$get({ query: { limit: '200', status: query.status ?? 'active' } }));
}
export type InboxItem = Awaited<ReturnType<typeof fetchInbox>>['items'][number];

export function fetchStep(id: string) {
  return ok(api.api.steps[':id'].$get({ param: { id } }));
}
export type StepDetail = Awaited<ReturnType<typeof fetchStep>>;

export function actOnStep(id: string, action: StepAction) {
  return ok(
    api.api.steps[':id'].actions.$post({
      param: { id },
      header: { 'idempotency-key': idempotencyKey() },
      json: action,
    })
  );
}

export function fetchAudit(processId: string) {
  return ok(api.api.processes[':id'].audit.$get({ param: { id: processId }, query: { limit: '200' } }));
}

export function fetchTeamQueue() {
  return ok(api.api.inbox.queue.$get());
}
export type TeamQueueItem = Awaited<ReturnType<typeof fetchTeamQueue>>['items'][number];
