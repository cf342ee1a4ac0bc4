import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { ServiceError, invalidArgument, notFound, requireString } from '../errors';
import { api, duration, durationMs, durationPresent, timestamp } from '../proto';
import { compileQuery, executionStatusNames } from '../visibility/evaluate';
import { decodeSearchValue, type SearchAttributeType, type SearchValue } from '../visibility/search-attributes';
import { activityDeadlines, normalizeRetry, retryBackoffMs } from './activity-state';
import type { Engine } from './engine';
import {
  decodeFailure,
  decodePayloads,
  encodeFailure,
  encodePayloads,
  fromBase64,
  toBase64,
  type Failure,
  type Payloads,
} from './history';
import {
  standaloneActivityKey,
  type StandaloneActivityRecord,
  type StandaloneActivityStatus,
} from './standalone-activity-records';
import { decodeToken, encodeToken } from './task-token';
import { customSearchAttributes, offsetPageToken, readOffsetPageToken } from './visibility-query';

const enums = api.enums.v1;
const TimeoutType = enums.TimeoutType;
const RetryState = enums.RetryState;
const common = api.common.v1;
type Request = temporal.api.workflowservice.v1.IStartActivityExecutionRequest;

interface Live {
  record: StandaloneActivityRecord;
  timer: NodeJS.Timeout | null;
  /** PollActivityExecution callers waiting for the outcome. */
  waiters: Set<() => void>;
  /** The attempt already put on the task queue (0: none): each attempt is offered once. */
  queuedAttempt: number;
}

const statusNumber: Record<StandaloneActivityStatus, number> = {
  Running: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_RUNNING,
  Completed: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_COMPLETED,
  Failed: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_FAILED,
  Canceled: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_CANCELED,
  Terminated: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED,
  TimedOut: enums.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TIMED_OUT,
};

/** How the server's enums print in failure messages (`activity StartToClose timeout`). */
const timeoutNames: Record<number, string> = {
  [TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE]: 'StartToClose',
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START]: 'ScheduleToStart',
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE]: 'ScheduleToClose',
  [TimeoutType.TIMEOUT_TYPE_HEARTBEAT]: 'Heartbeat',
};

/** The search attributes a standalone activity list or count filters on. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listSchema: Record<string, SearchAttributeType> = {
  ActivityId: 'Keyword',
  ActivityType: 'Keyword',
  RunId: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
};

/**
 * Standalone activity executions (`StartActivityExecution` and its companions), as the server's CHASM activity
 * (chasm/lib/activity) runs them: an activity id with reuse and conflict policies, its own retries and four
 * timeouts, heartbeats, cancel and terminate, an outcome that pollers wait for. Attempts go on the engine's activity
 * task queues, so an ordinary worker runs them; their task tokens carry kind `s`.
 */
export class StandaloneActivities {
  private readonly runs = new Map<string, Live>();
  /** namespace + activity id → the latest run id. */
  private readonly current = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly logger: Logger
  ) {}

  /** Takes over the executions the engine loaded, re-offers waiting attempts and re-arms every deadline. */
  start(): void {
    for (const record of this.engine.loadedStandaloneActivities) {
      const live: Live = { record, timer: null, waiters: new Set(), queuedAttempt: 0 };
      const key = keyOf(record);
      this.runs.set(key, live);
      const idKey = `${record.namespace}\u0000${record.activityId}`;
      const known = this.runs.get(
        standaloneActivityKey(record.namespace, record.activityId, this.current.get(idKey) ?? '')
      );
      if (!known || known.record.scheduledTime <= record.scheduledTime) this.current.set(idKey, record.runId);
    }
    this.engine.loadedStandaloneActivities = [];
    this.engine.standaloneActivityStarter = (key, attempt, identity) => this.startAttempt(key, attempt, identity);
    this.engine.externalDeadlines.push(() => this.nextDeadline());
    this.engine.afterSkip.push(() => this.fireAll());
    this.engine.externalOutstanding.push(() => this.outstanding());
    for (const live of this.runs.values()) {
      if (live.record.status !== 'Running') continue;
      this.dispatchIfDue(live);
      this.arm(live);
    }
  }

  shutdown(): void {
    this.stopped = true;
    for (const live of this.runs.values()) {
      if (live.timer) clearTimeout(live.timer);
      live.timer = null;
      for (const wake of live.waiters) wake();
    }
  }

  /**
   * Deletes closed executions whose namespace retention has passed since they closed (committed with the next
   * flush, as a workflow run's retention does). Returns how many went.
   */
  sweepRetention(): number {
    const now = this.engine.currentTime();
    let deleted = 0;
    for (const live of this.runs.values()) {
      const { record } = live;
      if (record.status === 'Running') continue;
      const retentionMs = this.engine.namespace(record.namespace).retentionMs || 24 * 3600_000;
      if (record.closeTime + retentionMs > now) continue;
      this.forget(record);
      deleted++;
    }
    return deleted;
  }

  // ---------------------------------------------------------------- RPCs

  startExecution(request: Request): { runId: string; started: boolean } {
    const namespace = this.engine.namespace(request.namespace).name;
    const activityId = requireString(request.activityId, 'activityId');
    const activityType = requireString(request.activityType?.name, 'activityType');
    const taskQueue = requireString(request.taskQueue?.name, 'taskQueue.name');
    const requestId = request.requestId || randomUUID();
    let scheduleToCloseMs = durationMs(request.scheduleToCloseTimeout);
    let scheduleToStartMs = durationMs(request.scheduleToStartTimeout);
    let startToCloseMs = durationMs(request.startToCloseTimeout);
    let heartbeatMs = durationMs(request.heartbeatTimeout);
    if (startToCloseMs === 0 && scheduleToCloseMs === 0) {
      throw invalidArgument(
        `a valid StartToCloseTimeout or ScheduleToCloseTimeout must be set on the activity. ActivityId=${activityId} ActivityType=${activityType}`
      );
    }
    // As the server's validator normalizes them: each timeout bounded by the wider ones.
    if (scheduleToCloseMs > 0) {
      if (startToCloseMs === 0 || startToCloseMs > scheduleToCloseMs) startToCloseMs = scheduleToCloseMs;
      if (scheduleToStartMs === 0 || scheduleToStartMs > scheduleToCloseMs) scheduleToStartMs = scheduleToCloseMs;
    } else scheduleToCloseMs = 0;
    if (heartbeatMs > startToCloseMs) heartbeatMs = startToCloseMs;

    const idKey = `${namespace}\u0000${activityId}`;
    const existing = this.runs.get(standaloneActivityKey(namespace, activityId, this.current.get(idKey) ?? ''));
    if (existing) {
      const { record } = existing;
      // A retried start (same request id) answers with the run it made.
      if (record.requestId === requestId) return { runId: record.runId, started: true };
      if (record.status === 'Running') {
        if (request.idConflictPolicy === enums.ActivityIdConflictPolicy.ACTIVITY_ID_CONFLICT_POLICY_USE_EXISTING) {
          return { runId: record.runId, started: false };
        }
        throw alreadyStarted(record);
      }
      const reuse = request.idReusePolicy ?? 0;
      if (reuse === enums.ActivityIdReusePolicy.ACTIVITY_ID_REUSE_POLICY_REJECT_DUPLICATE) throw alreadyStarted(record);
      if (
        reuse === enums.ActivityIdReusePolicy.ACTIVITY_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
        record.status === 'Completed'
      ) {
        throw alreadyStarted(record);
      }
    }
    const now = this.engine.currentTime();
    const record: StandaloneActivityRecord = {
      namespace,
      activityId,
      runId: randomUUID(),
      activityType,
      taskQueue,
      requestId,
      identity: request.identity ?? '',
      input: encodePayloads(request.input),
      header: encodeMessage(common.Header, request.header),
      searchAttributes: encodeMessage(common.SearchAttributes, request.searchAttributes),
      userMetadata: encodeMessage(api.sdk.v1.UserMetadata, request.userMetadata),
      priority: encodeMessage(common.Priority, request.priority),
      retryPolicy: encodeMessage(common.RetryPolicy, request.retryPolicy),
      retry: normalizeRetry(request.retryPolicy),
      scheduleToCloseMs,
      scheduleToStartMs,
      startToCloseMs,
      heartbeatMs,
      status: 'Running',
      scheduledTime: now,
      attempt: 1,
      currentAttemptScheduledTime: now + durationMs(request.startDelay),
      startedTime: 0,
      startedIdentity: '',
      lastHeartbeatTime: 0,
      heartbeatCount: 0,
      heartbeatDetails: null,
      lastFailure: null,
      lastAttemptCompleteTime: 0,
      cancelRequestId: null,
      cancelReason: '',
      terminateRequestId: null,
      closeTime: 0,
      result: null,
      failure: null,
      retryState: 0,
    };
    const live: Live = { record, timer: null, waiters: new Set(), queuedAttempt: 0 };
    this.runs.set(keyOf(record), live);
    this.current.set(idKey, record.runId);
    this.save(live);
    this.dispatchIfDue(live);
    this.arm(live);
    return { runId: record.runId, started: true };
  }

  /** Long-polls until the run closes; answers without an outcome when the poll times out (the SDK polls again). */
  async pollOutcome(
    request: temporal.api.workflowservice.v1.IPollActivityExecutionRequest,
    cancelled: AbortSignal
  ): Promise<object> {
    const live = this.find(request.namespace, request.activityId, request.runId);
    if (live.record.status === 'Running' && !this.stopped) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timeout);
          cancelled.removeEventListener('abort', done);
          live.waiters.delete(done);
          resolve();
        };
        const timeout = setTimeout(done, this.engine.longPollTimeoutMs);
        cancelled.addEventListener('abort', done);
        live.waiters.add(done);
      });
    }
    return { runId: live.record.runId, outcome: outcome(live.record) };
  }

  describe(request: temporal.api.workflowservice.v1.IDescribeActivityExecutionRequest): object {
    const live = this.find(request.namespace, request.activityId, request.runId);
    const { record } = live;
    return {
      runId: record.runId,
      info: this.info(record, request),
      input: request.includeInput ? decodePayloads(record.input) : null,
      outcome: request.includeOutcome ? outcome(record) : null,
    };
  }

  requestCancel(request: temporal.api.workflowservice.v1.IRequestCancelActivityExecutionRequest): void {
    const live = this.find(request.namespace, request.activityId, request.runId);
    const { record } = live;
    // A retried request is answered as the first was, even after the activity closed.
    if (request.requestId && record.cancelRequestId === request.requestId) return;
    if (record.status !== 'Running') throw terminalState(record);
    if (record.cancelRequestId !== null) {
      throw new ServiceError(
        status.FAILED_PRECONDITION,
        `cancellation already requested with request ID ${record.cancelRequestId}`
      );
    }
    record.cancelRequestId = request.requestId || randomUUID();
    record.cancelReason = request.reason ?? '';
    if (record.startedTime === 0) {
      // No attempt in progress: canceled at once, with the reason as the details (a worker is told on its heartbeat).
      this.close(live, 'Canceled', { failure: canceledFailure(jsonPayloads(record.cancelReason)) });
      return;
    }
    this.save(live);
  }

  terminate(request: temporal.api.workflowservice.v1.ITerminateActivityExecutionRequest): void {
    const live = this.find(request.namespace, request.activityId, request.runId);
    const { record } = live;
    if (record.status === 'Terminated') {
      if (request.requestId && record.terminateRequestId === request.requestId) return;
      throw new ServiceError(
        status.FAILED_PRECONDITION,
        `already terminated with request ID ${record.terminateRequestId ?? ''}`
      );
    }
    if (record.status !== 'Running') throw terminalState(record);
    record.terminateRequestId = request.requestId || randomUUID();
    this.close(live, 'Terminated', {
      failure: { message: request.reason ?? '', terminatedFailureInfo: { identity: request.identity ?? '' } },
    });
  }

  /**
   * DeleteActivityExecution, as the server's CHASM activity does: a running execution is terminated first (reason
   * `Delete activity execution`, so a waiting `result()` ends), then the execution is gone: describe, poll and the
   * worker's task token answer NOT_FOUND, and the id takes a new run as if never used.
   */
  delete(request: temporal.api.workflowservice.v1.IDeleteActivityExecutionRequest): void {
    if (!request.activityId) throw invalidArgument('activity ID is required');
    if (request.runId && !uuidPattern.test(request.runId))
      throw invalidArgument('invalid run id: must be a valid UUID');
    const live = this.find(request.namespace, request.activityId, request.runId);
    const { record } = live;
    if (record.status === 'Running') {
      this.close(live, 'Terminated', {
        failure: { message: 'Delete activity execution', terminatedFailureInfo: { identity: '' } },
      });
    }
    this.forget(record);
  }

  /** Removes a run from memory, from its id's current run and from storage (a delete, or retention passed). */
  private forget(record: StandaloneActivityRecord): void {
    this.runs.delete(keyOf(record));
    const idKey = `${record.namespace}\u0000${record.activityId}`;
    if (this.current.get(idKey) === record.runId) this.current.delete(idKey);
    this.engine.standaloneActivityChanged({
      namespace: record.namespace,
      activityId: record.activityId,
      runId: record.runId,
      record: null,
    });
  }

  list(request: temporal.api.workflowservice.v1.IListActivityExecutionsRequest): object {
    const query = request.query ?? '';
    const rows = this.query(request.namespace, query, 'list').rows;
    const offset = readOffsetPageToken(request.nextPageToken, query);
    const size = request.pageSize && request.pageSize > 0 ? request.pageSize : 1000;
    const next = offset + size;
    return {
      executions: rows.slice(offset, next).map(({ record }) => listInfo(record)),
      nextPageToken: next < rows.length ? offsetPageToken(next, query) : null,
    };
  }

  count(request: temporal.api.workflowservice.v1.ICountActivityExecutionsRequest): object {
    const { rows, groupBy } = this.query(request.namespace, request.query ?? '', 'count');
    if (groupBy.length === 0) return { count: rows.length };
    const groups = new Map<string, number>();
    for (const { record } of rows) groups.set(record.status, (groups.get(record.status) ?? 0) + 1);
    return {
      count: rows.length,
      groups: [...groups.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => ({ groupValues: [keywordPayload(name)], count })),
    };
  }

  // ---------------------------------------------------------------- worker side (task tokens of kind `s`)

  /** The run a standalone task token names (or, by id, a run without a workflow id), with a started attempt. */
  fromToken(
    tokenBytes: Uint8Array | null | undefined,
    byId?: { namespace?: string | null; activityId?: string | null; runId?: string | null }
  ): Live {
    let live: Live | undefined;
    if (byId) {
      live = this.find(byId.namespace, byId.activityId, byId.runId);
    } else {
      const token = decodeToken(tokenBytes);
      live = this.runs.get(standaloneActivityKey(token.n, token.w, token.r));
      if (live && live.record.attempt !== token.a) live = undefined;
    }
    if (!live || live.record.status !== 'Running' || live.record.startedTime === 0) {
      throw notFound('activity task not found');
    }
    return live;
  }

  heartbeat(live: Live, details: Payloads | null | undefined): { cancelRequested: boolean } {
    const { record } = live;
    record.lastHeartbeatTime = this.engine.currentTime();
    record.heartbeatCount += 1;
    if (details) record.heartbeatDetails = encodePayloads(details);
    this.save(live);
    this.arm(live);
    return { cancelRequested: record.cancelRequestId !== null };
  }

  completed(live: Live, result: Payloads | null | undefined): void {
    live.record.lastAttemptCompleteTime = this.engine.currentTime();
    this.close(live, 'Completed', { result: encodePayloads(result ?? { payloads: [] }) });
  }

  failed(live: Live, failure: Failure | null | undefined, heartbeatDetails: Payloads | null | undefined): void {
    if (heartbeatDetails) live.record.heartbeatDetails = encodePayloads(heartbeatDetails);
    const failureValue = failure ?? { message: 'activity task failed without failure details' };
    const info = failureValue.applicationFailureInfo;
    const retryable = !(
      info?.nonRetryable ||
      (info?.type && live.record.retry.nonRetryableErrorTypes.includes(info.type))
    );
    const retryState = this.tryRetry(live, failureValue, retryable, durationMs(info?.nextRetryDelay));
    if (retryState === RetryState.RETRY_STATE_IN_PROGRESS) return;
    live.record.lastFailure = encodeFailure(failureValue);
    this.close(live, 'Failed', { failure: failureValue, retryState });
  }

  canceled(live: Live, details: Payloads | null | undefined): void {
    if (live.record.cancelRequestId === null) {
      throw new ServiceError(status.FAILED_PRECONDITION, 'activity task was not requested to cancel');
    }
    this.close(live, 'Canceled', { failure: canceledFailure(details ?? null) });
  }

  // ---------------------------------------------------------------- state machine

  private startAttempt(key: string, attempt: number, identity: string): object | null {
    const live = this.runs.get(key);
    if (!live) return null;
    const { record } = live;
    if (record.status !== 'Running' || record.startedTime !== 0 || record.attempt !== attempt) return null;
    const now = this.engine.currentTime();
    live.queuedAttempt = 0;
    record.startedTime = now;
    record.startedIdentity = identity;
    record.lastHeartbeatTime = 0;
    this.save(live);
    this.arm(live);
    return {
      taskToken: encodeToken({ k: 's', n: record.namespace, w: record.activityId, r: record.runId, a: record.attempt }),
      workflowNamespace: record.namespace,
      activityType: { name: record.activityType },
      activityId: record.activityId,
      activityRunId: record.runId,
      header: decodeMessage(common.Header, record.header),
      input: decodePayloads(record.input),
      heartbeatDetails: decodePayloads(record.heartbeatDetails),
      scheduledTime: timestamp(record.scheduledTime),
      currentAttemptScheduledTime: timestamp(record.currentAttemptScheduledTime),
      startedTime: timestamp(now),
      attempt: record.attempt,
      scheduleToCloseTimeout: durationPresent(record.scheduleToCloseMs),
      startToCloseTimeout: durationPresent(record.startToCloseMs),
      heartbeatTimeout: durationPresent(record.heartbeatMs),
      retryPolicy: retryPolicyOf(record),
      priority: decodeMessage(common.Priority, record.priority),
    };
  }

  /** Schedules the next attempt when the policy and the schedule-to-close budget allow; returns the retry state. */
  private tryRetry(live: Live, failure: Failure, retryable: boolean, explicitDelayMs: number): number {
    const { record } = live;
    const now = this.engine.currentTime();
    if (record.cancelRequestId !== null) return RetryState.RETRY_STATE_CANCEL_REQUESTED;
    if (!retryable) return RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
    if (record.retry.maximumAttempts > 0 && record.attempt >= record.retry.maximumAttempts) {
      return RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
    }
    const backoff = explicitDelayMs || retryBackoffMs(record.retry, record.attempt);
    if (record.scheduleToCloseMs && now + backoff >= record.scheduledTime + record.scheduleToCloseMs) {
      return RetryState.RETRY_STATE_TIMEOUT;
    }
    record.attempt += 1;
    record.startedTime = 0;
    record.startedIdentity = '';
    record.lastFailure = encodeFailure(failure);
    record.lastAttemptCompleteTime = now;
    record.currentAttemptScheduledTime = now + backoff;
    this.save(live);
    this.dispatchIfDue(live);
    this.arm(live);
    return RetryState.RETRY_STATE_IN_PROGRESS;
  }

  private close(
    live: Live,
    closeStatus: StandaloneActivityStatus,
    result: { result?: string | null; failure?: Failure; retryState?: number }
  ): void {
    const { record } = live;
    record.status = closeStatus;
    record.closeTime = this.engine.currentTime();
    record.result = result.result ?? null;
    record.failure = encodeFailure(result.failure);
    record.retryState = result.retryState ?? 0;
    if (live.timer) clearTimeout(live.timer);
    live.timer = null;
    this.save(live);
    for (const wake of [...live.waiters]) wake();
  }

  private nextDeadlineOf(live: Live): number {
    const { record } = live;
    if (record.status !== 'Running') return Infinity;
    let next = Math.min(Infinity, ...activityDeadlines(record).map((deadline) => deadline.at));
    if (record.startedTime === 0 && live.queuedAttempt !== record.attempt) {
      next = Math.min(next, record.currentAttemptScheduledTime);
    }
    return next;
  }

  private arm(live: Live): void {
    if (live.timer) clearTimeout(live.timer);
    live.timer = null;
    if (this.stopped) return;
    const next = this.nextDeadlineOf(live);
    if (next === Infinity) return;
    const delay = Math.max(0, Math.min(next - this.engine.currentTime(), 2_147_000_000));
    live.timer = setTimeout(() => {
      live.timer = null;
      this.fire(live);
      this.engine.flush().catch(() => undefined);
    }, delay);
  }

  private fire(live: Live): void {
    const { record } = live;
    if (record.status !== 'Running') return;
    const now = this.engine.currentTime();
    this.dispatchIfDue(live);
    const due = activityDeadlines(record).find((deadline) => deadline.at <= now);
    if (due) this.timeOut(live, due.type);
    else this.arm(live);
  }

  private fireAll(): void {
    for (const live of this.runs.values()) {
      if (this.nextDeadlineOf(live) <= this.engine.currentTime()) this.fire(live);
      else this.arm(live);
    }
  }

  private timeOut(live: Live, timeoutType: number): void {
    const { record } = live;
    this.logger.debug(
      { activityId: record.activityId, runId: record.runId, timeoutType },
      'standalone activity timeout'
    );
    const timeout: Failure = {
      message: `activity ${timeoutNames[timeoutType] ?? 'unknown'} timeout`,
      timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: decodePayloads(record.heartbeatDetails) },
      cause: decodeFailure(record.lastFailure),
    };
    if (timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
      // An attempt's timeout is retried like a failure, unless the policy names it non-retryable.
      const name = `TemporalTimeout:${timeoutNames[timeoutType] ?? ''}`;
      const retryable = !record.retry.nonRetryableErrorTypes.includes(name);
      const retryState = this.tryRetry(live, { ...timeout, cause: null }, retryable, 0);
      if (retryState === RetryState.RETRY_STATE_IN_PROGRESS) return;
      this.close(live, 'TimedOut', { failure: timeout, retryState });
      return;
    }
    this.close(live, 'TimedOut', { failure: timeout, retryState: RetryState.RETRY_STATE_TIMEOUT });
  }

  /** Offers the current attempt to the task queue once its (retry or start-delay) time has come. */
  private dispatchIfDue(live: Live): void {
    const { record } = live;
    if (record.status !== 'Running' || record.startedTime !== 0 || live.queuedAttempt === record.attempt) return;
    if (record.currentAttemptScheduledTime > this.engine.currentTime()) return;
    live.queuedAttempt = record.attempt;
    this.engine.offerStandaloneActivity(record.namespace, record.taskQueue, keyOf(record), record.attempt);
  }

  private nextDeadline(): number {
    let next = Infinity;
    for (const live of this.runs.values()) next = Math.min(next, this.nextDeadlineOf(live));
    return next;
  }

  /** Attempts being worked on or waiting for a worker now: time skipping does not jump over them. */
  private outstanding(): number {
    const now = this.engine.currentTime();
    let count = 0;
    for (const { record } of this.runs.values()) {
      if (record.status === 'Running' && (record.startedTime !== 0 || record.currentAttemptScheduledTime <= now)) {
        count++;
      }
    }
    return count;
  }

  private save(live: Live): void {
    const { record } = live;
    this.engine.standaloneActivityChanged({
      namespace: record.namespace,
      activityId: record.activityId,
      runId: record.runId,
      record,
    });
  }

  private find(
    namespaceName: string | null | undefined,
    activityIdValue: string | null | undefined,
    runId: string | null | undefined
  ): Live {
    const namespace = this.engine.namespace(namespaceName).name;
    const activityId = requireString(activityIdValue, 'activityId');
    const run = runId || this.current.get(`${namespace}\u0000${activityId}`) || '';
    const live = this.runs.get(standaloneActivityKey(namespace, activityId, run));
    if (!live) throw notFound(`activity execution not found: ${activityId}`);
    return live;
  }

  private query(
    namespaceName: string | null | undefined,
    text: string,
    purpose: 'list' | 'count'
  ): { rows: Live[]; groupBy: string[] } {
    const namespaceRecord = this.engine.namespace(namespaceName);
    const namespace = namespaceRecord.name;
    // The activity's own attributes, then the namespace's registered ones (the values given at start).
    const custom = customSearchAttributes(namespaceRecord);
    const compiled = compileQuery(text, (name) => listSchema[name] ?? custom[name], purpose);
    const rows = [...this.runs.values()]
      .filter((live) => live.record.namespace === namespace)
      .map((live) => ({ live, values: rowOf(live.record, custom) }))
      .filter((row) => compiled.matches(row.values));
    rows.sort((a, b) => compiled.compare(a.values, b.values));
    return { rows: rows.map((row) => row.live), groupBy: compiled.groupBy };
  }

  private info(
    record: StandaloneActivityRecord,
    request: temporal.api.workflowservice.v1.IDescribeActivityExecutionRequest
  ): object {
    const running = record.status === 'Running';
    const runState = !running
      ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_UNSPECIFIED
      : record.cancelRequestId !== null
        ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
        : record.startedTime !== 0
          ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
          : enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED;
    const end = running ? this.engine.currentTime() : record.closeTime;
    return {
      activityId: record.activityId,
      runId: record.runId,
      activityType: { name: record.activityType },
      status: statusNumber[record.status],
      runState,
      taskQueue: record.taskQueue,
      scheduleToCloseTimeout: duration(record.scheduleToCloseMs),
      scheduleToStartTimeout: duration(record.scheduleToStartMs),
      startToCloseTimeout: duration(record.startToCloseMs),
      heartbeatTimeout: duration(record.heartbeatMs),
      retryPolicy: retryPolicyOf(record),
      heartbeatDetails: request.includeHeartbeatDetails ? decodePayloads(record.heartbeatDetails) : null,
      lastHeartbeatTime: record.lastHeartbeatTime ? timestamp(record.lastHeartbeatTime) : null,
      lastStartedTime: record.startedTime ? timestamp(record.startedTime) : null,
      attempt: record.attempt,
      executionDuration: duration(Math.max(0, end - record.scheduledTime)),
      scheduleTime: timestamp(record.scheduledTime),
      expirationTime: record.scheduleToCloseMs ? timestamp(record.scheduledTime + record.scheduleToCloseMs) : null,
      closeTime: record.closeTime ? timestamp(record.closeTime) : null,
      lastFailure: request.includeLastFailure ? decodeFailure(record.lastFailure) : null,
      lastWorkerIdentity: record.startedIdentity,
      lastAttemptCompleteTime: record.lastAttemptCompleteTime ? timestamp(record.lastAttemptCompleteTime) : null,
      nextAttemptScheduleTime:
        running && record.startedTime === 0 ? timestamp(record.currentAttemptScheduledTime) : null,
      priority: decodeMessage(common.Priority, record.priority),
      searchAttributes: decodeMessage(common.SearchAttributes, record.searchAttributes),
      header: decodeMessage(common.Header, record.header),
      userMetadata: decodeMessage(api.sdk.v1.UserMetadata, record.userMetadata),
      canceledReason: record.cancelReason,
      totalHeartbeatCount: record.heartbeatCount,
    };
  }
}

function keyOf(record: StandaloneActivityRecord): string {
  return standaloneActivityKey(record.namespace, record.activityId, record.runId);
}

function outcome(record: StandaloneActivityRecord): object | null {
  if (record.status === 'Running') return null;
  if (record.status === 'Completed') return { result: decodePayloads(record.result) ?? { payloads: [] } };
  return { failure: decodeFailure(record.failure), retryState: record.retryState };
}

function listInfo(record: StandaloneActivityRecord): object {
  return {
    activityId: record.activityId,
    runId: record.runId,
    activityType: { name: record.activityType },
    scheduleTime: timestamp(record.scheduledTime),
    closeTime: record.closeTime ? timestamp(record.closeTime) : null,
    status: statusNumber[record.status],
    searchAttributes: decodeMessage(common.SearchAttributes, record.searchAttributes),
    taskQueue: record.taskQueue,
    executionDuration: record.closeTime ? duration(record.closeTime - record.scheduledTime) : null,
  };
}

function rowOf(
  record: StandaloneActivityRecord,
  custom: Record<string, SearchAttributeType>
): (name: string) => SearchValue | undefined {
  let stored: Record<string, { data?: Uint8Array | null }> | undefined;
  return (name) => {
    switch (name) {
      case 'ActivityId':
        return record.activityId;
      case 'ActivityType':
        return record.activityType;
      case 'RunId':
        return record.runId;
      case 'TaskQueue':
        return record.taskQueue;
      case 'ExecutionStatus':
        // The filter language's status names, compared as the workflow status enum the evaluator uses.
        return (executionStatusNames as readonly string[]).indexOf(record.status);
      case 'StartTime':
        return record.scheduledTime;
      case 'CloseTime':
        return record.closeTime || undefined;
      default: {
        const type = custom[name];
        if (!type) return undefined;
        stored ??= decodeMessage(common.SearchAttributes, record.searchAttributes)?.indexedFields ?? {};
        return decodeSearchValue(stored[name], type);
      }
    }
  };
}

function keywordPayload(value: string): temporal.api.common.v1.IPayload {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
    data: Buffer.from(JSON.stringify(value)),
  };
}

function jsonPayloads(value: string): Payloads {
  return {
    payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) }],
  };
}

function canceledFailure(details: Payloads | null): Failure {
  return { message: 'Activity canceled', canceledFailureInfo: { details } };
}

function retryPolicyOf(record: StandaloneActivityRecord): object {
  return {
    initialInterval: duration(record.retry.initialIntervalMs),
    backoffCoefficient: record.retry.backoffCoefficient,
    maximumInterval: duration(record.retry.maximumIntervalMs),
    maximumAttempts: record.retry.maximumAttempts,
    nonRetryableErrorTypes: record.retry.nonRetryableErrorTypes,
  };
}

function alreadyStarted(record: StandaloneActivityRecord): ServiceError {
  const detail = api.errordetails.v1.ActivityExecutionAlreadyStartedFailure.encode({
    startRequestId: record.requestId,
    runId: record.runId,
  }).finish();
  return new ServiceError(status.ALREADY_EXISTS, 'activity execution already started', [
    {
      typeUrl: 'type.googleapis.com/temporal.api.errordetails.v1.ActivityExecutionAlreadyStartedFailure',
      value: detail,
    },
  ]);
}

function terminalState(record: StandaloneActivityRecord): ServiceError {
  return new ServiceError(status.FAILED_PRECONDITION, `activity is in terminal state ${record.status}`);
}

interface MessageType<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

function encodeMessage<T>(type: MessageType<T>, message: T | null | undefined): string | null {
  return message ? toBase64(type.encode(message).finish()) : null;
}

function decodeMessage<T>(type: MessageType<T>, text: string | null): T | null {
  return text ? type.decode(fromBase64(text)) : null;
}
