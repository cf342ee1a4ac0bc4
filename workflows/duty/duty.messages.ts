// The messages of a running duty, shared by the duty workflow and the API (workflow id `duty-<dutyId>`).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DutyScheduleInput, NonBusinessDayRule, OverlapRule, DutySchedule } from './duty.schema';

export type { DutyInput, DutySchedule, DutyScheduleInput, OverlapRule, Recurrence } from './duty.schema';

/** One occurrence as the schedule gives it: the rule's date, the date it actually runs on, and why it moved. */
export interface Occurrence {
  /** The date the recurrence rule produced (ISO date in the duty's zone). */
  nominalDate: string;
  /** The date it runs on after the business-day rule (equal to `nominalDate` when it did not move). */
  date: string;
  /** The instant it starts: `date` at the duty's time of day in its zone (ISO 8601, UTC). */
  at: string;
  moved: boolean;
  /** Set when it will not run: `nonBusinessDay` (the rule says skip) or `skipNext` (someone skipped it). */
  skipped?: 'nonBusinessDay' | 'skipNext';
  /** Why it moved or is skipped, e.g. "2026-11-11 is a public holiday (Narodowe Święto Niepodległości)". */
  reason?: string;
  rule?: NonBusinessDayRule;
}

export type OccurrenceOutcome = 'running' | 'onTime' | 'late' | 'problem' | 'cancelled' | 'skipped' | 'escalated';

/** What happened to an occurrence the duty reached (the last few are kept in the duty's state). */
export interface OccurrenceRecord {
  date: string;
  at: string;
  /** The occurrence's process workflow id: `duty-<dutyId>-<date>`; absent when it was skipped. */
  workflowId?: string;
  outcome: OccurrenceOutcome;
  /** Why it was skipped or escalated. */
  note?: string;
}

export interface DutyView {
  dutyId: string;
  name: string;
  status: 'active' | 'paused' | 'ended';
  assignee: string;
  owner: string;
  schedule: DutySchedule;
  overlap: OverlapRule;
  /** The next occurrence that will run (after skips), if the schedule has one. */
  next?: Occurrence;
  /** Nominal dates someone asked to skip that have not been reached yet. */
  skipDates: string[];
  /** Occurrences started since the duty began, over every continued run. */
  started: number;
  /** The latest occurrences reached, newest last (at most 24). */
  recent: OccurrenceRecord[];
  /** How many times the workflow continued as new (each run keeps its history small). */
  continuedRuns: number;
}

export interface DutyActor {
  /** User id of whoever asked (audited). */
  actor: string;
  reason?: string;
}

/** Stops starting occurrences until resumed; occurrences already running go on. */
export const pauseUpdate = defineUpdate<DutyView, [DutyActor]>('pause');
/** Starts occurrences again from the next one after now (missed ones while paused are not started late). */
export const resumeUpdate = defineUpdate<DutyView, [DutyActor]>('resume');
/** Skips the next occurrence that would run; calling it again skips the one after, and so on. */
export const skipNextUpdate = defineUpdate<DutyView, [DutyActor]>('skipNext');
/** Replaces the schedule (and optionally the overlap rule); takes effect from the next occurrence after now. */
export const changeScheduleUpdate = defineUpdate<
  DutyView,
  [DutyActor & { schedule: DutyScheduleInput; overlap?: OverlapRule }]
>('changeSchedule');
/** Changes who does the work from the next occurrence on. */
export const changeAssigneeUpdate = defineUpdate<DutyView, [DutyActor & { assignee: string }]>('changeAssignee');

/** The next occurrences (12 unless a count up to 100 is given) with adjusted dates and the reason each moved. */
export const upcomingQuery = defineQuery<Occurrence[], [count?: number]>('upcoming');
/** The duty's current state. */
export const dutyStateQuery = defineQuery<DutyView>('dutyState');
