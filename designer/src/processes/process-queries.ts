import type { InferRequestType } from 'hono/client';
import { api, ok } from '../api/api';

export type ProcessFilters = InferRequestType<typeof api.api.processes.$get>['query'];

export function fetchProcesses(filters: ProcessFilters) {
  return ok(api.api.processes.$get({ query: filters }));
}
export type ProcessSummary = Awaited<ReturnType<typeof fetchProcesses>>['items'][number];

export function fetchProcess(id: string) {
  return ok(api.api.processes[':id'].$get({ param: { id } }));
}
