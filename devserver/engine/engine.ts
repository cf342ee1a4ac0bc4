import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { api, duration, durationMs, durationPresent, timestamp } from '../proto';
import { ServiceError, invalidArgument, notFound, requireString } from '../errors';
import type { DevServerStorage } from '../storage/storage';
import { Committer } from './committer';
import {
  EventType,
  closeEventTypes,
  decodeEvent,
  decodeFailure,
  decodePayloads,
  encodeEvent,
  fromBase64,
  toBase64,
  type Failure,
  type HistoryEvent,
  type Loose,
  type Payloads,
} from './history';
import { cronBackoffMs, validateCronSchedule } from './cron';
import { executionKey } from './records';
import type { ScheduleChange, ScheduleRecord } from './schedule-records';
import type { StandaloneActivityChange, StandaloneActivityRecord } from './standalone-activity-records';
import { Matching, type Poller, type QueueKind, type QueueTask } from './matching';
import { attemptKey, normalizeRetry } from './activity-state';
import { childCloseAttributes, fixRelativeIds, workflowTaskScheduledEvent } from './history-builder';
import { encodeToken } from './task-token';
import { executionInfo, executionStatus, historyLengthOf, type Execution } from './execution';
import { type PendingQuery } from './queries';
import { updateRequestType, type UpdateStatus } from './updates';
import type { VirtualClock } from './time-skipping';
import type { SearchAttributeType } from '../visibility/search-attributes';
import type {
  ActivityRecord,
  ExecutionRecord,
  ExecutionStatus,
  NamespaceRecord,
  ParentRecord,
  RetryRecord,
} from './records';
import * as timers from './timers';
import * as cronRetry from './cron-retry';
import * as children from './children';
import * as activities from './activities';
import * as workflowTaskCompletion from './workflow-task-completion';
import * as updates from './updates';
import * as queries from './queries';

const enums = api.enums.v1;
const Cause = enums.WorkflowTaskFailedCause;

export interface EngineOptions {
  storage: DevServerStorage;
  logger: Logger;
  /** Long polls answer empty after this long; the SDK gives up on its own at 70 s. */
  longPollMs?: number;
  historyPageSize?: number;
  now?: () => number;
  onFatal?: (error: Error) => void;
  /** Called (synchronously, often) whenever an execution's state changes; time skipping checks again after it. */
  onChange?: () => void;
  /**
   * How many closed runs keep their history in memory after it was read or written (least recently used go first);
   * the others are read from storage when asked for. Open runs always keep theirs.
   */
  closedHistoryCache?: number;
}

const defaultTaskTimeoutMs = 10_000;
const maxTaskTimeoutMs = 120_000;

/**
 * The Temporal history and matching services in one process: mutable state per run, history
 * events, task queues with long-polling workers, and every timeout. All mutations are
 * synchronous; the RPC layer awaits `flush()` so answers follow durable commits. Each concern's work lives in a
 * file named for it (timers.ts, activities.ts, children.ts, …) as functions taking the engine as their
 * `EngineHost` (host.ts); the methods here that the RPC handlers call delegate to them.
 */
export class Engine {
  readonly executions = new Map<string, Execution>();
  /** namespace + workflow id → the current (latest) run id. */
  readonly currentRuns = new Map<string, string>();
  readonly namespaces = new Map<string, NamespaceRecord>();
  readonly matching: Matching;
  /** Activity attempts already put on a queue (run key, scheduled event id, attempt): retries are enqueued once. */
  readonly queuedAttempts = new Set<string>();
  /** Closed runs whose history is in memory, least recently used first. */
  private readonly warmClosed = new Map<string, Execution>();
  private readonly closedHistoryCache: number;
  private readonly committer: Committer;
  /**
   * A started workflow task's answer whose history is durable but for the task's own scheduled and started events:
   * what its poll waits for before answering (the commit under way) instead of the commit of those two events.
   */
  private readonly durableBeforeStart = new WeakMap<object, Promise<void>>();
  readonly logger: Logger;
  readonly longPollMs: number;
  readonly historyPageSize: number;
  readonly now: () => number;
  closed = false;
  /** Schedules read at start; `engine/schedules.ts` takes them over. */
  loadedSchedules: ScheduleRecord[] = [];
  /** Standalone activity executions read at start; `engine/standalone-activities.ts` takes them over. */
  loadedStandaloneActivities: StandaloneActivityRecord[] = [];
  /** Starts a standalone activity's attempt for a poller (null: the task is stale); set by standalone-activities.ts. */
  standaloneActivityStarter: ((key: string, attempt: number, identity: string) => object | null) | null = null;
  /** Tasks outstanding outside the engine (standalone activities): they hold the time-skipping clock too. */
  readonly externalOutstanding: (() => number)[] = [];
  /** Told (synchronously) whenever a run closes; `continued`: its chain goes on in another run. */
  readonly runClosedListeners: ((
    record: ExecutionRecord,
    closeEvent: HistoryEvent | undefined,
    continued: boolean
  ) => void)[] = [];
  /** Deadlines kept outside the engine (schedules): time skipping jumps to them too, then calls `afterSkip`. */
  readonly externalDeadlines: (() => number)[] = [];
  readonly afterSkip: (() => void)[] = [];

  constructor(private readonly options: EngineOptions) {
    this.logger = options.logger;
    this.longPollMs = options.longPollMs ?? 60_000;
    this.matching = new Matching(this.longPollMs);
    this.historyPageSize = options.historyPageSize ?? 256;
    this.now = options.now ?? Date.now;
    this.closedHistoryCache = Math.max(1, options.closedHistoryCache ?? 200);
    this.committer = new Committer(options.storage, (error) => {
      this.logger.fatal({ err: error }, 'storage commit failed');
      options.onFatal?.(error);
    });
  }

  async start(namespaces: string[]): Promise<void> {
    const loaded = await this.options.storage.load();
    this.loadedSchedules = loaded.schedules ?? [];
    this.loadedStandaloneActivities = loaded.standaloneActivities ?? [];
    for (const namespace of loaded.namespaces) this.namespaces.set(namespace.name, namespace);
    for (const stored of loaded.executions) {
      // A closed run's history is not decoded (or, from PostgreSQL, even read) at start: only if someone asks for it.
      const cold = stored.record.status !== 'Running' || !stored.events;
      const execution: Execution = {
        record: stored.record,
        history: cold ? [] : (stored.events ?? []).map(decodeEvent),
        cold,
        pins: 0,
        waiters: new Set(),
        queries: new Map(),
        updates: new Map(),
        rejectedUpdates: new Map(),
        timer: null,
      };
      const { record } = execution;
      this.executions.set(executionKey(record.namespace, record.workflowId, record.runId), execution);
      const currentKey = `${record.namespace}\u0000${record.workflowId}`;
      const current = this.currentRuns.get(currentKey);
      const currentRecord = current
        ? this.executions.get(executionKey(record.namespace, record.workflowId, current))
        : undefined;
      if (!currentRecord || currentRecord.record.startTime <= record.startTime)
        this.currentRuns.set(currentKey, record.runId);
    }
    for (const name of namespaces) {
      if (!this.namespaces.has(name)) this.registerNamespace({ name, description: '', ownerEmail: '', retentionMs: 0 });
    }
    // Re-create the in-memory queues and timers from the durable state.
    for (const execution of this.executions.values()) {
      if (execution.record.status !== 'Running') continue;
      const wt = execution.record.workflowTask;
      if (wt && wt.startedEventId === 0) this.enqueueWorkflowTask(execution);
      for (const activity of Object.values(execution.record.activities)) {
        if (activity.startedTime === 0 && activity.currentAttemptScheduledTime <= this.now()) {
          this.enqueueActivity(execution, activity);
        }
      }
      this.armTimer(execution);
    }
    await this.committer.flush();
  }

  /**
   * Deletes closed runs whose namespace retention has passed since they closed, from storage (one transaction) and
   * then from memory, as the real server's retention does. Runs with a change not yet committed wait for the next
   * sweep. Returns how many runs went.
   */
  async sweepRetention(): Promise<number> {
    // Nothing in flight: a run's closing commit is in storage before the sweep may delete it there.
    await this.committer.flush();
    const now = this.now();
    const expired: Execution[] = [];
    for (const [key, execution] of this.executions) {
      const { record } = execution;
      if (record.status === 'Running' || !record.closeTime) continue;
      const retentionMs = this.namespaces.get(record.namespace)?.retentionMs || 24 * 3600_000;
      if (record.closeTime + retentionMs > now || this.committer.pendingChange(key)) continue;
      expired.push(execution);
    }
    if (expired.length === 0) return 0;
    // Storage deletes only what it holds as closed, in one transaction; memory follows what storage deleted.
    const deleted = await this.options.storage.deleteClosed(
      expired.map(({ record }) => ({ namespace: record.namespace, workflowId: record.workflowId, runId: record.runId }))
    );
    for (const run of deleted) {
      const key = executionKey(run.namespace, run.workflowId, run.runId);
      const execution = this.executions.get(key);
      if (!execution) continue;
      if (execution.timer) clearTimeout(execution.timer);
      for (const waiter of execution.waiters) waiter();
      this.executions.delete(key);
      this.warmClosed.delete(key);
      const currentKey = `${run.namespace}\u0000${run.workflowId}`;
      if (this.currentRuns.get(currentKey) === run.runId) this.currentRuns.delete(currentKey);
      for (const attempt of this.queuedAttempts)
        if (attempt.startsWith(`${key}\u0000`)) this.queuedAttempts.delete(attempt);
    }
    if (deleted.length > 0)
      this.logger.info(
        { runs: deleted.length },
        'retention: deleted closed workflow runs past their namespace retention'
      );
    return deleted.length;
  }

  /** Changes a namespace's retention (the CLI's `--retention` for the namespaces it serves). */
  setRetention(name: string, retentionMs: number): void {
    const namespace = this.namespaces.get(name);
    if (!namespace || namespace.retentionMs === retentionMs) return;
    namespace.retentionMs = retentionMs;
    this.committer.namespaceChanged(namespace);
  }

  /** Stops timers and answers every waiting poll empty. */
  shutdown(): void {
    this.closed = true;
    for (const execution of this.executions.values()) {
      if (execution.timer) clearTimeout(execution.timer);
      for (const waiter of execution.waiters) waiter();
      for (const query of execution.queries.values())
        query.reject(new ServiceError(status.UNAVAILABLE, 'server stopping'));
    }
    this.matching.close();
  }

  /** A schedule written or deleted: committed with the next group commit. */
  scheduleChanged(change: ScheduleChange): void {
    this.committer.scheduleChanged(change);
    this.options.onChange?.();
  }

  /** A standalone activity execution written: committed with the next group commit. */
  standaloneActivityChanged(change: StandaloneActivityChange): void {
    this.committer.standaloneActivityChanged(change);
    this.options.onChange?.();
  }

  /** Puts a standalone activity's attempt on an activity task queue, where the same pollers take it. */
  offerStandaloneActivity(namespace: string, taskQueue: string, key: string, attempt: number): void {
    this.matching.offer(
      this.matching.queue('activity', namespace, taskQueue),
      { kind: 'standalone', key, attempt },
      (task, poller) => this.startActivityTask(task, poller)
    );
  }

  /** The engine's clock (virtual under time skipping). */
  currentTime(): number {
    return this.now();
  }

  flush(): Promise<void> {
    return this.committer.flush().then(() => this.trimHistories());
  }

  /**
   * Runs `use` with the run's history in memory: a closed run's is read from storage first if it was let go, and
   * kept (pinned) until `use` settles. Every handler that reads a possibly closed run's history goes through here.
   */
  async withHistory<T>(execution: Execution, use: () => T | Promise<T>): Promise<T> {
    execution.pins++;
    try {
      if (execution.cold) {
        const { namespace, workflowId, runId } = execution.record;
        const events = await this.options.storage.readHistory({ namespace, workflowId, runId });
        if (execution.cold) {
          execution.history = events.map(decodeEvent);
          execution.cold = false;
        }
      }
      if (execution.record.status !== 'Running') this.rememberClosed(execution);
      return await use();
    } finally {
      execution.pins--;
      this.trimHistories();
    }
  }

  /** How many events the run has, whether or not its history is in memory. */
  historyLength(execution: Execution): number {
    return historyLengthOf(execution);
  }

  private rememberClosed(execution: Execution): void {
    const { record } = execution;
    const key = executionKey(record.namespace, record.workflowId, record.runId);
    this.warmClosed.delete(key);
    this.warmClosed.set(key, execution);
  }

  /**
   * Lets go of the histories of the least recently used closed runs beyond the cache size. Only between RPCs (after
   * a flush or a `withHistory`), never inside the synchronous work that closes a run; a run with a change not yet
   * committed, a pin, a waiting query or a long poll keeps its history for now.
   */
  private trimHistories(): void {
    let excess = this.warmClosed.size - this.closedHistoryCache;
    if (excess <= 0) return;
    for (const [key, execution] of this.warmClosed) {
      if (excess <= 0) break;
      if (execution.record.status === 'Running') {
        this.warmClosed.delete(key);
        continue;
      }
      const busy =
        execution.pins > 0 ||
        execution.queries.size > 0 ||
        execution.updates.size > 0 ||
        execution.waiters.size > 0 ||
        this.committer.pendingChange(key) !== undefined;
      if (busy) continue;
      execution.history = [];
      execution.cold = true;
      this.warmClosed.delete(key);
      excess--;
    }
  }

  /** How many closed runs have their history in memory now (for tests and the benchmark). */
  get closedHistoriesInMemory(): number {
    return this.warmClosed.size;
  }

  // ---------------------------------------------------------------- namespaces

  registerNamespace(input: {
    name: string;
    description: string;
    ownerEmail: string;
    retentionMs: number;
  }): NamespaceRecord {
    if (this.namespaces.has(input.name)) {
      throw new ServiceError(status.ALREADY_EXISTS, `Namespace ${input.name} already exists.`);
    }
    const record: NamespaceRecord = {
      ...input,
      id: randomUUID(),
      retentionMs: input.retentionMs || 24 * 3600_000,
      registeredAt: this.now(),
    };
    this.namespaces.set(record.name, record);
    this.committer.namespaceChanged(record);
    return record;
  }

  namespace(name: string | null | undefined): NamespaceRecord {
    const record = this.namespaces.get(requireString(name, 'namespace'));
    if (!record) throw notFound(`Namespace ${name} is not found.`);
    return record;
  }

  listNamespaces(): NamespaceRecord[] {
    return [...this.namespaces.values()];
  }

  /** Replaces a namespace's custom search attributes (checked by visibility/handlers.ts); durable with the next commit. */
  setSearchAttributes(name: string, attributes: Record<string, SearchAttributeType>): void {
    const record = this.namespace(name);
    record.searchAttributes = attributes;
    this.committer.namespaceChanged(record);
  }

  // ---------------------------------------------------------------- executions

  find(namespace: string, workflowId: string, runId?: string | null): Execution {
    const run = runId || this.currentRuns.get(`${namespace}\u0000${workflowId}`);
    const execution = run ? this.executions.get(executionKey(namespace, workflowId, run)) : undefined;
    if (!execution) {
      throw notFound(`workflow not found for ID: ${workflowId}${runId ? ` and run ID: ${runId}` : ''}`);
    }
    return execution;
  }

  /** The latest run of the workflow id, open or closed, if any. */
  currentRun(namespace: string, workflowId: string): Execution | undefined {
    const run = this.currentRuns.get(`${this.namespace(namespace).name}\u0000${workflowId}`);
    return run ? this.executions.get(executionKey(namespace, workflowId, run)) : undefined;
  }

  /** Where an update of the run stands (null: the run never saw it); the run's history must be in memory. */
  updateStage(execution: Execution, updateId: string): UpdateStatus | null {
    return this.updateStatus(execution, updateId);
  }

  findExecution(namespace: string, execution: temporal.api.common.v1.IWorkflowExecution | null | undefined): Execution {
    this.namespace(namespace);
    return this.find(namespace, requireString(execution?.workflowId, 'execution.workflowId'), execution?.runId);
  }

  private findRunning(
    namespace: string,
    execution: temporal.api.common.v1.IWorkflowExecution | null | undefined
  ): Execution {
    const found = this.findExecution(namespace, execution);
    if (found.record.status !== 'Running') throw notFound('workflow execution already completed');
    return found;
  }

  changed(execution: Execution): void {
    const { record } = execution;
    const key = executionKey(record.namespace, record.workflowId, record.runId);
    const pending = this.committer.pendingChange(key);
    if (!pending) this.committer.executionChanged(key, { record, newEvents: [] });
    this.options.onChange?.();
  }

  addEvent(execution: Execution, event: HistoryEvent): HistoryEvent {
    const { record } = execution;
    const full: HistoryEvent = {
      ...event,
      eventId: record.nextEventId++,
      eventTime: event.eventTime ?? timestamp(this.now()),
      taskId: record.nextEventId,
    };
    const data = encodeEvent(full);
    record.historySizeBytes += data.length;
    execution.history.push(full);
    const key = executionKey(record.namespace, record.workflowId, record.runId);
    const pending = this.committer.pendingChange(key);
    if (pending) pending.newEvents.push({ eventId: Number(full.eventId), data });
    else this.committer.executionChanged(key, { record, newEvents: [{ eventId: Number(full.eventId), data }] });
    for (const waiter of execution.waiters) waiter();
    execution.waiters.clear();
    this.options.onChange?.();
    return full;
  }

  /**
   * Adds events caused by the outside world (signals, activity results, timers). While a
   * workflow task runs they are buffered and written after its completion, as the real server does.
   */
  addExternalEvents(execution: Execution, events: HistoryEvent[]): void {
    const wt = execution.record.workflowTask;
    if (wt && wt.startedEventId !== 0) {
      for (const event of events) execution.record.buffered.push(toBase64(encodeEvent(event)));
      this.changed(execution);
      return;
    }
    this.appendRelative(execution, events);
    this.scheduleWorkflowTask(execution);
  }

  /** Appends events where a negative startedEventId means "the event just before this one". */
  private appendRelative(execution: Execution, events: HistoryEvent[]): void {
    let previous = 0;
    for (const event of events) {
      const fixed = fixRelativeIds(event, previous);
      const childClose = childCloseAttributes(fixed);
      if (childClose && !Number(childClose.startedEventId)) {
        // The child's started event may have been buffered when its close was reported: resolve it now.
        const started = execution.history.find(
          (item) =>
            Number(item.childWorkflowExecutionStartedEventAttributes?.initiatedEventId) ===
            Number(childClose.initiatedEventId)
        );
        childClose.startedEventId = started ? Number(started.eventId) : 0;
      }
      previous = Number(this.addEvent(execution, fixed).eventId);
    }
  }

  flushBuffered(execution: Execution): boolean {
    const buffered = execution.record.buffered.splice(0);
    this.appendRelative(
      execution,
      buffered.map((text) => {
        const event = decodeEvent(fromBase64(text));
        return { ...event, eventId: null, taskId: null };
      })
    );
    return buffered.length > 0;
  }

  scheduleWorkflowTask(execution: Execution, attempt = 1, enqueue = true): void {
    const { record } = execution;
    if (record.status !== 'Running' || record.workflowTask) return;
    // A retried run starts after its backoff; the deadline schedules the task then.
    if (record.firstTaskAt && record.firstTaskAt > this.now()) return;
    const sticky = record.stickyQueue !== '';
    // Retries of a failing task are transient: their events reach history only when an attempt completes.
    const transient = attempt > 1;
    const scheduledEventId = transient
      ? record.nextEventId
      : Number(this.addEvent(execution, workflowTaskScheduledEvent(record, attempt, sticky)).eventId);
    record.workflowTask = {
      scheduledEventId,
      startedEventId: 0,
      attempt,
      scheduledTime: this.now(),
      startedTime: 0,
      sticky,
      stickySince: sticky ? this.now() : 0,
      requestId: '',
      transient,
    };
    this.changed(execution);
    if (enqueue) this.enqueueWorkflowTask(execution);
    this.armTimer(execution);
  }

  startWorkflow(
    request: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
    signal?: { name: string; input: Payloads | null; header: temporal.api.common.v1.IHeader | null; identity: string },
    parent?: ParentRecord,
    beforeFirstTask?: (execution: Execution) => void
  ): { runId: string; started: boolean; eagerWorkflowTask?: object } {
    const namespace = this.namespace(request.namespace).name;
    const workflowId = requireString(request.workflowId, 'workflowId');
    const workflowType = requireString(request.workflowType?.name, 'workflowType.name');
    const taskQueue = requireString(request.taskQueue?.name, 'taskQueue.name');
    const requestId = request.requestId || randomUUID();
    const executionTimeoutMs = durationMs(request.workflowExecutionTimeout);
    const runTimeoutMs = durationMs(request.workflowRunTimeout) || executionTimeoutMs;
    if (executionTimeoutMs < 0 || runTimeoutMs < 0) throw invalidArgument('workflowRunTimeout must not be negative');
    const cronSchedule = request.cronSchedule ?? '';
    if (cronSchedule) validateCronSchedule(cronSchedule);
    const currentRunId = this.currentRuns.get(`${namespace}\u0000${workflowId}`);
    const current = currentRunId ? this.executions.get(executionKey(namespace, workflowId, currentRunId)) : undefined;
    if (current) {
      if (current.record.requestIds.includes(requestId)) return { runId: current.record.runId, started: true };
      if (current.record.status === 'Running') {
        const conflict = request.workflowIdConflictPolicy ?? 0;
        const reuse = request.workflowIdReusePolicy ?? 0;
        if (conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
          if (signal) this.signal(current, signal);
          return { runId: current.record.runId, started: false };
        }
        if (
          conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
          reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING
        ) {
          this.terminate(current, 'terminated by a new start with the same workflow id', null, 'devserver');
        } else {
          throw alreadyStarted(workflowId, current.record.runId, requestId);
        }
      } else {
        const reuse = request.workflowIdReusePolicy ?? 0;
        if (reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
          throw alreadyStarted(workflowId, current.record.runId, requestId);
        }
        if (
          reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
          current.record.status === 'Completed'
        ) {
          throw alreadyStarted(workflowId, current.record.runId, requestId);
        }
      }
    }
    const runId = randomUUID();
    const execution = this.createRun({
      namespace,
      workflowId,
      runId,
      firstRunId: runId,
      workflowType,
      taskQueue,
      requestId,
      executionTimeoutMs,
      runTimeoutMs,
      taskTimeoutMs: durationMs(request.workflowTaskTimeout),
      memo: request.memo ?? null,
      searchAttributes: request.searchAttributes ?? null,
      parent: parent ?? null,
      retryPolicy: request.retryPolicy ? normalizeRetry(request.retryPolicy) : null,
      cronSchedule,
    });
    // A cron chain's first run waits for the first scheduled time, as on the real server.
    const cronBackoff = cronSchedule ? cronBackoffMs(cronSchedule, this.now()) : 0;
    if (cronBackoff > 0) execution.record.firstTaskAt = this.now() + cronBackoff;
    this.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: workflowType },
        taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        input: request.input,
        workflowExecutionTimeout: duration(executionTimeoutMs),
        workflowRunTimeout: duration(runTimeoutMs),
        workflowTaskTimeout: duration(execution.record.taskTimeoutMs),
        originalExecutionRunId: runId,
        firstExecutionRunId: runId,
        identity: request.identity,
        attempt: 1,
        header: request.header,
        memo: request.memo,
        searchAttributes: request.searchAttributes,
        retryPolicy: request.retryPolicy,
        cronSchedule: request.cronSchedule,
        // Schedules hand the previous action's result and failure to the next run.
        lastCompletionResult: request.lastCompletionResult,
        continuedFailure: request.continuedFailure,
        firstWorkflowTaskBackoff: cronSchedule ? duration(cronBackoff) : undefined,
        workflowExecutionExpirationTime: execution.record.executionExpiration
          ? timestamp(execution.record.executionExpiration)
          : null,
        workflowId,
        priority: request.priority,
        parentWorkflowNamespace: parent?.namespace,
        parentWorkflowNamespaceId: parent ? (this.namespaces.get(parent.namespace)?.id ?? '') : undefined,
        parentWorkflowExecution: parent ? { workflowId: parent.workflowId, runId: parent.runId } : undefined,
        parentInitiatedEventId: parent?.initiatedEventId,
      },
    });
    // Eager start, as the real server grants it: a plain start (no signal, update, parent, cron wait or start delay)
    // whose caller asked for it gets the first workflow task in the answer, started in the caller's name, instead of
    // through a poll. A worker that never completes it is covered by the task's timeout, as any started task is.
    const eager =
      request.requestEagerExecution === true &&
      !signal &&
      !parent &&
      !beforeFirstTask &&
      cronBackoff === 0 &&
      durationMs(request.workflowStartDelay) === 0;
    if (signal) this.signal(execution, signal);
    else {
      // Update-with-start admits its update here, so the first workflow task already carries it.
      beforeFirstTask?.(execution);
      if (!execution.record.workflowTask) this.scheduleWorkflowTask(execution, 1, !eager);
    }
    this.armTimer(execution);
    if (eager && execution.record.workflowTask) {
      const key = executionKey(namespace, workflowId, runId);
      const poller: Poller = { identity: request.identity ?? '', workerInstanceKey: '', resolve: () => undefined };
      const eagerWorkflowTask = this.startWorkflowTask({ kind: 'workflow', key }, poller, taskQueue);
      if (eagerWorkflowTask) return { runId, started: true, eagerWorkflowTask };
      this.enqueueWorkflowTask(execution);
    }
    return { runId, started: true };
  }

  createRun(input: {
    namespace: string;
    workflowId: string;
    runId: string;
    firstRunId: string;
    workflowType: string;
    taskQueue: string;
    requestId: string;
    executionTimeoutMs: number;
    runTimeoutMs: number;
    taskTimeoutMs: number;
    memo: temporal.api.common.v1.IMemo | null;
    searchAttributes: temporal.api.common.v1.ISearchAttributes | null;
    executionExpiration?: number;
    parent?: ParentRecord | null;
    retryPolicy?: RetryRecord | null;
    attempt?: number;
    cronSchedule?: string;
  }): Execution {
    const now = this.now();
    let taskTimeoutMs = Math.min(input.taskTimeoutMs || defaultTaskTimeoutMs, maxTaskTimeoutMs);
    if (input.runTimeoutMs) taskTimeoutMs = Math.min(taskTimeoutMs, input.runTimeoutMs);
    const record: ExecutionRecord = {
      namespace: input.namespace,
      workflowId: input.workflowId,
      runId: input.runId,
      firstRunId: input.firstRunId,
      workflowType: input.workflowType,
      taskQueue: input.taskQueue,
      status: 'Running',
      startTime: now,
      closeTime: 0,
      executionExpiration: input.executionExpiration ?? (input.executionTimeoutMs ? now + input.executionTimeoutMs : 0),
      runExpiration: input.runTimeoutMs ? now + input.runTimeoutMs : 0,
      executionTimeoutMs: input.executionTimeoutMs,
      runTimeoutMs: input.runTimeoutMs,
      taskTimeoutMs,
      requestIds: [input.requestId],
      signalRequestIds: [],
      memo: input.memo ? toBase64(api.common.v1.Memo.encode(input.memo).finish()) : null,
      searchAttributes: input.searchAttributes
        ? toBase64(api.common.v1.SearchAttributes.encode(input.searchAttributes).finish())
        : null,
      nextEventId: 1,
      lastCompletedStartedEventId: 0,
      workflowTask: null,
      stickyQueue: '',
      stickyTimeoutMs: 0,
      activities: {},
      timers: {},
      buffered: [],
      cancelRequested: false,
      newRunId: '',
      historySizeBytes: 0,
      parent: input.parent ?? null,
      retryPolicy: input.retryPolicy ?? null,
      attempt: input.attempt ?? 1,
      firstTaskAt: 0,
      cronSchedule: input.cronSchedule ?? '',
    };
    const execution: Execution = {
      record,
      history: [],
      cold: false,
      pins: 0,
      waiters: new Set(),
      queries: new Map(),
      updates: new Map(),
      rejectedUpdates: new Map(),
      timer: null,
    };
    this.executions.set(executionKey(record.namespace, record.workflowId, record.runId), execution);
    this.currentRuns.set(`${record.namespace}\u0000${record.workflowId}`, record.runId);
    this.changed(execution);
    return execution;
  }

  signalWithStart(request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest): {
    runId: string;
    started: boolean;
  } {
    const signalName = requireString(request.signalName, 'signalName');
    const namespace = this.namespace(request.namespace).name;
    const workflowId = requireString(request.workflowId, 'workflowId');
    const signal = {
      name: signalName,
      input: request.signalInput ?? null,
      header: request.header ?? null,
      identity: request.identity ?? '',
    };
    const currentRunId = this.currentRuns.get(`${namespace}\u0000${workflowId}`);
    const current = currentRunId ? this.executions.get(executionKey(namespace, workflowId, currentRunId)) : undefined;
    if (current?.record.status === 'Running') {
      this.signal(current, signal);
      return { runId: current.record.runId, started: false };
    }
    return this.startWorkflow(request as temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest, signal);
  }

  signalWorkflow(request: temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest): void {
    const execution = this.findRunning(request.namespace ?? '', request.workflowExecution);
    const name = requireString(request.signalName, 'signalName');
    if (request.requestId) {
      if (execution.record.signalRequestIds.includes(request.requestId)) return;
      execution.record.signalRequestIds.push(request.requestId);
      // Keep the dedupe window bounded: retries arrive within seconds.
      if (execution.record.signalRequestIds.length > 1000) execution.record.signalRequestIds.shift();
    }
    this.signal(execution, {
      name,
      input: request.input ?? null,
      header: request.header ?? null,
      identity: request.identity ?? '',
    });
  }

  private signal(
    execution: Execution,
    signal: { name: string; input: Payloads | null; header: temporal.api.common.v1.IHeader | null; identity: string }
  ): void {
    this.addExternalEvents(execution, [
      {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        workflowExecutionSignaledEventAttributes: {
          signalName: signal.name,
          input: signal.input,
          identity: signal.identity,
          header: signal.header,
        },
      },
    ]);
  }

  requestCancel(request: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest): void {
    const execution = this.findRunning(request.namespace ?? '', request.workflowExecution);
    if (request.requestId && execution.record.requestIds.includes(request.requestId)) return;
    if (request.requestId) execution.record.requestIds.push(request.requestId);
    if (execution.record.cancelRequested) return;
    execution.record.cancelRequested = true;
    this.addExternalEvents(execution, [
      {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        workflowExecutionCancelRequestedEventAttributes: {
          cause: request.reason ?? '',
          identity: request.identity ?? '',
        },
      },
    ]);
  }

  terminateWorkflow(request: temporal.api.workflowservice.v1.ITerminateWorkflowExecutionRequest): void {
    const execution = this.findRunning(request.namespace ?? '', request.workflowExecution);
    this.terminate(execution, request.reason ?? '', request.details ?? null, request.identity ?? '');
  }

  terminate(execution: Execution, reason: string, details: Payloads | null, identity: string): void {
    const wt = execution.record.workflowTask;
    if (wt && wt.startedEventId !== 0) {
      if (!wt.transient) {
        this.addEvent(execution, {
          eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
          workflowTaskFailedEventAttributes: {
            scheduledEventId: wt.scheduledEventId,
            startedEventId: wt.startedEventId,
            cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
            identity,
          },
        });
      }
      execution.record.workflowTask = null;
      this.flushBuffered(execution);
    }
    this.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
      workflowExecutionTerminatedEventAttributes: { reason, details, identity },
    });
    this.close(execution, 'Terminated');
  }

  /** `continued`: another run of the chain follows (continue-as-new or retry), so the parent hears nothing yet. */
  close(execution: Execution, status: ExecutionStatus, continued = status === 'ContinuedAsNew'): void {
    const { record } = execution;
    record.status = status;
    record.closeTime = this.now();
    record.workflowTask = null;
    record.activities = {};
    record.timers = {};
    record.stickyQueue = '';
    this.changed(execution);
    this.armTimer(execution);
    this.rememberClosed(execution);
    for (const update of execution.updates.values()) for (const waiter of update.waiters) waiter();
    for (const listener of this.runClosedListeners)
      listener(record, execution.history[execution.history.length - 1], continued);
    if (!continued) {
      this.reportToParent(execution);
      this.applyParentClosePolicy(execution);
    }
    // Queries waiting for a workflow task are answered from the closed run's history instead.
    for (const query of execution.queries.values()) {
      if (query.state !== 'dispatched') this.dispatchLegacyQuery(execution, query);
    }
  }

  // ---------------------------------------------------------------- matching (task queues: engine/matching.ts)

  enqueueWorkflowTask(execution: Execution): void {
    const { record } = execution;
    const wt = record.workflowTask;
    if (!wt) return;
    const name = wt.sticky && record.stickyQueue ? record.stickyQueue : record.taskQueue;
    const key = executionKey(record.namespace, record.workflowId, record.runId);
    this.matching.offer(
      this.matching.queue('workflow', record.namespace, name),
      { kind: 'workflow', key },
      (task, poller) => this.startWorkflowTask(task, poller, name)
    );
  }

  enqueueActivity(execution: Execution, activity: ActivityRecord): void {
    const { record } = execution;
    const key = executionKey(record.namespace, record.workflowId, record.runId);
    this.queuedAttempts.add(attemptKey(key, activity));
    this.matching.offer(
      this.matching.queue('activity', record.namespace, activity.taskQueue),
      { kind: 'activity', key, scheduledEventId: activity.scheduledEventId, attempt: activity.attempt },
      (task, poller) => this.startActivityTask(task, poller)
    );
  }

  async pollWorkflowTaskQueue(
    request: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest,
    cancelled: AbortSignal
  ): Promise<object> {
    const namespace = this.namespace(request.namespace).name;
    const name = requireString(request.taskQueue?.name, 'taskQueue.name');
    const response = await this.matching.poll(
      this.matching.queue('workflow', namespace, name),
      { identity: request.identity ?? '', workerInstanceKey: request.workerInstanceKey ?? '' },
      (task, poller) => this.startWorkflowTask(task, poller, name),
      cancelled
    );
    // Every event the worker is sent must be durable, except the task's own scheduled and started events: as the real
    // server answers a poll for an update's speculative task without writing it, a task lost in a crash is scheduled
    // again (the worker's answer to the lost one names a start that no longer exists and is refused).
    const ready = response ? this.durableBeforeStart.get(response) : undefined;
    await (ready ?? this.flush());
    return response ?? {};
  }

  async pollActivityTaskQueue(
    request: temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest,
    cancelled: AbortSignal
  ): Promise<object> {
    const namespace = this.namespace(request.namespace).name;
    const name = requireString(request.taskQueue?.name, 'taskQueue.name');
    const response = await this.matching.poll(
      this.matching.queue('activity', namespace, name),
      { identity: request.identity ?? '', workerInstanceKey: request.workerInstanceKey ?? '' },
      (task, poller) => this.startActivityTask(task, poller),
      cancelled
    );
    await this.flush();
    return response ?? {};
  }

  startWorkflowTask(task: QueueTask, poller: Poller, queueName: string): object | null {
    const execution = this.executions.get(task.key);
    if (!execution) return null;
    if (task.kind === 'query') return this.startQueryTask(execution, task.queryId);
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
      wt.scheduledEventId = Number(this.addEvent(execution, workflowTaskScheduledEvent(record, 1, wt.sticky)).eventId);
    }
    // Only the task's own scheduled event waits to be written (an update to an idle run): the answer need not wait.
    const pending = this.committer.pendingChange(task.key);
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
    wt.startedTime = this.now();
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
      this.changed(execution);
    } else {
      wt.startedEventId = Number(this.addEvent(execution, startedEvent).eventId);
    }
    this.armTimer(execution);
    const response = this.workflowTaskResponse(execution, wt.sticky && queueName === record.stickyQueue);
    if (ownEventsOnly) this.durableBeforeStart.set(response, this.committer.underWay());
    return response;
  }

  private workflowTaskResponse(execution: Execution, sticky: boolean): object {
    const { record } = execution;
    const wt = record.workflowTask;
    if (!wt) throw new Error('no workflow task');
    const firstEventId = sticky ? record.lastCompletedStartedEventId + 1 : 1;
    const page = this.historyPage(execution, firstEventId, wt.startedEventId);
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
  historyPage(
    execution: Execution,
    first: number,
    last: number,
    pageSize = this.historyPageSize
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

  private startActivityTask(task: QueueTask, poller: Poller): object | null {
    if (task.kind === 'standalone')
      return this.standaloneActivityStarter?.(task.key, task.attempt, poller.identity) ?? null;
    if (task.kind !== 'activity') return null;
    const execution = this.executions.get(task.key);
    if (!execution || execution.record.status !== 'Running') return null;
    const activity = execution.record.activities[String(task.scheduledEventId)];
    if (!activity || activity.startedTime !== 0 || activity.attempt !== task.attempt) return null;
    const { record } = execution;
    const now = this.now();
    this.queuedAttempts.delete(attemptKey(task.key, activity));
    activity.startedTime = now;
    activity.startedIdentity = poller.identity;
    activity.requestId = randomUUID();
    activity.lastHeartbeatTime = 0;
    this.changed(execution);
    this.armTimer(execution);
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

  // ---------------------------------------------------------------- workflow task completion
  // The work is in engine/workflow-task-completion.ts; these delegate to it.

  completeWorkflowTask(request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest): object {
    return workflowTaskCompletion.completeWorkflowTask(this, request);
  }

  scheduleActivity(
    execution: Execution,
    attrs: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
    completedId: number
  ): void {
    return activities.scheduleActivity(this, execution, attrs, completedId);
  }

  failWorkflowTaskRequest(request: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest): void {
    return workflowTaskCompletion.failWorkflowTaskRequest(this, request);
  }

  retryWorkflowTask(execution: Execution, attempt: number): void {
    return workflowTaskCompletion.retryWorkflowTask(this, execution, attempt);
  }

  // ---------------------------------------------------------------- activities
  // The work is in engine/activities.ts; these delegate to it.

  activityById(
    request: {
      namespace?: string | null;
      workflowId?: string | null;
      runId?: string | null;
      activityId?: string | null;
    },
    field = 'activityId'
  ): { namespace: string; workflowId: string; runId: string; activityId: string } {
    return activities.activityById(this, request, field);
  }

  heartbeat(
    taskToken: Uint8Array | null | undefined,
    details: Payloads | null | undefined,
    byId?: ReturnType<Engine['activityById']>
  ): { cancelRequested: boolean } {
    return activities.heartbeat(this, taskToken, details, byId);
  }

  completeActivity(
    taskToken: Uint8Array | null | undefined,
    result: Payloads | null | undefined,
    identity: string,
    byId?: ReturnType<Engine['activityById']>
  ): void {
    return activities.completeActivity(this, taskToken, result, identity, byId);
  }

  failActivity(
    taskToken: Uint8Array | null | undefined,
    failure: Failure | null | undefined,
    heartbeatDetails: Payloads | null | undefined,
    identity: string,
    byId?: ReturnType<Engine['activityById']>
  ): void {
    return activities.failActivity(this, taskToken, failure, heartbeatDetails, identity, byId);
  }

  cancelActivity(
    taskToken: Uint8Array | null | undefined,
    details: Payloads | null | undefined,
    identity: string,
    byId?: ReturnType<Engine['activityById']>
  ): void {
    return activities.cancelActivity(this, taskToken, details, identity, byId);
  }

  closeActivity(execution: Execution, activity: ActivityRecord, closing: HistoryEvent): void {
    return activities.closeActivity(this, execution, activity, closing);
  }

  retryActivity(execution: Execution, activity: ActivityRecord, failure: Failure): number {
    return activities.retryActivity(this, execution, activity, failure);
  }

  // ---------------------------------------------------------------- timers and timeouts, cron and retry runs
  // The work is in engine/timers.ts and engine/cron-retry.ts; these delegate to it.

  armTimer(execution: Execution): void {
    return timers.armTimer(this, execution);
  }

  private fireDeadlines(execution: Execution): void {
    return timers.fireDeadlines(this, execution);
  }

  private nextDeadline(execution: Execution): number {
    return timers.nextDeadline(this, execution);
  }

  cronRun(
    execution: Execution,
    newRunId: string,
    outcome: { lastCompletionResult: Payloads | null; failure: Failure | null }
  ): void {
    return cronRetry.cronRun(this, execution, newRunId, outcome);
  }

  workflowRetry(execution: Execution, failure: Failure): { state: number; backoffMs?: number } {
    return cronRetry.workflowRetry(this, execution, failure);
  }

  retryRun(execution: Execution, newRunId: string, backoffMs: number, failure: Failure): void {
    return cronRetry.retryRun(this, execution, newRunId, backoffMs, failure);
  }

  // ---------------------------------------------------------------- children and external workflows
  // The work is in engine/children.ts; these delegate to it.

  initiateChild(
    execution: Execution,
    attrs: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes,
    completedId: number,
    deferred: (() => void)[]
  ): void {
    return children.initiateChild(this, execution, attrs, completedId, deferred);
  }

  private reportToParent(execution: Execution): void {
    return children.reportToParent(this, execution);
  }

  private applyParentClosePolicy(execution: Execution): void {
    return children.applyParentClosePolicy(this, execution);
  }

  initiateExternalSignal(
    execution: Execution,
    attrs: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes,
    completedId: number,
    deferred: (() => void)[]
  ): void {
    return children.initiateExternalSignal(this, execution, attrs, completedId, deferred);
  }

  initiateExternalCancel(
    execution: Execution,
    attrs: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes,
    completedId: number,
    deferred: (() => void)[]
  ): void {
    return children.initiateExternalCancel(this, execution, attrs, completedId, deferred);
  }

  // ---------------------------------------------------------------- updates
  // The work is in engine/updates.ts; these delegate to it.

  applyUpdateMessage(execution: Execution, message: temporal.api.protocol.v1.IMessage): void {
    return updates.applyUpdateMessage(this, execution, message);
  }

  private updateStatus(execution: Execution, updateId: string): UpdateStatus | null {
    return updates.updateStatus(this, execution, updateId);
  }

  admitUpdate(request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest): {
    execution: Execution;
    updateId: string;
  } {
    return updates.admitUpdate(this, request);
  }

  findUpdate(
    namespace: string,
    ref: temporal.api.update.v1.IUpdateRef | null | undefined
  ): { execution: Execution; updateId: string } {
    return updates.findUpdate(this, namespace, ref);
  }

  waitForUpdate(execution: Execution, updateId: string, stage: number, cancelled: AbortSignal): Promise<UpdateStatus> {
    return updates.waitForUpdate(this, execution, updateId, stage, cancelled);
  }

  // ---------------------------------------------------------------- queries
  // The work is in engine/queries.ts; these delegate to it.

  query(
    request: temporal.api.workflowservice.v1.IQueryWorkflowRequest,
    cancelled: AbortSignal
  ): Promise<temporal.api.workflowservice.v1.IQueryWorkflowResponse> {
    return queries.query(this, request, cancelled);
  }

  dispatchLegacyQuery(execution: Execution, query: PendingQuery): void {
    return queries.dispatchLegacyQuery(this, execution, query);
  }

  private startQueryTask(execution: Execution, queryId: string): object | null {
    return queries.startQueryTask(this, execution, queryId);
  }

  respondQueryTaskCompleted(request: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest): void {
    return queries.respondQueryTaskCompleted(this, request);
  }

  answerQueries(execution: Execution, results: Record<string, temporal.api.query.v1.IWorkflowQueryResult>): void {
    return queries.answerQueries(this, execution, results);
  }

  // ---------------------------------------------------------------- reads

  waitForChange(
    execution: Execution,
    afterEventCount: number,
    cancelled: AbortSignal,
    timeoutMs: number
  ): Promise<void> {
    if (execution.history.length > afterEventCount || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        cancelled.removeEventListener('abort', done);
        execution.waiters.delete(done);
        resolve();
      };
      const timeout = setTimeout(done, timeoutMs);
      cancelled.addEventListener('abort', done);
      execution.waiters.add(done);
    });
  }

  /** True once the server is stopping: long polls answer at once instead of waiting again. */
  get stopping(): boolean {
    return this.closed;
  }

  get longPollTimeoutMs(): number {
    return this.longPollMs;
  }

  describe(execution: Execution): object {
    const { record } = execution;
    const wt = record.workflowTask;
    return {
      executionConfig: {
        taskQueue: { name: record.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        workflowExecutionTimeout: duration(record.executionTimeoutMs),
        workflowRunTimeout: duration(record.runTimeoutMs),
        defaultWorkflowTaskTimeout: duration(record.taskTimeoutMs),
      },
      workflowExecutionInfo: executionInfo(execution),
      pendingActivities: Object.values(record.activities).map((activity) => ({
        activityId: activity.activityId,
        activityType: { name: activity.activityType },
        state:
          activity.cancelRequestedEventId !== 0
            ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
            : activity.startedTime !== 0
              ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
              : enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
        heartbeatDetails: decodePayloads(activity.heartbeatDetails),
        lastHeartbeatTime: activity.lastHeartbeatTime ? timestamp(activity.lastHeartbeatTime) : null,
        lastStartedTime: activity.startedTime ? timestamp(activity.startedTime) : null,
        attempt: activity.attempt,
        maximumAttempts: activity.retry.maximumAttempts,
        scheduledTime: timestamp(activity.currentAttemptScheduledTime),
        expirationTime: activity.scheduleToCloseMs
          ? timestamp(activity.scheduledTime + activity.scheduleToCloseMs)
          : null,
        lastFailure: decodeFailure(activity.lastFailure),
        lastWorkerIdentity: activity.startedIdentity,
      })),
      pendingWorkflowTask: wt
        ? {
            state: wt.startedEventId
              ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
              : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
            scheduledTime: timestamp(wt.scheduledTime),
            startedTime: wt.startedTime ? timestamp(wt.startedTime) : null,
            attempt: wt.attempt,
          }
        : null,
    };
  }

  /** Runs of a namespace matching a visibility query, newest first. */
  /**
   * Time skipping: when nothing is being worked on (no workflow or activity task outstanding), jump the
   * virtual clock to the earliest deadline (or the end of a test's sleep) and fire what is due. Each env.sleep in
   * progress lets one outstanding task be passed over, as the official test server's lock count does: a test
   * sleeping inside a running activity moves time while that activity runs, one deadline at a time, each workflow
   * task it wakes being done before the next jump. Returns whether it skipped.
   */
  skipTime(clock: VirtualClock): boolean {
    let next = clock.nextSleeperTime();
    for (const deadline of this.externalDeadlines) next = Math.min(next, deadline());
    const allowed = clock.tasksAllowed;
    let outstanding = 0;
    for (const count of this.externalOutstanding) outstanding += count();
    if (outstanding > allowed) return false;
    for (const execution of this.executions.values()) {
      const { record } = execution;
      if (record.status !== 'Running') continue;
      if (record.workflowTask) outstanding++;
      for (const activity of Object.values(record.activities)) {
        if (activity.startedTime !== 0 || activity.currentAttemptScheduledTime <= this.now()) outstanding++;
      }
      if (outstanding > allowed) return false;
      next = Math.min(next, this.nextDeadline(execution));
    }
    if (next === Infinity || next <= this.now()) return false;
    clock.advanceTo(next);
    // Fire what is now due at once rather than through a zero-delay timer each; arm the rest.
    for (const execution of this.executions.values()) {
      if (this.nextDeadline(execution) > this.now()) {
        this.armTimer(execution);
        continue;
      }
      if (execution.timer) clearTimeout(execution.timer);
      this.fireDeadlines(execution);
    }
    for (const listener of this.afterSkip) listener();
    this.flush().catch(() => undefined);
    return true;
  }

  /** Every run of a namespace, in no particular order; visibility/handlers.ts filters and sorts them. */
  executionsIn(namespace: string): Execution[] {
    this.namespace(namespace);
    return [...this.executions.values()].filter((execution) => execution.record.namespace === namespace);
  }

  /**
   * A worker is stopping. Its outstanding polls on `taskQueue` (of the given kinds, both when none are named) are
   * answered empty at once, so no task is handed to a worker that will not run it (`workerPollCompleteOnShutdown`,
   * as the server does with `frontend.enableCancelWorkerPollsOnShutdown`); its sticky tasks move to the normal queue.
   */
  shutdownWorker(
    namespace: string,
    stickyQueue: string,
    worker: { workerInstanceKey?: string; taskQueue?: string; kinds?: ('workflow' | 'activity')[] } = {}
  ): void {
    const { workerInstanceKey, taskQueue } = worker;
    if (workerInstanceKey) {
      this.matching.workerStopped(workerInstanceKey);
    }
    if (workerInstanceKey && taskQueue) {
      const kinds: QueueKind[] = worker.kinds?.length ? worker.kinds : ['workflow', 'activity'];
      for (const kind of kinds) {
        const queue = this.matching.existing(kind, namespace, taskQueue);
        const polls = queue?.pollers.filter((poller) => poller.workerInstanceKey === workerInstanceKey) ?? [];
        for (const poller of polls) poller.resolve(null);
      }
    }
    if (!stickyQueue) return;
    // The worker's sticky queue is its own: its outstanding polls are answered too, or the stopping worker waits
    // for their slots until the long poll ends.
    for (const poller of this.matching.existing('workflow', namespace, stickyQueue)?.pollers.slice() ?? [])
      poller.resolve(null);
    for (const execution of this.executions.values()) {
      const { record } = execution;
      if (record.namespace !== namespace || record.stickyQueue !== stickyQueue) continue;
      record.stickyQueue = '';
      this.changed(execution);
      const wt = record.workflowTask;
      if (wt && wt.startedEventId === 0 && wt.sticky) {
        wt.sticky = false;
        this.enqueueWorkflowTask(execution);
      }
      this.armTimer(execution);
    }
    this.matching.remove('workflow', namespace, stickyQueue);
  }
}

export function alreadyStarted(workflowId: string, runId: string, requestId: string): ServiceError {
  const detail = api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure.encode({
    startRequestId: requestId,
    runId,
  }).finish();
  return new ServiceError(
    status.ALREADY_EXISTS,
    `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${runId}.`,
    [
      {
        typeUrl: 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
        value: detail,
      },
    ]
  );
}

export { closeEventTypes, executionInfo, executionStatus };
export type { Execution, UpdateStatus };
