import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { ServiceError, invalidArgument, notFound, requireString } from '../errors';
import { api, durationMs, timestamp, timestampMs } from '../proto';
import type { Engine } from './engine';
import type { ExecutionRecord } from './records';
import { scheduleKey, type BufferedStart, type RecentAction, type ScheduleRecord } from './schedule-records';
import { canonicalSpec, compileSpec, nextTime, scheduledWorkflowId, type CompiledSpec } from './schedule-spec';
import { customSearchAttributes, offsetPageToken, readOffsetPageToken } from './visibility-query';
import type { NamespaceRecord } from './records';
import { compileQuery, type VisibilityRow } from '../visibility/evaluate';
import { decodeSearchValue, systemSearchAttributes, type SearchAttributeType } from '../visibility/search-attributes';

/**
 * Temporal Schedules, with the semantics of the server's scheduler workflow (service/worker/scheduler): the spec is
 * evaluated from the last processed time up to now; times older than the catch-up window are counted as missed;
 * each due time becomes a buffered start resolved by the overlap policy against the workflows the schedule started
 * and that are still running; a start runs the action as `<workflowId>-<nominal time>`. Paused schedules and
 * exhausted limited actions take no scheduled action (triggers and backfills still run). State is persisted through
 * the engine's group commit, so a restart continues from the last processed time.
 */

type Schedule = temporal.api.schedule.v1.ISchedule;
type CloseEvent = Parameters<Engine['runClosedListeners'][number]>[1];

const enums = api.enums.v1;
const Overlap = enums.ScheduleOverlapPolicy;
const WorkflowStatus = enums.WorkflowExecutionStatus;

/** The server's defaults and limits (scheduler workflow). */
const defaultCatchupWindowMs = 365 * 24 * 3_600_000;
const minCatchupWindowMs = 10_000;
const recentActionCount = 10;
const futureActionCount = 10;
const maxBufferSize = 1000;
/** Recent actions and future times in a list entry. */
const listCount = 5;

interface LiveSchedule {
  record: ScheduleRecord;
  schedule: Schedule;
  spec: CompiledSpec;
  timer: NodeJS.Timeout | null;
  /** When the timer fires (engine clock), for time skipping; Infinity when none. */
  wakeAt: number;
}

/** A schedule as the engine keeps it while it lives: its spec compiled, no timer armed yet. */
function liveSchedule(record: ScheduleRecord, schedule: Schedule): LiveSchedule {
  return { record, schedule, spec: compileSpec(schedule.spec ?? {}), timer: null, wakeAt: Infinity };
}

const statusOf: Record<ExecutionRecord['status'], number> = {
  Running: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  Completed: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  Failed: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  Canceled: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  Terminated: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  ContinuedAsNew: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  TimedOut: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** protobufjs encodes plain numbers for int64 fields; the generated types only name Long. */
function ts(ms: number): NonNullable<temporal.api.schedule.v1.IScheduleSpec['startTime']> {
  return timestamp(ms) as unknown as NonNullable<temporal.api.schedule.v1.IScheduleSpec['startTime']>;
}

function int64(value: number): NonNullable<temporal.api.schedule.v1.IScheduleState['remainingActions']> {
  return value as unknown as NonNullable<temporal.api.schedule.v1.IScheduleState['remainingActions']>;
}

function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return Number((value as { toNumber(): number }).toNumber());
  }
  return Number(value);
}

/** A search attribute payload as the SDK encodes it (json/plain with the type in the metadata). */
function attributePayload(value: string, type: 'Datetime' | 'Keyword'): temporal.api.common.v1.IPayload {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
    data: Buffer.from(JSON.stringify(value)),
  };
}

export class Schedules {
  private readonly live = new Map<string, LiveSchedule>();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly logger: Logger
  ) {}

  /** Takes over the schedules the engine loaded and catches up on what came due while the server was down. */
  start(): void {
    for (const record of this.engine.loadedSchedules) {
      const live = liveSchedule(record, api.schedule.v1.Schedule.decode(fromBase64(record.schedule)));
      this.live.set(scheduleKey(record.namespace, record.scheduleId), live);
    }
    this.engine.runClosedListeners.push((record, closeEvent, continued) =>
      this.runClosed(record, closeEvent, continued)
    );
    this.engine.externalDeadlines.push(() => this.nextWakeup());
    this.engine.afterSkip.push(() => this.fireDue());
    for (const live of this.live.values()) {
      // A run that closed while nobody listened (it cannot, but records from older versions may say so).
      live.record.running = live.record.running.filter(
        (run) => this.engine.currentRun(live.record.namespace, run.workflowId)?.record.status === 'Running'
      );
      this.tick(live);
    }
  }

  shutdown(): void {
    this.stopped = true;
    for (const live of this.live.values()) if (live.timer) clearTimeout(live.timer);
  }

  private nextWakeup(): number {
    let next = Infinity;
    for (const live of this.live.values()) next = Math.min(next, live.wakeAt);
    return next;
  }

  private fireDue(): void {
    const now = this.engine.currentTime();
    for (const live of this.live.values()) if (live.wakeAt <= now) this.tick(live);
  }

  // ---------------------------------------------------------------- requests

  private find(namespace: string | null | undefined, scheduleId: string | null | undefined): LiveSchedule {
    const name = this.engine.namespace(namespace).name;
    const id = requireString(scheduleId, 'scheduleId');
    const live = this.live.get(scheduleKey(name, id));
    if (!live) throw notFound(`schedule "${id}" not found`);
    return live;
  }

  create(request: temporal.api.workflowservice.v1.ICreateScheduleRequest): { conflictToken: Uint8Array } {
    const namespace = this.engine.namespace(request.namespace).name;
    const scheduleId = requireString(request.scheduleId, 'scheduleId');
    const existing = this.live.get(scheduleKey(namespace, scheduleId));
    if (existing) {
      if (request.requestId && existing.record.createRequestId === request.requestId) {
        return { conflictToken: this.conflictToken(existing) };
      }
      throw new ServiceError(status.ALREADY_EXISTS, 'schedule with this id is already registered');
    }
    const schedule = this.validSchedule(request.schedule);
    const now = this.engine.currentTime();
    const record: ScheduleRecord = {
      namespace,
      scheduleId,
      schedule: '',
      memo: request.memo ? toBase64(api.common.v1.Memo.encode(request.memo).finish()) : null,
      searchAttributes: request.searchAttributes
        ? toBase64(api.common.v1.SearchAttributes.encode(request.searchAttributes).finish())
        : null,
      createRequestId: request.requestId ?? '',
      createTime: now,
      updateTime: now,
      conflictToken: 1,
      lastProcessedTime: now,
      actionCount: 0,
      missedCatchupWindow: 0,
      overlapSkipped: 0,
      bufferDropped: 0,
      buffered: [],
      recentActions: [],
      running: [],
      lastCompletionResult: null,
      lastFailure: null,
    };
    const live = liveSchedule(record, schedule);
    this.live.set(scheduleKey(namespace, scheduleId), live);
    if (request.initialPatch) this.applyPatch(live, request.initialPatch);
    this.tick(live);
    return { conflictToken: this.conflictToken(live) };
  }

  private validSchedule(input: Schedule | null | undefined): Schedule {
    if (!input) throw invalidArgument('schedule is required');
    const start = input.action?.startWorkflow;
    if (!start) throw invalidArgument('schedule action is required');
    requireString(start.workflowId, 'schedule.action.startWorkflow.workflowId');
    requireString(start.workflowType?.name, 'schedule.action.startWorkflow.workflowType.name');
    requireString(start.taskQueue?.name, 'schedule.action.startWorkflow.taskQueue.name');
    const catchup = durationMs(input.policies?.catchupWindow);
    return {
      spec: canonicalSpec(input.spec),
      action: input.action,
      policies: {
        overlapPolicy: input.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP,
        catchupWindow: timestampOrNull(catchup ? Math.max(catchup, minCatchupWindowMs) : defaultCatchupWindowMs),
        pauseOnFailure: input.policies?.pauseOnFailure ?? false,
        keepOriginalWorkflowId: input.policies?.keepOriginalWorkflowId ?? false,
      },
      state: {
        paused: input.state?.paused ?? false,
        notes: input.state?.notes ?? '',
        limitedActions: input.state?.limitedActions ?? false,
        remainingActions: int64(input.state?.limitedActions ? num(input.state.remainingActions) : 0),
      },
    };
  }

  describe(request: temporal.api.workflowservice.v1.IDescribeScheduleRequest): object {
    const live = this.find(request.namespace, request.scheduleId);
    const { record } = live;
    return {
      schedule: live.schedule,
      info: {
        actionCount: record.actionCount,
        missedCatchupWindow: record.missedCatchupWindow,
        overlapSkipped: record.overlapSkipped,
        bufferDropped: record.bufferDropped,
        bufferSize: record.buffered.length,
        runningWorkflows: record.running.map((run) => ({ workflowId: run.workflowId, runId: run.runId })),
        recentActions: record.recentActions.map(actionResult),
        futureActionTimes: this.futureTimes(live, futureActionCount).map(ts),
        createTime: ts(record.createTime),
        updateTime: ts(record.updateTime),
      },
      memo: record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
      searchAttributes: record.searchAttributes
        ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes))
        : null,
      conflictToken: this.conflictToken(live),
    };
  }

  /**
   * ListSchedules with its `query`, as the server's frontend answers it: the filter language over `ScheduleId`,
   * `TemporalSchedulePaused` and the namespace's custom search attributes (the schedule's own); any other system or
   * `Temporal…` attribute is refused (`invalid query filter for schedules: cannot filter on "X"`), an unknown name
   * is refused as in workflow lists. Ordered by schedule id unless the query says otherwise.
   */
  list(request: temporal.api.workflowservice.v1.IListSchedulesRequest): object {
    const namespace = this.engine.namespace(request.namespace);
    const query = request.query ?? '';
    const used = new Set<string>();
    const compiled = compileQuery(
      query,
      (name) => {
        used.add(name);
        return scheduleSearchAttributeType(namespace, name);
      },
      'list'
    );
    for (const name of used) {
      if (
        name !== 'TemporalSchedulePaused' &&
        isReservedSearchAttribute(name) &&
        !customSearchAttributes(namespace)[name]
      )
        throw invalidArgument(`invalid query filter for schedules: cannot filter on "${name}"`);
    }
    const rows = [...this.live.values()]
      .filter((live) => live.record.namespace === namespace.name)
      .map((live) => ({ live, values: scheduleRow(live, namespace) }))
      .filter((row) => compiled.matches(row.values));
    rows.sort(
      (a, b) => compiled.compare(a.values, b.values) || (a.live.record.scheduleId < b.live.record.scheduleId ? -1 : 1)
    );
    const from = readOffsetPageToken(request.nextPageToken, query);
    const size = request.maximumPageSize && request.maximumPageSize > 0 ? request.maximumPageSize : 1000;
    const page = rows.slice(from, from + size).map((row) => row.live);
    return {
      schedules: page.map((live) => ({
        scheduleId: live.record.scheduleId,
        memo: live.record.memo ? api.common.v1.Memo.decode(fromBase64(live.record.memo)) : null,
        searchAttributes: live.record.searchAttributes
          ? api.common.v1.SearchAttributes.decode(fromBase64(live.record.searchAttributes))
          : null,
        info: {
          spec: live.schedule.spec,
          workflowType: live.schedule.action?.startWorkflow?.workflowType,
          notes: live.schedule.state?.notes ?? '',
          paused: live.schedule.state?.paused ?? false,
          recentActions: live.record.recentActions.slice(-listCount).map(actionResult),
          futureActionTimes: this.futureTimes(live, listCount).map(ts),
        },
      })),
      nextPageToken: from + size < rows.length ? offsetPageToken(from + size, query) : null,
    };
  }

  update(request: temporal.api.workflowservice.v1.IUpdateScheduleRequest): object {
    const live = this.find(request.namespace, request.scheduleId);
    if (request.conflictToken?.length && Buffer.compare(Buffer.from(request.conflictToken), this.conflictToken(live))) {
      throw new ServiceError(status.FAILED_PRECONDITION, 'mismatched conflict token');
    }
    live.schedule = this.validSchedule(request.schedule);
    live.spec = compileSpec(live.schedule.spec ?? {});
    const now = this.engine.currentTime();
    live.record.updateTime = now;
    live.record.conflictToken++;
    if (request.searchAttributes) {
      live.record.searchAttributes = toBase64(api.common.v1.SearchAttributes.encode(request.searchAttributes).finish());
    }
    if (request.memo) live.record.memo = toBase64(api.common.v1.Memo.encode(request.memo).finish());
    this.tick(live);
    return {};
  }

  patch(request: temporal.api.workflowservice.v1.IPatchScheduleRequest): object {
    const live = this.find(request.namespace, request.scheduleId);
    if (request.patch) this.applyPatch(live, request.patch);
    this.tick(live);
    return {};
  }

  delete(request: temporal.api.workflowservice.v1.IDeleteScheduleRequest): object {
    const live = this.find(request.namespace, request.scheduleId);
    if (live.timer) clearTimeout(live.timer);
    live.wakeAt = Infinity;
    this.live.delete(scheduleKey(live.record.namespace, live.record.scheduleId));
    this.engine.scheduleChanged({ namespace: live.record.namespace, scheduleId: live.record.scheduleId, record: null });
    return {};
  }

  matchingTimes(request: temporal.api.workflowservice.v1.IListScheduleMatchingTimesRequest): object {
    const live = this.find(request.namespace, request.scheduleId);
    const end = timestampMs(request.endTime) ?? 0;
    const times: number[] = [];
    let from = timestampMs(request.startTime) ?? 0;
    while (times.length < 1000) {
      const next = nextTime(live.spec, this.jitterSeed(live), from);
      if (!next || next.next > end) break;
      times.push(next.next);
      from = next.next;
    }
    return { startTime: times.map(ts) };
  }

  private conflictToken(live: LiveSchedule): Buffer {
    return Buffer.from(String(live.record.conflictToken));
  }

  private jitterSeed(live: LiveSchedule): string {
    return `${live.record.namespace}/${live.record.scheduleId}`;
  }

  private futureTimes(live: LiveSchedule, count: number): number[] {
    const state = live.schedule.state;
    const limit = state?.limitedActions ? Math.min(count, num(state.remainingActions)) : count;
    const times: number[] = [];
    let from = live.record.lastProcessedTime;
    while (times.length < limit) {
      const next = nextTime(live.spec, this.jitterSeed(live), from);
      if (!next) break;
      times.push(next.next);
      from = next.next;
    }
    return times;
  }

  private applyPatch(live: LiveSchedule, patch: temporal.api.schedule.v1.ISchedulePatch): void {
    const now = this.engine.currentTime();
    if (patch.triggerImmediately) {
      const at = timestampMs(patch.triggerImmediately.scheduledTime) ?? now;
      this.buffer(live, {
        nominal: at,
        actual: at,
        overlap: patch.triggerImmediately.overlapPolicy ?? 0,
        manual: true,
      });
    }
    for (const backfill of patch.backfillRequest ?? []) {
      // The start time is inclusive, as on current servers.
      const from = (timestampMs(backfill.startTime) ?? 0) - 1;
      const to = timestampMs(backfill.endTime) ?? 0;
      this.processRange(live, from, to, backfill.overlapPolicy ?? 0, true);
    }
    const state = (live.schedule.state ??= {});
    if (patch.pause) {
      state.paused = true;
      state.notes = patch.pause;
    }
    if (patch.unpause) {
      state.paused = false;
      state.notes = patch.unpause;
    }
  }

  // ---------------------------------------------------------------- the scheduler

  private catchupWindowMs(live: LiveSchedule): number {
    const window = durationMs(live.schedule.policies?.catchupWindow);
    return window ? Math.max(window, minCatchupWindowMs) : defaultCatchupWindowMs;
  }

  private buffer(live: LiveSchedule, start: BufferedStart): void {
    if (live.record.buffered.length >= maxBufferSize) {
      live.record.bufferDropped++;
      return;
    }
    live.record.buffered.push(start);
  }

  /** Buffers the spec's times in (from, to]; a scheduled (not manual) time later than the catch-up window is missed. */
  private processRange(live: LiveSchedule, from: number, to: number, overlap: number, manual: boolean): void {
    const state = live.schedule.state;
    // Paused or out of actions: the range passes without any scheduled action (nor a missed one), as on the server.
    if (!manual && (state?.paused || (state?.limitedActions && num(state.remainingActions) <= 0))) return;
    let after = from;
    for (;;) {
      const next = nextTime(live.spec, this.jitterSeed(live), after);
      if (!next || next.next > to) return;
      after = next.next;
      if (!manual) {
        // Times before the last update were evaluated under the old spec.
        if (next.next < live.record.updateTime) continue;
        if (to - next.next > this.catchupWindowMs(live)) {
          this.logger.warn({ scheduleId: live.record.scheduleId, time: next.next }, 'schedule missed catch-up window');
          live.record.missedCatchupWindow++;
          continue;
        }
      }
      this.buffer(live, { nominal: next.nominal, actual: next.next, overlap, manual });
    }
  }

  /** Evaluates the spec up to now, resolves the buffer, persists, and sets the timer for the next time. */
  private tick(live: LiveSchedule): void {
    if (this.stopped || !this.live.has(scheduleKey(live.record.namespace, live.record.scheduleId))) return;
    const now = this.engine.currentTime();
    if (now > live.record.lastProcessedTime) {
      this.processRange(live, live.record.lastProcessedTime, now, 0, false);
      live.record.lastProcessedTime = now;
    }
    this.processBuffer(live);
    this.save(live);
    this.arm(live);
  }

  private arm(live: LiveSchedule): void {
    if (live.timer) clearTimeout(live.timer);
    live.timer = null;
    live.wakeAt = Infinity;
    const next = nextTime(live.spec, this.jitterSeed(live), live.record.lastProcessedTime);
    if (!next) return;
    live.wakeAt = next.next;
    // Long waits are re-armed in steps: setTimeout holds at most about 24.8 days.
    const delay = Math.min(Math.max(0, next.next - this.engine.currentTime()), 2 ** 31 - 1);
    live.timer = setTimeout(() => {
      live.timer = null;
      this.tick(live);
      this.engine.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'schedule commit failed'));
    }, delay);
    live.timer.unref?.();
  }

  private save(live: LiveSchedule): void {
    live.record.schedule = toBase64(api.schedule.v1.Schedule.encode(live.schedule).finish());
    this.engine.scheduleChanged({
      namespace: live.record.namespace,
      scheduleId: live.record.scheduleId,
      record: live.record,
    });
  }

  private resolveOverlap(live: LiveSchedule, overlap: number): number {
    return overlap || live.schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
  }

  /**
   * The server's buffer resolution (scheduler/buffer.go): ALLOW_ALL always starts (and is not tracked as running);
   * with nothing running the first other start goes; then SKIP drops (counted as skipped), BUFFER_ONE keeps one
   * waiting, BUFFER_ALL keeps all, CANCEL_OTHER and TERMINATE_OTHER keep theirs waiting and cancel or terminate what
   * runs (dropping this pass's ALLOW_ALL starts), so they start once that run has closed.
   */
  private processBuffer(live: LiveSchedule): void {
    const { record } = live;
    if (record.buffered.length === 0) return;
    const running = record.running.length > 0;
    const waiting: BufferedStart[] = [];
    let overlapping: BufferedStart[] = [];
    let nonOverlapping: BufferedStart | null = null;
    let cancel = false;
    let terminate = false;
    for (const start of record.buffered) {
      const policy = this.resolveOverlap(live, start.overlap);
      if (policy === Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL) {
        overlapping.push(start);
        continue;
      }
      if (!running && !nonOverlapping) {
        nonOverlapping = start;
        continue;
      }
      switch (policy) {
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
          if (waiting.length === 0) waiting.push(start);
          else record.overlapSkipped++;
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
          waiting.push(start);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
        case Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
          if (running) {
            if (policy === Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER) cancel = true;
            else terminate = true;
            waiting.push(start);
          } else nonOverlapping = start;
          break;
        default:
          record.overlapSkipped++;
      }
    }
    if (cancel || terminate) overlapping = [];
    record.buffered = waiting;
    const others = [...record.running];
    for (const start of overlapping) this.startWorkflow(live, start, false);
    if (nonOverlapping) this.startWorkflow(live, nonOverlapping, true);
    // Terminate wins over cancel when both were asked for.
    if (terminate || cancel) for (const run of others) this.stopOther(live, run, terminate);
  }

  private stopOther(live: LiveSchedule, run: { workflowId: string; runId: string }, terminate: boolean): void {
    const namespace = live.record.namespace;
    const current = this.engine.currentRun(namespace, run.workflowId);
    if (current?.record.status !== 'Running') return;
    const identity = this.identity(live);
    try {
      if (terminate) {
        this.engine.terminateWorkflow({
          namespace,
          workflowExecution: { workflowId: run.workflowId },
          reason: 'terminated by schedule overlap policy',
          identity,
        });
      } else {
        this.engine.requestCancel({
          namespace,
          workflowExecution: { workflowId: run.workflowId },
          reason: 'cancelled by schedule overlap policy',
          identity,
        });
      }
    } catch (error) {
      this.logger.warn({ err: error, workflowId: run.workflowId }, 'schedule could not stop a running workflow');
    }
  }

  private identity(live: LiveSchedule): string {
    return `temporal-scheduler-${live.record.namespace}-${live.record.scheduleId}`;
  }

  /** `track`: the run holds back overlapping starts until it closes (ALLOW_ALL runs do not). */
  private startWorkflow(live: LiveSchedule, start: BufferedStart, track: boolean): void {
    const { record } = live;
    const state = (live.schedule.state ??= {});
    if (!start.manual) {
      if (state.paused) return;
      if (state.limitedActions) {
        if (num(state.remainingActions) <= 0) return;
        state.remainingActions = int64(num(state.remainingActions) - 1);
      }
    }
    const action = live.schedule.action?.startWorkflow;
    if (!action) return;
    const workflowId = live.schedule.policies?.keepOriginalWorkflowId
      ? (action.workflowId ?? '')
      : scheduledWorkflowId(action.workflowId ?? '', start.nominal);
    const fields = { ...(action.searchAttributes?.indexedFields ?? {}) };
    fields.TemporalScheduledStartTime = attributePayload(new Date(start.nominal).toISOString(), 'Datetime');
    fields.TemporalScheduledById = attributePayload(record.scheduleId, 'Keyword');
    // Deterministic for scheduled times, so a start retried after a crash is recognised by its request id.
    const requestId = createHash('sha256')
      .update(
        `${record.namespace}/${record.scheduleId}/${start.nominal}/${start.actual}/${start.manual}/${record.actionCount}`
      )
      .digest('hex');
    try {
      const { runId } = this.engine.startWorkflow({
        namespace: record.namespace,
        workflowId,
        workflowType: action.workflowType,
        taskQueue: action.taskQueue,
        input: action.input,
        workflowExecutionTimeout: action.workflowExecutionTimeout,
        workflowRunTimeout: action.workflowRunTimeout,
        workflowTaskTimeout: action.workflowTaskTimeout,
        identity: this.identity(live),
        requestId,
        // Scheduled times refuse a duplicate id (a start repeated after a crash); triggers and backfills allow it.
        workflowIdReusePolicy: start.manual
          ? enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
          : enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
        retryPolicy: action.retryPolicy,
        memo: action.memo,
        searchAttributes: { indexedFields: fields },
        header: action.header,
        userMetadata: action.userMetadata,
        priority: action.priority,
        // ALLOW_ALL runs take no part in the chain of results.
        lastCompletionResult:
          record.lastCompletionResult && track
            ? api.common.v1.Payloads.decode(fromBase64(record.lastCompletionResult))
            : null,
        continuedFailure:
          record.lastFailure && track ? api.failure.v1.Failure.decode(fromBase64(record.lastFailure)) : null,
      });
      record.actionCount++;
      if (track) record.running.push({ workflowId, runId });
      const recent: RecentAction = {
        scheduleTime: start.actual,
        actualTime: this.engine.currentTime(),
        workflowId,
        runId,
        status: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      };
      record.recentActions = [...record.recentActions, recent].slice(-recentActionCount);
    } catch (error) {
      // E.g. a workflow with this id is still running (two triggers within one second): the server drops it too.
      this.logger.warn({ err: error, scheduleId: record.scheduleId, workflowId }, 'scheduled workflow did not start');
    }
  }

  /** A run closed: if one of ours, it no longer blocks the buffer; its result goes to the next action. */
  private runClosed(run: ExecutionRecord, closeEvent: CloseEvent, continued: boolean): void {
    if (continued) return;
    for (const live of this.live.values()) {
      const { record } = live;
      if (record.namespace !== run.namespace) continue;
      const index = record.running.findIndex(
        (entry) => entry.workflowId === run.workflowId && (entry.runId === run.runId || entry.runId === run.firstRunId)
      );
      if (index < 0) continue;
      const [entry] = record.running.splice(index, 1);
      for (const action of record.recentActions) {
        if (action.workflowId === entry?.workflowId && action.runId === entry.runId)
          action.status = statusOf[run.status];
      }
      const completed = closeEvent?.workflowExecutionCompletedEventAttributes;
      if (completed?.result) {
        record.lastCompletionResult = toBase64(
          api.common.v1.Payloads.encode(completed.result as temporal.api.common.v1.IPayloads).finish()
        );
        record.lastFailure = null;
      }
      const failure = closeEvent?.workflowExecutionFailedEventAttributes?.failure;
      if (run.status === 'Failed' && failure)
        record.lastFailure = toBase64(
          api.failure.v1.Failure.encode(failure as temporal.api.failure.v1.IFailure).finish()
        );
      if (live.schedule.policies?.pauseOnFailure && (run.status === 'Failed' || run.status === 'TimedOut')) {
        const state = (live.schedule.state ??= {});
        state.paused = true;
        state.notes =
          run.status === 'Failed'
            ? `paused due to workflow failure: ${run.workflowId}: ${failure?.message ?? ''}`
            : `paused due to workflow timeout: ${run.workflowId}`;
      }
      this.save(live);
      // Buffered starts go in their own turn: this runs inside the engine's close of the run.
      setImmediate(() => {
        this.tick(live);
        this.engine.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'schedule commit failed'));
      });
    }
  }
}

function timestampOrNull(ms: number): NonNullable<temporal.api.schedule.v1.ISchedulePolicies['catchupWindow']> {
  return timestamp(ms) as unknown as NonNullable<temporal.api.schedule.v1.ISchedulePolicies['catchupWindow']>;
}

function actionResult(action: RecentAction): object {
  return {
    scheduleTime: timestamp(action.scheduleTime),
    actualTime: timestamp(action.actualTime),
    startWorkflowResult: { workflowId: action.workflowId, runId: action.runId },
    startWorkflowStatus: action.status,
  };
}

/** A schedule's search attributes: `ScheduleId` (unless registered), `TemporalSchedulePaused`, custom ones. */
function scheduleSearchAttributeType(namespace: NamespaceRecord, name: string): SearchAttributeType | undefined {
  const custom = customSearchAttributes(namespace)[name];
  if (custom) return custom;
  if (name === 'ScheduleId') return 'Keyword';
  if (name === 'TemporalSchedulePaused') return 'Bool';
  // Known so that the filter is refused by name rather than as unknown, as the server does.
  return systemSearchAttributes[name] ?? predefinedSearchAttributes[name];
}

/** The server's predefined attributes (`sadefs.predefinedWhiteList`) not among the devserver's system ones. */
const predefinedSearchAttributes: Readonly<Record<string, SearchAttributeType>> = {
  BatcherNamespace: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalScheduledById: 'Keyword',
  TemporalNamespaceDivision: 'Keyword',
  TemporalPauseInfo: 'KeywordList',
  TemporalReportedProblems: 'KeywordList',
};

/** System, predefined and `Temporal…` names: the server's `sadefs.IsReserved`. */
function isReservedSearchAttribute(name: string): boolean {
  return name in systemSearchAttributes || name.startsWith('Temporal');
}

function scheduleRow(live: LiveSchedule, namespace: NamespaceRecord): VisibilityRow {
  let stored: Record<string, { data?: Uint8Array | null }> | undefined;
  return (name) => {
    const custom = customSearchAttributes(namespace)[name];
    if (custom) {
      stored ??= live.record.searchAttributes
        ? (api.common.v1.SearchAttributes.decode(fromBase64(live.record.searchAttributes)).indexedFields ?? {})
        : {};
      return decodeSearchValue(stored[name], custom);
    }
    if (name === 'ScheduleId') return live.record.scheduleId;
    if (name === 'TemporalSchedulePaused') return live.schedule.state?.paused ?? false;
    return undefined;
  };
}
