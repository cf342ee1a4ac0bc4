import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { api, duration, timestamp } from '../proto';
import { ServiceError, notFound, requireString } from '../errors';
import type { DevServerStorage } from '../storage/storage';
import { Committer } from './committer';
import {
  closeEventTypes,
  decodeEvent,
  decodeFailure,
  decodePayloads,
  encodeEvent,
  fromBase64,
  toBase64,
  type Failure,
  type HistoryEvent,
  type Payloads,
} from './history';
import { executionKey } from './records';
import type { ScheduleChange, ScheduleRecord } from './schedule-records';
import type { StandaloneActivityChange, StandaloneActivityRecord } from './standalone-activity-records';
import { Matching, type Poller, type QueueTask } from './matching';
import { childCloseAttributes, fixRelativeIds } from './history-builder';
import { executionInfo, executionStatus, historyLengthOf, type Execution } from './execution';
import { type PendingQuery } from './queries';
import type { UpdateStatus } from './updates';
import type { VirtualClock } from './time-skipping';
import type { SearchAttributeType } from '../visibility/search-attributes';
import type { ActivityRecord, ExecutionRecord, ExecutionStatus, NamespaceRecord, ParentRecord } from './records';
import * as timers from './timers';
import * as cronRetry from './cron-retry';
import * as children from './children';
import * as activities from './activities';
import * as workflowTaskCompletion from './workflow-task-completion';
import * as updates from './updates';
import * as queries from './queries';
import * as namespaceRegistry from './namespaces';
import * as runLifecycle from './run-lifecycle';
import * as taskDispatch from './task-dispatch';

const enums = api.enums.v1;

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
   * Called synchronously once a worker's completed workflow task is applied, before its answer is built: the
   * time-skipping server jumps there, so a timer it fires is committed with the completion and its task can go back in
   * the same answer (`returnNewWorkflowTask`) instead of one event-loop turn, one commit and one poll later.
   */
  onWorkflowTaskDone?: () => void;
  /**
   * Eager activity dispatch (`system.enableActivityEagerExecution`, on by default as in the official dev server): an
   * activity a workflow task schedules with `requestEagerExecution` on the run's own task queue starts at once and goes
   * back in the completion's answer.
   */
  eagerActivities?: boolean;
  /**
   * How many closed runs keep their history in memory after it was read or written (least recently used go first);
   * the others are read from storage when asked for. Open runs always keep theirs.
   */
  closedHistoryCache?: number;
}

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
  readonly warmClosed = new Map<string, Execution>();
  private readonly closedHistoryCache: number;
  readonly committer: Committer;
  readonly storage: DevServerStorage;
  readonly logger: Logger;
  readonly longPollMs: number;
  readonly historyPageSize: number;
  readonly eagerActivities: boolean;
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
  /** The run whose completing workflow task asked for its next task in the answer: that task is not queued meanwhile. */
  heldWorkflowTask: string | null = null;

  constructor(private readonly options: EngineOptions) {
    this.logger = options.logger;
    this.storage = options.storage;
    this.longPollMs = options.longPollMs ?? 60_000;
    this.matching = new Matching(this.longPollMs);
    this.historyPageSize = options.historyPageSize ?? 256;
    this.eagerActivities = options.eagerActivities ?? true;
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

  rememberClosed(execution: Execution): void {
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

  // ---------------------------------------------------------------- namespaces and retention
  // The work is in engine/namespaces.ts; these delegate to it.

  sweepRetention(): Promise<number> {
    return namespaceRegistry.sweepRetention(this);
  }

  setRetention(name: string, retentionMs: number): void {
    return namespaceRegistry.setRetention(this, name, retentionMs);
  }

  registerNamespace(input: {
    name: string;
    description: string;
    ownerEmail: string;
    retentionMs: number;
  }): NamespaceRecord {
    return namespaceRegistry.registerNamespace(this, input);
  }

  namespace(name: string | null | undefined): NamespaceRecord {
    return namespaceRegistry.namespace(this, name);
  }

  listNamespaces(): NamespaceRecord[] {
    return namespaceRegistry.listNamespaces(this);
  }

  setSearchAttributes(name: string, attributes: Record<string, SearchAttributeType>): void {
    return namespaceRegistry.setSearchAttributes(this, name, attributes);
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

  /** A worker's completed workflow task is applied (nothing of it outstanding any more): time skipping may jump. */
  workflowTaskDone(): void {
    this.options.onWorkflowTaskDone?.();
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

  // ---------------------------------------------------------------- run lifecycle
  // The work is in engine/run-lifecycle.ts (start, signal, cancel, terminate, close); these delegate to it.

  startWorkflow(
    request: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
    signal?: { name: string; input: Payloads | null; header: temporal.api.common.v1.IHeader | null; identity: string },
    parent?: ParentRecord,
    beforeFirstTask?: (execution: Execution) => void
  ): { runId: string; started: boolean; eagerWorkflowTask?: object } {
    return runLifecycle.startWorkflow(this, request, signal, parent, beforeFirstTask);
  }

  createRun(input: runLifecycle.NewRun): Execution {
    return runLifecycle.createRun(this, input);
  }

  signalWithStart(request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest): {
    runId: string;
    started: boolean;
  } {
    return runLifecycle.signalWithStart(this, request);
  }

  signalWorkflow(request: temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest): void {
    return runLifecycle.signalWorkflow(this, request);
  }

  requestCancel(request: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest): void {
    return runLifecycle.requestCancel(this, request);
  }

  terminateWorkflow(request: temporal.api.workflowservice.v1.ITerminateWorkflowExecutionRequest): void {
    return runLifecycle.terminateWorkflow(this, request);
  }

  terminate(execution: Execution, reason: string, details: Payloads | null, identity: string): void {
    return runLifecycle.terminate(this, execution, reason, details, identity);
  }

  close(execution: Execution, status: ExecutionStatus, continued = status === 'ContinuedAsNew'): void {
    return runLifecycle.close(this, execution, status, continued);
  }

  // ---------------------------------------------------------------- task dispatch
  // The work is in engine/task-dispatch.ts (workflow and activity tasks scheduled, queued on engine/matching.ts,
  // started for a poller; a stopping worker's polls); these delegate to it.

  scheduleWorkflowTask(execution: Execution, attempt = 1, enqueue = true): void {
    return taskDispatch.scheduleWorkflowTask(this, execution, attempt, enqueue);
  }

  shutdownWorker(
    namespace: string,
    stickyQueue: string,
    worker: { workerInstanceKey?: string; taskQueue?: string; kinds?: ('workflow' | 'activity')[] } = {}
  ): void {
    return taskDispatch.shutdownWorker(this, namespace, stickyQueue, worker);
  }

  offerStandaloneActivity(namespace: string, taskQueue: string, key: string, attempt: number): void {
    return taskDispatch.offerStandaloneActivity(this, namespace, taskQueue, key, attempt);
  }

  enqueueWorkflowTask(execution: Execution): void {
    return taskDispatch.enqueueWorkflowTask(this, execution);
  }

  enqueueActivity(execution: Execution, activity: ActivityRecord): void {
    return taskDispatch.enqueueActivity(this, execution, activity);
  }

  pollWorkflowTaskQueue(
    request: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest,
    cancelled: AbortSignal
  ): Promise<object> {
    return taskDispatch.pollWorkflowTaskQueue(this, request, cancelled);
  }

  pollActivityTaskQueue(
    request: temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest,
    cancelled: AbortSignal
  ): Promise<object> {
    return taskDispatch.pollActivityTaskQueue(this, request, cancelled);
  }

  startWorkflowTask(task: QueueTask, poller: Poller, queueName: string): object | null {
    return taskDispatch.startWorkflowTask(this, task, poller, queueName);
  }

  historyPage(
    execution: Execution,
    first: number,
    last: number,
    pageSize = this.historyPageSize
  ): { events: HistoryEvent[]; nextPageToken: Uint8Array | null } {
    return taskDispatch.historyPage(this, execution, first, last, pageSize);
  }

  // ---------------------------------------------------------------- workflow task completion
  // The work is in engine/workflow-task-completion.ts; these delegate to it.

  completeWorkflowTask(request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest): object {
    return workflowTaskCompletion.completeWorkflowTask(this, request);
  }

  scheduleActivity(
    execution: Execution,
    attrs: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
    completedId: number,
    enqueue = true
  ): number {
    return activities.scheduleActivity(this, execution, attrs, completedId, enqueue);
  }

  startEagerActivity(execution: Execution, scheduledEventId: number, identity: string): object | null {
    return taskDispatch.startEagerActivity(this, execution, scheduledEventId, identity);
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
}

export { closeEventTypes, executionInfo, executionStatus };
export type { Execution, UpdateStatus };
