import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { api, durationPresent, timestamp } from '../proto';
import { requireString } from '../errors';
import {
  EventType,
  decodeEvent,
  decodePayloads,
  encodeEvent,
  fromBase64,
  toBase64,
  type HistoryEvent,
  type Loose,
} from './history';
import { executionKey, type ActivityRecord } from './records';
import { attemptKey } from './activity-state';
import { workflowTaskScheduledEvent } from './history-builder';
import { encodeToken } from './task-token';
import type { Execution } from './execution';
import { directPoller, type Poller, type QueueKind, type QueueTask } from './matching';
import { updateRequestType } from './updates';
import * as queries from './queries';
import type { EngineHost } from './host';

// Task dispatch (the history service's side of matching): scheduling a workflow task, putting workflow and activity
// tasks on their task queues (engine/matching.ts), and starting one for a poller: the started event, the history
// page and the messages a workflow task carries, the attempt an activity task hands out. Also a stopping worker's
// polls and sticky queue.

const enums = api.enums.v1;

/** Puts a standalone activity's attempt on an activity task queue, where the same pollers take it. */
export function offerStandaloneActivity(
  host: EngineHost,
  namespace: string,
  taskQueue: string,
  key: string,
  attempt: number
): void {
  host.matching.offer(
    host.matching.queue('activity', namespace, taskQueue),
    { kind: 'standalone', key, attempt },
    (task, poller) => startActivityTask(host, task, poller)
  );
}

export function scheduleWorkflowTask(host: EngineHost, execution: Execution, attempt = 1, enqueue = true): void {
  const { record } = execution;
  if (record.status !== 'Running' || record.workflowTask) return;
  // A retried run starts after its backoff; the deadline schedules the task then.
  if (record.firstTaskAt && record.firstTaskAt > host.now()) return;
  const sticky = record.stickyQueue !== '';
  // Retries of a failing task are transient: their events reach history only when an attempt completes.
  const transient = attempt > 1;
  const scheduledEventId = transient
    ? record.nextEventId
    : Number(host.addEvent(execution, workflowTaskScheduledEvent(record, attempt, sticky)).eventId);
  record.workflowTask = {
    scheduledEventId,
    startedEventId: 0,
    attempt,
    scheduledTime: host.now(),
    startedTime: 0,
    sticky,
    stickySince: sticky ? host.now() : 0,
    requestId: '',
    transient,
  };
  host.changed(execution);
  if (enqueue) enqueueWorkflowTask(host, execution);
  host.armTimer(execution);
}

export function enqueueWorkflowTask(host: EngineHost, execution: Execution): void {
  const { record } = execution;
  const wt = record.workflowTask;
  if (!wt) return;
  const name = wt.sticky && record.stickyQueue ? record.stickyQueue : record.taskQueue;
  const key = executionKey(record.namespace, record.workflowId, record.runId);
  // Held for the answer to the completion that scheduled it (workflow-task-completion.ts enqueues it if not taken).
  if (host.heldWorkflowTask === key) return;
  host.matching.offer(
    host.matching.queue('workflow', record.namespace, name),
    { kind: 'workflow', key },
    (task, poller) => startWorkflowTask(host, task, poller, name)
  );
}

export function enqueueActivity(host: EngineHost, execution: Execution, activity: ActivityRecord): void {
  const { record } = execution;
  const key = executionKey(record.namespace, record.workflowId, record.runId);
  host.queuedAttempts.add(attemptKey(key, activity));
  host.matching.offer(
    host.matching.queue('activity', record.namespace, activity.taskQueue),
    { kind: 'activity', key, scheduledEventId: activity.scheduledEventId, attempt: activity.attempt },
    (task, poller) => startActivityTask(host, task, poller)
  );
}

/**
 * A started workflow task's answer whose history is durable but for the task's own scheduled and started events:
 * what its poll waits for before answering (the commit under way) instead of the commit of those two events.
 */
const durableBeforeStart = new WeakMap<object, Promise<void>>();

export async function pollWorkflowTaskQueue(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest,
  cancelled: AbortSignal
): Promise<object> {
  const namespace = host.namespace(request.namespace).name;
  const name = requireString(request.taskQueue?.name, 'taskQueue.name');
  const response = await host.matching.poll(
    host.matching.queue('workflow', namespace, name),
    { identity: request.identity ?? '', workerInstanceKey: request.workerInstanceKey ?? '' },
    (task, poller) => startWorkflowTask(host, task, poller, name),
    cancelled
  );
  // Every event the worker is sent must be durable, except the task's own scheduled and started events: as the real
  // server answers a poll for an update's speculative task without writing it, a task lost in a crash is scheduled
  // again (the worker's answer to the lost one names a start that no longer exists and is refused).
  const ready = response ? durableBeforeStart.get(response) : undefined;
  await (ready ?? host.flush());
  return response ?? {};
}

export async function pollActivityTaskQueue(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest,
  cancelled: AbortSignal
): Promise<object> {
  const namespace = host.namespace(request.namespace).name;
  const name = requireString(request.taskQueue?.name, 'taskQueue.name');
  const response = await host.matching.poll(
    host.matching.queue('activity', namespace, name),
    { identity: request.identity ?? '', workerInstanceKey: request.workerInstanceKey ?? '' },
    (task, poller) => startActivityTask(host, task, poller),
    cancelled
  );
  await host.flush();
  return response ?? {};
}

export function startWorkflowTask(host: EngineHost, task: QueueTask, poller: Poller, queueName: string): object | null {
  const execution = host.executions.get(task.key);
  if (!execution) return null;
  if (task.kind === 'query') return queries.startQueryTask(host, execution, task.queryId);
  if (task.kind !== 'workflow') return null;
  const { record } = execution;
  const wt = record.workflowTask;
  if (record.status !== 'Running' || !wt || wt.startedEventId !== 0) return null;
  const expectedQueue = wt.sticky && record.stickyQueue ? record.stickyQueue : record.taskQueue;
  if (expectedQueue !== queueName) return null;
  const requestId = randomUUID();
  if (wt.transient && wt.scheduledEventId !== record.nextEventId) {
    // New events arrived since the retry was scheduled: like the real server, it becomes a normal attempt 1.
    wt.transient = false;
    wt.attempt = 1;
    wt.scheduledEventId = Number(host.addEvent(execution, workflowTaskScheduledEvent(record, 1, wt.sticky)).eventId);
  }
  // Only the task's own scheduled event waits to be written (an update to an idle run): the answer need not wait.
  const pending = host.committer.pendingChange(task.key);
  const ownEventsOnly = !pending || pending.newEvents.every((event) => event.eventId === wt.scheduledEventId);
  const startedEvent: HistoryEvent = {
    eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    workflowTaskStartedEventAttributes: {
      scheduledEventId: wt.scheduledEventId,
      identity: poller.identity,
      requestId,
      historySizeBytes: record.historySizeBytes,
    },
  };
  wt.startedTime = host.now();
  wt.requestId = requestId;
  if (wt.transient) {
    // Sent to the worker after the stored history, written only if this attempt completes.
    const scheduled: HistoryEvent = {
      ...workflowTaskScheduledEvent(record, wt.attempt, wt.sticky),
      eventId: wt.scheduledEventId,
      eventTime: timestamp(wt.scheduledTime),
      taskId: wt.scheduledEventId,
    };
    const started: HistoryEvent = {
      ...startedEvent,
      eventId: wt.scheduledEventId + 1,
      eventTime: timestamp(wt.startedTime),
      taskId: wt.scheduledEventId + 1,
    };
    wt.transientEvents = [scheduled, started].map((event) => toBase64(encodeEvent(event)));
    wt.startedEventId = wt.scheduledEventId + 1;
    host.changed(execution);
  } else {
    wt.startedEventId = Number(host.addEvent(execution, startedEvent).eventId);
  }
  host.armTimer(execution);
  const response = workflowTaskResponse(host, execution, wt.sticky && queueName === record.stickyQueue);
  if (ownEventsOnly) durableBeforeStart.set(response, host.committer.underWay());
  return response;
}

function workflowTaskResponse(host: EngineHost, execution: Execution, sticky: boolean): object {
  const { record } = execution;
  const wt = record.workflowTask;
  if (!wt) throw new Error('no workflow task');
  const firstEventId = sticky ? record.lastCompletedStartedEventId + 1 : 1;
  const page = historyPage(host, execution, firstEventId, wt.startedEventId);
  const queries: Record<string, temporal.api.query.v1.IWorkflowQuery> = {};
  for (const query of execution.queries.values()) {
    if (query.state === 'waiting') {
      query.state = 'attached';
      queries[query.id] = query.query;
    }
  }
  const messages: Loose<temporal.api.protocol.v1.IMessage>[] = [];
  for (const update of execution.updates.values()) {
    if (update.state !== 'admitted') continue;
    update.state = 'sent';
    messages.push({
      id: `${update.id}/request`,
      protocolInstanceId: update.id,
      eventId: wt.startedEventId - 1,
      body: { type_url: updateRequestType, value: api.update.v1.Request.encode(update.request).finish() },
    });
  }
  return {
    messages,
    taskToken: encodeToken({
      k: 'w',
      n: record.namespace,
      w: record.workflowId,
      r: record.runId,
      s: wt.scheduledEventId,
      a: wt.attempt,
      t: wt.requestId,
    }),
    workflowExecution: { workflowId: record.workflowId, runId: record.runId },
    workflowType: { name: record.workflowType },
    previousStartedEventId: record.lastCompletedStartedEventId,
    startedEventId: wt.startedEventId,
    attempt: wt.attempt,
    backlogCountHint: 0,
    history: { events: page.events },
    nextPageToken: page.nextPageToken,
    workflowExecutionTaskQueue: { name: record.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: timestamp(wt.scheduledTime),
    startedTime: timestamp(wt.startedTime),
    queries,
  };
}

/** Events [first, last] limited to one page; the token continues the same range. */
export function historyPage(
  host: EngineHost,
  execution: Execution,
  first: number,
  last: number,
  pageSize = host.historyPageSize
): { events: HistoryEvent[]; nextPageToken: Uint8Array | null } {
  const size = Math.max(1, pageSize);
  const end = Math.min(last, first + size - 1, execution.history.length);
  const events = execution.history.slice(first - 1, end);
  const nextPageToken =
    end < last && end < execution.history.length
      ? Buffer.from(JSON.stringify({ r: execution.record.runId, f: end + 1, l: last }))
      : null;
  const wt = execution.record.workflowTask;
  if (!nextPageToken && wt?.transientEvents && wt.startedEventId === last && end === execution.history.length) {
    // A transient attempt's task: its scheduled and started events end the last page, as on the real server.
    events.push(...wt.transientEvents.map((text) => decodeEvent(fromBase64(text))));
  }
  return { events, nextPageToken };
}

/**
 * Eager activity dispatch: an activity the completing workflow task scheduled with `requestEagerExecution` is started
 * for that worker and handed back in the completion's answer (`activityTasks`), without a trip through its queue, as
 * the real server does with `system.enableActivityEagerExecution`. Called only while the run is running, for an
 * activity scheduled in that very completion: null only when it is gone already (cancelled in the same task).
 */
export function startEagerActivity(
  host: EngineHost,
  execution: Execution,
  scheduledEventId: number,
  identity: string
): object | null {
  const { record } = execution;
  const activity = record.activities[String(scheduledEventId)];
  if (!activity) return null;
  const key = executionKey(record.namespace, record.workflowId, record.runId);
  return startActivityTask(
    host,
    { kind: 'activity', key, scheduledEventId, attempt: activity.attempt },
    directPoller(identity)
  );
}

function startActivityTask(host: EngineHost, task: QueueTask, poller: Poller): object | null {
  if (task.kind === 'standalone')
    return host.standaloneActivityStarter?.(task.key, task.attempt, poller.identity) ?? null;
  if (task.kind !== 'activity') return null;
  const execution = host.executions.get(task.key);
  if (!execution || execution.record.status !== 'Running') return null;
  const activity = execution.record.activities[String(task.scheduledEventId)];
  if (!activity || activity.startedTime !== 0 || activity.attempt !== task.attempt) return null;
  const { record } = execution;
  const now = host.now();
  host.queuedAttempts.delete(attemptKey(task.key, activity));
  activity.startedTime = now;
  activity.startedIdentity = poller.identity;
  activity.requestId = randomUUID();
  activity.lastHeartbeatTime = 0;
  host.changed(execution);
  host.armTimer(execution);
  const scheduled = execution.history[activity.scheduledEventId - 1]?.activityTaskScheduledEventAttributes;
  return {
    taskToken: encodeToken({
      k: 'a',
      n: record.namespace,
      w: record.workflowId,
      r: record.runId,
      s: activity.scheduledEventId,
      a: activity.attempt,
    }),
    workflowNamespace: record.namespace,
    workflowType: { name: record.workflowType },
    workflowExecution: { workflowId: record.workflowId, runId: record.runId },
    activityType: { name: activity.activityType },
    activityId: activity.activityId,
    header: scheduled?.header,
    input: scheduled?.input,
    heartbeatDetails: decodePayloads(activity.heartbeatDetails),
    scheduledTime: timestamp(activity.scheduledTime),
    currentAttemptScheduledTime: timestamp(activity.currentAttemptScheduledTime),
    startedTime: timestamp(now),
    attempt: activity.attempt,
    scheduleToCloseTimeout: durationPresent(activity.scheduleToCloseMs),
    startToCloseTimeout: durationPresent(activity.startToCloseMs),
    heartbeatTimeout: durationPresent(activity.heartbeatMs),
    retryPolicy: scheduled?.retryPolicy,
    priority: scheduled?.priority,
  };
}

/**
 * A worker is stopping. Its outstanding polls on `taskQueue` (of the given kinds, both when none are named) are
 * answered empty at once, so no task is handed to a worker that will not run it (`workerPollCompleteOnShutdown`,
 * as the server does with `frontend.enableCancelWorkerPollsOnShutdown`); its sticky tasks move to the normal queue.
 */
export function shutdownWorker(
  host: EngineHost,
  namespace: string,
  stickyQueue: string,
  worker: { workerInstanceKey?: string; taskQueue?: string; kinds?: ('workflow' | 'activity')[] } = {}
): void {
  const { workerInstanceKey, taskQueue } = worker;
  if (workerInstanceKey) {
    host.matching.workerStopped(workerInstanceKey);
  }
  if (workerInstanceKey && taskQueue) {
    const kinds: QueueKind[] = worker.kinds?.length ? worker.kinds : ['workflow', 'activity'];
    for (const kind of kinds) {
      const queue = host.matching.existing(kind, namespace, taskQueue);
      const polls = queue?.pollers.filter((poller) => poller.workerInstanceKey === workerInstanceKey) ?? [];
      for (const poller of polls) poller.resolve(null);
    }
  }
  if (!stickyQueue) return;
  // The worker's sticky queue is its own: its outstanding polls are answered too, or the stopping worker waits
  // for their slots until the long poll ends.
  for (const poller of host.matching.existing('workflow', namespace, stickyQueue)?.pollers.slice() ?? [])
    poller.resolve(null);
  for (const execution of host.executions.values()) {
    const { record } = execution;
    if (record.namespace !== namespace || record.stickyQueue !== stickyQueue) continue;
    record.stickyQueue = '';
    host.changed(execution);
    const wt = record.workflowTask;
    if (wt && wt.startedEventId === 0 && wt.sticky) {
      wt.sticky = false;
      enqueueWorkflowTask(host, execution);
    }
    host.armTimer(execution);
  }
  host.matching.remove('workflow', namespace, stickyQueue);
}
