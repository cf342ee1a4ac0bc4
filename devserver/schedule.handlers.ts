import type { temporal } from '@temporalio/proto';
import type { Engine } from './engine/engine';
import type { Schedules } from './engine/schedules';
import type { RpcHandler } from './grpc-server';

/** WorkflowService schedule RPCs mapped onto `engine/schedules.ts`; every change is durable before the answer. */
export function scheduleHandlers(engine: Engine, schedules: Schedules): Record<string, RpcHandler> {
  const mutate = async <T>(work: () => T): Promise<T> => {
    try {
      return work();
    } finally {
      await engine.flush();
    }
  };
  const handlers: Record<string, (request: never) => Promise<object>> = {
    CreateSchedule: (request: temporal.api.workflowservice.v1.ICreateScheduleRequest) =>
      mutate(() => schedules.create(request)),
    DescribeSchedule: async (request: temporal.api.workflowservice.v1.IDescribeScheduleRequest) =>
      schedules.describe(request),
    UpdateSchedule: (request: temporal.api.workflowservice.v1.IUpdateScheduleRequest) =>
      mutate(() => schedules.update(request)),
    PatchSchedule: (request: temporal.api.workflowservice.v1.IPatchScheduleRequest) =>
      mutate(() => schedules.patch(request)),
    DeleteSchedule: (request: temporal.api.workflowservice.v1.IDeleteScheduleRequest) =>
      mutate(() => schedules.delete(request)),
    ListSchedules: async (request: temporal.api.workflowservice.v1.IListSchedulesRequest) => schedules.list(request),
    ListScheduleMatchingTimes: async (request: temporal.api.workflowservice.v1.IListScheduleMatchingTimesRequest) =>
      schedules.matchingTimes(request),
  };
  return handlers as Record<string, RpcHandler>;
}
