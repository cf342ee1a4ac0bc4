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

/** Whether a step action's answer says it was sent but its outcome is not known yet (202). */
export function outcomeUnknown(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { outcome?: unknown }).outcome === 'unknown';
}

/**
 * Sends a step action. When the server sent it on but lost the answer (202, outcome unknown), it asks again with the
 * same Idempotency-Key, which never applies the action twice and returns the first outcome once it is known; after a
 * few tries the unknown answer is returned for the page to say so.
 */
export async function actOnStep(id: string, action: StepAction) {
  const key = idempotencyKey();
  for (let attempt = 1; ; attempt += 1) {
    const result = await ok(
      api.api.steps[':id'].actions.$post({ param: { id }, header: { 'idempotency-key': key }, json: action })
    );
    if (!outcomeUnknown(result) || attempt >= 4) return result;
    await new Promise((resolve) => setTimeout(resolve, 1500 * attempt));
  }
}

export function fetchAudit(processId: string) {
  return ok(api.api.processes[':id'].audit.$get({ param: { id: processId }, query: { limit: '200' } }));
}

export function fetchTeamQueue() {
  return ok(api.api.inbox.queue.$get());
}
export type TeamQueueItem = Awaited<ReturnType<typeof fetchTeamQueue>>['items'][number];
