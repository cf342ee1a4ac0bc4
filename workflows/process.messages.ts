// The messages of a running process, shared by the process workflow and the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProcessEvent, ProcessState } from './interpreter';

type StepEvent = Exclude<ProcessEvent, { type: 'timerFired' | 'childCompleted' | 'cancel' }>;
/** What a caller sends for a step action: the event without its type and time (the workflow stamps the time). */
export type StepCommand<Type extends StepEvent['type']> = Omit<Extract<StepEvent, { type: Type }>, 'type' | 'at'>;

export const startStepUpdate = defineUpdate<void, [StepCommand<'start'>]>('start');
export const logTimeUpdate = defineUpdate<void, [StepCommand<'logTime'>]>('logTime');
/** Ticks or unticks a checklist item, kept with who and when. */
export const checkItemUpdate = defineUpdate<void, [StepCommand<'check'>]>('checkItem');
export const submitUpdate = defineUpdate<void, [StepCommand<'submit'>]>('submit');
export const approveUpdate = defineUpdate<void, [StepCommand<'approve'>]>('approve');
export const rejectUpdate = defineUpdate<void, [StepCommand<'reject'>]>('reject');
export const returnForReworkUpdate = defineUpdate<void, [StepCommand<'returnForRework'>]>('returnForRework');
export const requestDecisionUpdate = defineUpdate<void, [StepCommand<'requestDecision'>]>('requestDecision');
export const answerDecisionUpdate = defineUpdate<void, [StepCommand<'answerDecision'>]>('answerDecision');
export const flagRiskUpdate = defineUpdate<void, [StepCommand<'flagRisk'>]>('flagRisk');
export const reassignUpdate = defineUpdate<void, [StepCommand<'reassign'>]>('reassign');
export const commentUpdate = defineUpdate<void, [StepCommand<'comment'>]>('comment');
/** A manager moves a step's deadline, with the reason (audited; the ladder follows). */
export const changeDueUpdate = defineUpdate<void, [StepCommand<'changeDue'>]>('changeDue');
/** A manager sets a step's priority. */
export const setPriorityUpdate = defineUpdate<void, [StepCommand<'setPriority'>]>('setPriority');
/** A team member takes a step from the team's queue: of several at once, exactly one is accepted. */
export const claimUpdate = defineUpdate<void, [StepCommand<'claim'>]>('claim');
/** The member who has a team step puts it back in the team's queue. */
export const releaseUpdate = defineUpdate<void, [StepCommand<'release'>]>('release');
/** A manager gives a team step to a member of the team. */
export const assignUpdate = defineUpdate<void, [StepCommand<'assign'>]>('assign');
/** Moves a parameter (e.g. the event date): open deadlines and escalation timers hanging off it are re-planned. */
export const changeParameterUpdate = defineUpdate<void, [StepCommand<'changeParameter'>]>('changeParameter');
/** Tells the process someone is (or will be) away: their open and new steps go to the deputy, audited. */
export const recordAbsenceUpdate = defineUpdate<void, [StepCommand<'recordAbsence'>]>('recordAbsence');
/** Tells the process an absence was edited, ended early or withdrawn: steps go to whoever should hold them now. */
export const changeAbsenceUpdate = defineUpdate<void, [StepCommand<'changeAbsence'>]>('changeAbsence');

/** A comment on the process as a whole (a client's among them), public or internal. */
export const processCommentUpdate = defineUpdate<void, [StepCommand<'processComment'>]>('processComment');

/** The same step actions as signals, for servers without updates (no validation reply; rejected ones are audited). */
export const stepSignal = defineSignal<[StepCommand<StepEvent['type']> & { type: StepEvent['type'] }]>('step');

/** The whole state for the monitor: nodes, steps with assignee, round, due date and explanation, variables. */
export const processStateQuery = defineQuery<ProcessState>('processState');
