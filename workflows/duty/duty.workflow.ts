import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CalendarContext } from '../calendar';
import type * as activities from '../../worker/activities';
import type { OccurrenceCheck } from '../../worker/duty.activities';
import { processWorkflow, type ProcessInput } from '../process.workflow';
import * as messages from './duty.messages';
import type { DutyView, Occurrence, OccurrenceRecord } from './duty.messages';
import type { DutyInput, ParsedDutyInput } from './duty.schema';
import { dutyInputProblems, dutyInputWithDefaults, scheduleProblems, scheduleWithDefaults } from './duty-input';
import { assertValidSchedule, nextOccurrence, occurrencesAfter } from './recurrence';

export type { DutyInput } from './duty.schema';

type Activities = ReturnType<typeof activities.createActivities>;

const act = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

/** What one run hands the next when it continues as new. */
export interface DutyCarry {
  /** Occurrences at or before this instant have been handled (started, skipped or passed while paused). */
  cursor: string;
  paused: boolean;
  skipDates: string[];
  started: number;
  recent: OccurrenceRecord[];
  /** Occurrences whose process has not closed yet (checked every run, reported to the owner when they close). */
  open: { workflowId: string; date: string; at: string }[];
  continuedRuns: number;
}

const RECENT_KEPT = 24;
// Continue as new well before Temporal's own limits, and long before 1,000 events.
const HISTORY_LIMIT = 400;
// How long after an occurrence starts the duty first looks whether it closed, then how the wait grows.
const CHECK_DELAYS_MS = [15 * 60_000, 60 * 60_000, 4 * 60 * 60_000, 12 * 60 * 60_000, 24 * 60 * 60_000];
const YEARS_AHEAD = 13;

/** Raised as a non-retryable failure when the duty's input or schedule cannot work. */
function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidDuty');
}

function outcomeWords(check: OccurrenceCheck): string {
  switch (check.outcome) {
    case 'onTime':
      return 'done on time';
    case 'late':
      return `done late: ${check.detail ?? 'after its due time'}`;
    case 'cancelled':
      return 'cancelled';
    default:
      return `problem raised: ${check.detail ?? 'see the process'}`;
  }
}

/**
 * One long-lived workflow per duty (id `duty-<dutyId>`): sleeps until the next occurrence, starts it as a child
 * process `duty-<dutyId>-<date>` that outlives this run (parent close policy abandon), then continues as new with
 * its state in `carry`, so no run's history grows with the duty's age. Holidays come from the resolveCalendar
 * activity; the owner gets a short report when each occurrence closes.
 */
export async function dutyWorkflow(rawInput: DutyInput & { carry?: DutyCarry }): Promise<DutyView> {
  try {
    return await runDuty(rawInput);
  } catch (error) {
    // A duty that cannot go on says so in the list, with the reason, rather than looking active; runs that failed
    // before this change replay without it.
    // Its own refusal, or an activity's that is not retried (a calendar date-holidays does not know).
    const failure = error instanceof ActivityFailure ? error.cause : error;
    if (failure instanceof ApplicationFailure && failure.nonRetryable && patched('duty-failure-projected')) {
      await act.markDutyFailed({ workflowId: workflowInfo().workflowId, failure: failure.message });
    }
    throw error;
  }
}

async function runDuty(rawInput: DutyInput & { carry?: DutyCarry }): Promise<DutyView> {
  // Checked and completed in plain code, the same as `DutyInputSchema.parse`: zod stays out of the workflow bundle.
  const problems = dutyInputProblems(rawInput);
  if (problems.length > 0) throw invalid(`invalid duty input: ${problems.join('; ')}`);
  const input: ParsedDutyInput = dutyInputWithDefaults(rawInput);
  try {
    assertValidSchedule(input.schedule);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const { workflowId } = workflowInfo();
  // Notices as keys with parameters, said in the owner's language (runs started before keep English text only).
  const noticeKeys = patched('duty-notice-keys');
  // The reason of a late or problem occurrence travels as a key too, said in the owner's language.
  const noticeReasons = patched('duty-notice-reason');
  const now = () => new Date();
  const carry: DutyCarry = rawInput.carry ?? {
    cursor: now().toISOString(),
    paused: false,
    skipDates: [],
    started: 0,
    recent: [],
    open: [],
    continuedRuns: 0,
  };
  const year = now().getUTCFullYear();
  const calendar: CalendarContext = await act.resolveCalendar({
    calendar: input.calendar,
    fromYear: year - 1,
    toYear: year + YEARS_AHEAD,
  });
  let changed = false;
  let ended = false;

  const upcoming = (count: number, includeSkipped = false): Occurrence[] =>
    occurrencesAfter(input.schedule, calendar, new Date(carry.cursor), count, {
      skipDates: carry.skipDates,
      includeSkipped,
    });
  const next = () => nextOccurrence(input.schedule, calendar, new Date(carry.cursor), carry.skipDates);
  const view = (): DutyView => {
    const coming = next();
    return {
      dutyId: input.dutyId,
      name: input.name,
      status: ended ? 'ended' : carry.paused ? 'paused' : 'active',
      assignee: input.assignee,
      owner: input.owner,
      schedule: input.schedule,
      overlap: input.overlap,
      ...(coming ? { next: coming } : {}),
      skipDates: [...carry.skipDates],
      started: carry.started,
      recent: [...carry.recent],
      continuedRuns: carry.continuedRuns,
    };
  };
  const project = async () => {
    const v = view();
    const last = carry.recent.at(-1);
    await act.projectDuty({
      dutyId: input.dutyId,
      workflowId,
      templateId: input.templateId,
      templateVersion: input.templateVersion,
      name: input.name,
      schedule: input.schedule,
      assignee: input.assignee,
      owner: input.owner,
      overlap: input.overlap,
      status: v.status,
      nextOccurrenceAt: v.status === 'active' ? (v.next?.at ?? null) : null,
      lastOccurrenceAt: last?.at ?? null,
      lastOutcome: last?.outcome ?? null,
      occurrencesStarted: carry.started,
    });
  };
  const record = (entry: OccurrenceRecord) => {
    const index = carry.recent.findIndex((r) => r.workflowId !== undefined && r.workflowId === entry.workflowId);
    if (index >= 0) carry.recent[index] = entry;
    else carry.recent.push(entry);
    carry.recent.splice(0, Math.max(0, carry.recent.length - RECENT_KEPT));
  };
  // Changes made by updates, audited by the loop (handlers cannot await activities and still answer at once).
  const pending: { key: string; action: string; actor: string; detail: Record<string, unknown> }[] = [];
  const changedBy = (action: string, actor: string, detail: Record<string, unknown>) => {
    const key = `${workflowId}:${carry.continuedRuns}:${workflowInfo().historyLength}:${pending.length}:${action}`;
    pending.push({ key, action, actor, detail });
    changed = true;
    return view();
  };

  setHandler(messages.dutyStateQuery, view);
  setHandler(messages.upcomingQuery, (count = 12) => upcoming(Math.min(Math.max(1, count), 100), true));
  const notEnded = (_actor: messages.DutyActor) => {
    if (ended) throw new Error('the duty has ended: its schedule has no more occurrences');
  };
  setHandler(
    messages.pauseUpdate,
    ({ actor, reason }) => {
      carry.paused = true;
      return changedBy('dutyPaused', actor, { reason: reason ?? null });
    },
    { validator: notEnded }
  );
  setHandler(
    messages.resumeUpdate,
    ({ actor, reason }) => {
      // Occurrences that fell while paused are not started late: the duty picks up from now.
      if (carry.paused && new Date(carry.cursor) < now()) carry.cursor = now().toISOString();
      carry.paused = false;
      return changedBy('dutyResumed', actor, { reason: reason ?? null });
    },
    { validator: notEnded }
  );
  setHandler(
    messages.skipNextUpdate,
    ({ actor, reason }) => {
      const skipped = next();
      if (!skipped) throw new Error('there is no next occurrence to skip');
      carry.skipDates.push(skipped.nominalDate);
      return changedBy('dutyOccurrenceSkipped', actor, { date: skipped.date, reason: reason ?? null });
    },
    {
      validator: (actor: messages.DutyActor) => {
        notEnded(actor);
        if (!next()) throw new Error('there is no next occurrence to skip');
      },
    }
  );
  setHandler(
    messages.changeScheduleUpdate,
    ({ actor, reason, schedule, overlap }) => {
      const before = input.schedule;
      input.schedule = scheduleWithDefaults(schedule);
      if (overlap) input.overlap = overlap;
      carry.skipDates = [];
      // A changed schedule applies from now on; nothing between the old cursor and now is started late.
      if (new Date(carry.cursor) < now()) carry.cursor = now().toISOString();
      return changedBy('dutyScheduleChanged', actor, { from: before, to: input.schedule, reason: reason ?? null });
    },
    {
      validator: ({ schedule }) => {
        const problems = scheduleProblems(schedule);
        if (problems.length > 0) throw new Error(problems.join('; '));
        assertValidSchedule(scheduleWithDefaults(schedule));
      },
    }
  );
  setHandler(
    messages.changeAssigneeUpdate,
    ({ actor, reason, assignee }) => {
      const before = input.assignee;
      input.assignee = assignee;
      return changedBy('dutyAssigneeChanged', actor, { from: before, to: assignee, reason: reason ?? null });
    },
    {
      validator: ({ assignee }) => {
        if (typeof assignee !== 'string' || assignee.trim() === '') throw new Error('assignee must be a user id');
      },
    }
  );

  const flushChanges = async () => {
    while (pending.length > 0) {
      const change = pending.shift();
      if (change) await act.writeAudit({ workflowId, ...change });
    }
    changed = false;
    await project();
  };

  /** Looks at the open occurrences; reports each that closed to the owner. Returns the ones still open. */
  const checkOpen = async () => {
    if (carry.open.length === 0) return;
    const checks = await act.checkOccurrences(carry.open.map((o) => o.workflowId));
    for (const check of checks) {
      if (check.open) continue;
      const occurrence = carry.open.find((o) => o.workflowId === check.workflowId);
      if (!occurrence) continue;
      carry.open = carry.open.filter((o) => o.workflowId !== check.workflowId);
      const outcome = check.outcome ?? 'problem';
      record({
        date: occurrence.date,
        at: occurrence.at,
        workflowId: check.workflowId,
        outcome,
        ...(check.detail ? { note: check.detail } : {}),
      });
      await act.enqueueNotification({
        key: `${check.workflowId}:duty-report`,
        workflowId: check.workflowId,
        recipient: input.owner,
        subject: `${input.name} (${occurrence.date}): ${outcome === 'onTime' ? 'done on time' : outcome}`,
        message: `${input.name} for ${occurrence.date}, assigned to ${input.assignee}: ${outcomeWords(check)}.`,
        ...(noticeKeys && {
          notice: {
            key:
              ({ onTime: 'dutyOnTime', late: 'dutyLate', cancelled: 'dutyCancelled' } as const)[
                outcome as 'onTime' | 'late' | 'cancelled'
              ] ?? 'dutyProblem',
            params: {
              duty: input.name,
              date: occurrence.date,
              person: input.assignee,
              text: check.detail ?? '',
              ...(noticeReasons && check.reason ? check.reason : {}),
            },
          },
        }),
      });
    }
    await project();
  };

  const start = async (occurrence: Occurrence) => {
    const childId = `${workflowId}-${occurrence.date}`;
    const stillOpen = carry.open.filter((o) => o.workflowId !== childId);
    if (stillOpen.length > 0 && input.overlap !== 'startAnyway') {
      const names = stillOpen.map((o) => o.date).join(', ');
      for (const open of stillOpen) {
        await act.writeAudit({
          key: `${open.workflowId}:overlap:${occurrence.date}`,
          workflowId: open.workflowId,
          action: input.overlap === 'skip' ? 'dutyOccurrenceOverlapSkipped' : 'escalated',
          actor: 'system',
          detail: { duty: input.dutyId, nextOccurrence: occurrence.date },
        });
      }
      await act.enqueueNotification({
        key: `${childId}:overlap`,
        workflowId: stillOpen[0]?.workflowId ?? childId,
        recipient: input.owner,
        subject: `${input.name}: the occurrence of ${names} is still open`,
        message:
          input.overlap === 'skip'
            ? `${input.name} for ${occurrence.date} was not started because ${names} is still open.`
            : `${input.name} for ${names} is still open at the next occurrence (${occurrence.date}); it needs you.`,
        ...(noticeKeys && {
          notice: {
            key: input.overlap === 'skip' ? 'dutyOverlapSkipped' : 'dutyOverlapOpen',
            params: { duty: input.name, date: occurrence.date, open: names },
          },
        }),
      });
      if (input.overlap === 'skip') {
        record({ date: occurrence.date, at: occurrence.at, outcome: 'skipped', note: `${names} still open` });
        return;
      }
      for (const open of stillOpen) {
        const index = carry.recent.findIndex((r) => r.workflowId === open.workflowId);
        const entry = carry.recent[index];
        if (entry) entry.outcome = 'escalated';
      }
    }
    const params: Record<string, unknown> = { ...input.params };
    if (input.template.parameters.some((parameter) => parameter.name === input.assigneeParameter)) {
      params[input.assigneeParameter] = input.assignee;
    }
    // Each occurrence gets today's reporting lines, deputies and absences, so its escalation ladder and deputy
    // hand-over work (duty runs recorded before this change replay without the lookup).
    const org = patched('duty-occurrence-org-directory') ? await act.loadOrgDirectory() : undefined;
    const processInput: ProcessInput = {
      template: input.template,
      params,
      starter: input.owner,
      calendar: input.calendar,
      ...(org ? { org } : {}),
      ...(input.subprocesses ? { subprocesses: input.subprocesses } : {}),
    };
    try {
      await startChild(processWorkflow, {
        workflowId: childId,
        args: [processInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      // Started by an earlier run (or by hand): the occurrence exists, so it is not started twice.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    carry.started += 1;
    carry.open.push({ workflowId: childId, date: occurrence.date, at: occurrence.at });
    record({ date: occurrence.date, at: occurrence.at, workflowId: childId, outcome: 'running' });
  };

  const continueNow = () =>
    continueAsNew<typeof dutyWorkflow>({
      ...rawInput,
      schedule: input.schedule,
      assignee: input.assignee,
      overlap: input.overlap,
      carry: { ...carry, continuedRuns: carry.continuedRuns + 1 },
    });

  await project();
  await checkOpen();
  let checkIndex = 0;
  for (;;) {
    if (changed) await flushChanges();
    const info = workflowInfo();
    if (info.historyLength > HISTORY_LIMIT || info.continueAsNewSuggested) {
      await condition(() => pending.length === 0 && !changed);
      return continueNow();
    }
    const coming = carry.paused ? undefined : next();
    if (!carry.paused && !coming && carry.open.length === 0) {
      ended = true;
      await project();
      return view();
    }
    const nextCheckMs = carry.open.length > 0 ? (CHECK_DELAYS_MS[checkIndex] ?? CHECK_DELAYS_MS.at(-1) ?? 0) : Infinity;
    const untilOccurrence = coming ? new Date(coming.at).getTime() - now().getTime() : Infinity;
    const wait = Math.min(nextCheckMs, untilOccurrence);
    if (wait > 0) {
      if (!Number.isFinite(wait)) {
        await condition(() => changed);
        continue;
      }
      if (await condition(() => changed, wait)) continue;
    }
    if (coming && new Date(coming.at).getTime() <= now().getTime()) {
      await checkOpen();
      await start(coming);
      carry.cursor = coming.at;
      await project();
      // One occurrence per run keeps every run's history short and its replay cheap.
      await condition(() => pending.length === 0);
      if (changed) await flushChanges();
      return continueNow();
    }
    await checkOpen();
    checkIndex += 1;
  }
}
