import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  condition,
  workflowInfo,
} from '@temporalio/workflow';
import type { BusinessCalendarInput, CalendarContext } from './calendar';
import { apply, startProcess, StepRejectedError } from './interpreter';
import type { Effect, OrgDirectory, ProcessEvent, ProcessState } from './interpreter';
import type { Template } from './template';
import type * as activities from '../worker/activities';
import type { RecordProcessInput, TransitionWrite } from '../worker/process.activities';
import * as messages from './process.messages';
import { holidayYearsFor } from './deadline/limits';
import { DATA_ERROR } from './data-error';

type Activities = ReturnType<typeof activities.createActivities>;

const act = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });
export interface ProcessInput {
  /** The published template version, parsed: the snapshot makes later edits irrelevant to this run. */
  template: Template;
  params: Record<string, unknown>;
  starter: string;
  calendar: BusinessCalendarInput;
  org?: OrgDirectory;
  /** Snapshots of the templates subprocess nodes run, keyed `templateId@version`. */
  subprocesses?: Record<string, Template>;
  /**
   * When the request this process answers was received (ISO, not after the start): deadlines relative to the start
   * run from it, so a client request logged late still owes its answer 24 hours after it came in.
   */
  receivedAt?: string;
}

export interface ProcessResult {
  status: ProcessState['status'];
  variables: Record<string, unknown>;
}

/** Runs one template version by driving the pure interpreter: its effects become timers, activities and children. */
export async function processWorkflow(input: ProcessInput): Promise<ProcessResult> {
  const { workflowId } = workflowInfo();
  // Before the first command, so a process started before decision routing replays without it.
  const decisionRouting = patched('decision-routing');
  const stepNotices = patched('step-notices');
  const ladderTargets = patched('ladder-targets');
  const teamQueues = patched('team-queues');
  const deputies = patched('deputies-every-role');
  const commentVisibility = patched('comment-visibility');
  const workingTimeDue = patched('working-time-due');
  const noticeKeys = patched('notice-keys');
  const fromReceipt = patched('received-at');
  const workingTimeRungs = patched('working-time-rungs');
  const workingTimeWaits = patched('working-time-waits');
  // A process started before this writes each row with its own activity, so its history replays as it was recorded.
  const oneTransaction = patched('one-transaction-per-step');
  const began = new Date();
  const received = fromReceipt && input.receivedAt !== undefined ? new Date(input.receivedAt) : undefined;
  // Never in the future, whatever the caller sent: the clock cannot start before the request exists.
  const startedAt = received !== undefined && received.getTime() < began.getTime() ? received : began;
  // Holidays for every year an accepted deadline can reach: from the earliest anchor to the latest, plus offsets.
  const calendar: CalendarContext = await act
    .resolveCalendar({
      calendar: input.calendar,
      ...holidayYearsFor({ start: startedAt, params: input.params, template: input.template }),
    })
    .catch(async (error: unknown) => {
      // A calendar that cannot be used (not retried): the process fails, and the process list says so.
      await act.recordProcess({ workflowId, status: 'failed' });
      throw error;
    });
  const ctx = {
    calendar,
    decisionRouting,
    stepNotices,
    ladderTargets,
    teamQueues,
    deputies,
    commentVisibility,
    workingTimeDue,
    noticeKeys,
    workingTimeRungs,
    workingTimeWaits,
    ...(input.org ? { org: input.org } : {}),
  };
  const queue: ProcessEvent[] = [];
  // Events queued and events applied (with their effects performed) so far: an update returns only once its event
  // is applied, so the caller's next action (and any read of the task rows) sees its result.
  let queued = 0;
  let applied = 0;
  const enqueue = (event: ProcessEvent): number => {
    queue.push(event);
    return ++queued;
  };
  const timers = new Map<string, CancellationScope>();
  let effectSeq = 0;

  let first: ReturnType<typeof startProcess>;
  try {
    first = startProcess(workflowId, input.template, input.params, input.starter, startedAt.toISOString(), ctx);
  } catch (error) {
    // Thrown here, the error would fail this workflow task again and again and the process would hang unseen:
    // the process fails instead, saying why, and the process list shows it failed.
    const reason = error instanceof Error ? error.message : String(error);
    await act.recordProcess({ workflowId, status: 'failed' });
    throw ApplicationFailure.nonRetryable(`The process cannot start: ${reason}`, 'ProcessCannotStart');
  }
  let state = first.state;
  setHandler(messages.processStateQuery, () => state);

  const now = () => new Date().toISOString();
  /** The template's parameters as they stand, for the process list. */
  const parameters = () =>
    Object.fromEntries(input.template.parameters.map((parameter) => [parameter.name, state.variables[parameter.name]]));
  /** The state once every queued event is applied: what a new step action must be valid against. */
  const projected = (): ProcessState => {
    let next = state;
    for (const event of queue) {
      try {
        next = apply(next, event, ctx).state;
      } catch (error) {
        if (!(error instanceof StepRejectedError)) throw error;
      }
    }
    return next;
  };
  /**
   * An update's validator: the event must apply to the state once the queued events are applied. A refusal reaches
   * the caller with its key and parameters as the failure's details, so the API can say it in the reader's language;
   * a rejected update leaves no history, so this changes nothing a replay sees.
   */
  const validate = (event: ProcessEvent): void => {
    try {
      apply(projected(), event, ctx);
    } catch (error) {
      if (!(error instanceof StepRejectedError)) throw error;
      throw ApplicationFailure.create({
        type: 'StepRejectedError',
        message: error.message,
        details: [error.refusal],
        nonRetryable: true,
      });
    }
  };
  const stepHandler =
    <Type extends Extract<ProcessEvent, { nodeId: string; actor: string }>['type']>(type: Type) =>
    async (command: object) => {
      const event = { ...command, type, at: now() } as ProcessEvent;
      apply(projected(), event, ctx); // throws StepRejectedError: the update is rejected before it is recorded
      const position = enqueue(event);
      await condition(() => applied >= position);
    };
  const updates = [
    [messages.startStepUpdate, 'start'],
    [messages.logTimeUpdate, 'logTime'],
    [messages.checkItemUpdate, 'check'],
    [messages.submitUpdate, 'submit'],
    [messages.approveUpdate, 'approve'],
    [messages.rejectUpdate, 'reject'],
    [messages.returnForReworkUpdate, 'returnForRework'],
    [messages.requestDecisionUpdate, 'requestDecision'],
    [messages.answerDecisionUpdate, 'answerDecision'],
    [messages.flagRiskUpdate, 'flagRisk'],
    [messages.reassignUpdate, 'reassign'],
    [messages.commentUpdate, 'comment'],
    [messages.changeDueUpdate, 'changeDue'],
    [messages.setPriorityUpdate, 'setPriority'],
    [messages.claimUpdate, 'claim'],
    [messages.releaseUpdate, 'release'],
    [messages.assignUpdate, 'assign'],
  ] as const;
  for (const [update, type] of updates) {
    const handler = stepHandler(type);
    // Each update's validator runs the engine without recording anything, so a rejected call leaves no history.
    setHandler(update as typeof messages.commentUpdate, handler as (command: object) => Promise<void>, {
      validator: (command: object) => validate({ ...command, type, at: now() } as ProcessEvent),
    });
  }
  setHandler(
    messages.changeParameterUpdate,
    async (command) => {
      const event: ProcessEvent = { ...command, type: 'changeParameter', at: now() };
      apply(projected(), event, ctx);
      const position = enqueue(event);
      await condition(() => applied >= position);
    },
    { validator: (command) => validate({ ...command, type: 'changeParameter', at: now() }) }
  );
  setHandler(
    messages.recordAbsenceUpdate,
    async (command) => {
      const event: ProcessEvent = { ...command, type: 'recordAbsence', at: now() };
      apply(projected(), event, ctx);
      const position = enqueue(event);
      await condition(() => applied >= position);
    },
    { validator: (command) => validate({ ...command, type: 'recordAbsence', at: now() }) }
  );
  setHandler(
    messages.changeAbsenceUpdate,
    async (command) => {
      const event: ProcessEvent = { ...command, type: 'changeAbsence', at: now() };
      apply(projected(), event, ctx);
      const position = enqueue(event);
      await condition(() => applied >= position);
    },
    { validator: (command) => validate({ ...command, type: 'changeAbsence', at: now() }) }
  );
  setHandler(
    messages.processCommentUpdate,
    async (command) => {
      const event: ProcessEvent = { ...command, type: 'processComment', at: now() };
      apply(projected(), event, ctx);
      const position = enqueue(event);
      await condition(() => applied >= position);
    },
    { validator: (command) => validate({ ...command, type: 'processComment', at: now() }) }
  );
  setHandler(messages.stepSignal, (command) => {
    enqueue({ ...command, at: now() } as ProcessEvent);
  });

  const performEffect = async (effect: Effect): Promise<void> => {
    effectSeq += 1;
    const key = `${workflowId}:${effectSeq}`;
    switch (effect.type) {
      case 'createTask': {
        const { type: _type, ...task } = effect;
        await act.createTask({ workflowId, ...task });
        return;
      }
      case 'updateTask': {
        const { type: _type, ...update } = effect;
        await act.updateTask({ workflowId, ...update });
        return;
      }
      case 'audit': {
        const { type: _type, ...entry } = effect;
        await act.writeAudit({ key, workflowId, ...entry });
        return;
      }
      case 'notify':
        await act.enqueueNotification({ key, workflowId, ...effect });
        return;
      case 'scheduleTimer': {
        const scope = new CancellationScope();
        timers.set(effect.timerId, scope);
        const delay = Math.max(0, new Date(effect.at).getTime() - Date.now());
        scope
          .run(() => sleep(delay))
          .then(
            () => enqueue({ type: 'timerFired', timerId: effect.timerId, at: now() }),
            (error: unknown) => {
              if (!isCancellation(error)) throw error;
            }
          )
          .finally(() => timers.delete(effect.timerId));
        return;
      }
      case 'cancelTimer':
        timers.get(effect.timerId)?.cancel();
        return;
      case 'startChild': {
        const snapshot = input.subprocesses?.[`${effect.templateId}@${effect.version}`];
        if (!snapshot) throw new Error(`no snapshot of ${effect.templateId} v${effect.version} was passed in`);
        const child = await startChild(processWorkflow, {
          workflowId: effect.workflowId,
          // A subprocess's clock starts when it starts, not when the parent's request came in.
          args: [{ ...input, template: snapshot, params: effect.input, receivedAt: undefined }],
        });
        void child
          .result()
          .then((result) =>
            enqueue({ type: 'childCompleted', nodeId: effect.nodeId, at: now(), variables: result.variables })
          );
        return;
      }
      case 'cancelChild':
      case 'completeProcess':
        // Children are cancelled with the parent by Temporal's parent close policy; completion ends the loop below.
        return;
    }
  };
  /**
   * Performs an effect; a row the database refuses for its data (worker/storable.ts, not retried) is recorded in the
   * history and told to the starter, and the process goes on rather than failing or hanging on it.
   */
  const perform = async (effect: Effect): Promise<void> => {
    try {
      await performEffect(effect);
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (!(cause instanceof ApplicationFailure) || cause.type !== DATA_ERROR) throw error;
      const key = `${workflowId}:${effectSeq}:data-error`;
      const detail = { effect: effect.type, message: cause.message };
      for (const write of [
        () => act.writeAudit({ key, workflowId, action: 'dataError', actor: 'system', detail }),
        () =>
          act.enqueueNotification({
            key,
            workflowId,
            recipient: input.starter,
            subject: 'A change to your process could not be recorded',
            message: `${cause.message} The process goes on; check its history.`,
          }),
      ]) {
        await write().catch((failure: unknown) => {
          if (!(failure instanceof ActivityFailure)) throw failure;
        });
      }
    }
  };

  /** The effects that only write rows, and the write each becomes: a batch of them is one transaction. */
  type RowEffect = Extract<Effect, { type: 'createTask' | 'updateTask' | 'audit' | 'notify' }>;
  const isRowEffect = (effect: Effect): effect is RowEffect =>
    effect.type === 'createTask' || effect.type === 'updateTask' || effect.type === 'audit' || effect.type === 'notify';
  const writeOf = (effect: RowEffect, key: string): TransitionWrite => {
    switch (effect.type) {
      case 'createTask': {
        const { type: _type, ...task } = effect;
        return { kind: 'createTask', task: { workflowId, ...task } };
      }
      case 'updateTask': {
        const { type: _type, ...update } = effect;
        return { kind: 'updateTask', update: { workflowId, ...update } };
      }
      case 'audit': {
        const { type: _type, ...entry } = effect;
        return { kind: 'audit', entry: { key, workflowId, ...entry } };
      }
      case 'notify':
        return { kind: 'notify', notice: { key, workflowId, ...effect } };
    }
  };
  /**
   * Performs a transition's effects in order: its row writes (and the process row after a parameter change) go to the
   * database together, in one transaction, at the end or before a child starts. A batch the database refuses for its
   * data is written again one effect at a time, so only the bad row is lost and recorded, as before batching.
   */
  const performAll = async (effects: Effect[], processRow?: RecordProcessInput): Promise<void> => {
    if (!oneTransaction) {
      for (const effect of effects) await perform(effect);
      if (processRow) await act.recordProcess(processRow);
      return;
    }
    let batch: { effect: RowEffect; seq: number }[] = [];
    const flush = async (withProcessRow?: RecordProcessInput) => {
      const pending = batch;
      batch = [];
      if (pending.length === 0 && !withProcessRow) return;
      const writes = pending.map(({ effect, seq }) => writeOf(effect, `${workflowId}:${seq}`));
      if (withProcessRow) writes.push({ kind: 'recordProcess', process: withProcessRow });
      try {
        // An ordinary activity, not a local one: a local activity runs before its workflow task completes, so its rows
        // could be committed while the update that caused them is not yet accepted in the history; a crash then leaves
        // the inbox showing a step done that the process never applied, and the action's retry is refused against that
        // row. An activity is scheduled only once the acceptance is recorded: the rows never run ahead of the history.
        await act.writeTransition(writes);
      } catch (error) {
        const cause = error instanceof ActivityFailure ? error.cause : undefined;
        if (!(cause instanceof ApplicationFailure) || cause.type !== DATA_ERROR) throw error;
        // Nothing of the batch was written: each effect again on its own, with the same keys, as before batching.
        for (const { effect, seq } of pending) {
          effectSeq = seq - 1;
          await perform(effect);
        }
        effectSeq = pending.at(-1)?.seq ?? effectSeq;
        if (withProcessRow) await act.recordProcess(withProcessRow);
      }
    };
    for (const effect of effects) {
      if (isRowEffect(effect)) {
        // Numbered as if performed one by one, so keys (and a retry's idempotency) are the same as before.
        batch.push({ effect, seq: ++effectSeq });
        continue;
      }
      // A child starts only after the rows before it are written. Timers need no flush: starting or cancelling one
      // neither reads nor writes rows, and a timer that fires is an event applied after this transition anyway.
      if (effect.type === 'startChild') await flush();
      await perform(effect);
    }
    await flush(processRow);
  };

  let closedInBatch = false;
  try {
    await performAll(first.effects);
    while (state.status === 'running') {
      await condition(() => queue.length > 0);
      const event = queue.shift();
      if (!event) continue;
      try {
        let next: ReturnType<typeof apply>;
        try {
          next = apply(state, event, ctx);
        } catch (error) {
          // Nor can an event the engine cannot apply (a date it cannot plan, a signal from outside the API) fail this
          // workflow task for ever: it is recorded as rejected below and the state stays as it was.
          if (error instanceof StepRejectedError) throw error;
          throw new StepRejectedError(error instanceof Error ? error.message : String(error), 'cannotApply');
        }
        state = next.state;
        // With one transaction per step, the process row of the transition that ends the process is in its batch.
        const closing = oneTransaction && state.status !== 'running';
        closedInBatch = closing;
        await performAll(
          next.effects,
          event.type === 'changeParameter' || closing
            ? {
                workflowId,
                status: closing ? state.status : 'running',
                ...(event.type === 'changeParameter' ? { params: parameters() } : {}),
              }
            : undefined
        );
      } catch (error) {
        // A signal can carry an action the engine refuses; record it rather than failing the process.
        if (!(error instanceof StepRejectedError)) throw error;
        await performAll([
          {
            type: 'audit',
            action: 'rejected',
            actor: 'system',
            detail: { message: error.message, refusal: error.refusal },
          },
        ]);
      } finally {
        applied += 1;
      }
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelling the process cancels its open tasks; the clean-up must run even though the scope is cancelled.
    await CancellationScope.nonCancellable(async () => {
      const next = apply(state, { type: 'cancel', actor: 'system', at: now(), reason: 'process cancelled' }, ctx);
      state = next.state;
      for (const effect of next.effects) {
        if (effect.type !== 'scheduleTimer' && effect.type !== 'startChild') await perform(effect);
      }
      await act.cancelOpenTasks(workflowId);
      await act.recordProcess({ workflowId, status: 'cancelled' });
    });
    throw error;
  }
  for (const timer of timers.values()) timer.cancel();
  if (!closedInBatch) await act.recordProcess({ workflowId, status: state.status });
  // The update that ended the process still has to answer its caller.
  await condition(allHandlersFinished);
  return { status: state.status, variables: state.variables };
}
