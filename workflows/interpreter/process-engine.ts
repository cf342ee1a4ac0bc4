// Leaf modules, never the barrels: those re-export the zod schemas, which must stay out of the workflow bundle.
import { computeDue, applyOffset, type DeadlineAnchors } from '../deadline/compute-due';
import { dueAfterPause } from '../deadline/pause';
import type { CalendarContext } from '../calendar/business-calendar';
import { addBusinessTime, businessTimeBetween, nextWorkingTime } from '../calendar/business-time';
import { chooseDecisionOutcome } from '../template/nodes/decision.logic';
import { isJoinSatisfied } from '../template/nodes/join.logic';
import { levelsUp } from '../template/escalation-reach';
import { rungOffset } from '../template/rung-offset';
import type { Assignee, EscalationLadder, Template, TemplateNode } from '../template';
import { DateTime } from 'luxon';
import type { Notice, NoticeKey } from '../i18n/notices';
import type { Refusal, RefusalKey } from '../i18n/refusals';
import type { Absence, Effect, NodeState, OrgDirectory, ProcessEvent, ProcessState, StepState } from './process-state';
import { dateYearProblem } from '../deadline/limits';
import { applyTeamQueueEvent, isUnclaimed, teamIdOf, teamManager } from './team-queue';
import { processCommentEffects } from './comments';
import { pausedForDecision, stepDueMessages } from './due-messages';
import {
  auditStandIn,
  changeAbsence,
  planAbsenceTimers,
  recordAbsenceWithDeputies,
  settleSteps,
  standInFor,
} from './deputies';

/** A back edge may re-enter a node at most this many times unless a step's round limit stops it earlier. */
export const MAX_NODE_VISITS = 50;

/**
 * The engine refuses an event: `message` is English for API clients and logs, `refusal` the same as a key with
 * parameters (workflows/i18n/refusals.ts) that the API and the audit pass on, so a person reads it in their language.
 */
export class StepRejectedError extends Error {
  override readonly name = 'StepRejectedError';
  readonly refusal: Refusal;
  constructor(message: string, key: RefusalKey, params?: Refusal['params']) {
    super(message);
    this.refusal = params ? { key, params } : { key };
  }
}

export interface EngineContext {
  readonly calendar: CalendarContext;
  readonly org?: OrgDirectory;
  /**
   * Decision requests go to a person other than the asker (reviewer, else starter, else the asker's manager), who is
   * told, and the answer is told back. Off for processes started before this rule (their histories replay as before).
   */
  readonly decisionRouting?: boolean;
  /** The assignee is told of a new step and of a return for rework (off for processes started before). */
  readonly stepNotices?: boolean;
  /**
   * Ladder rungs reach whom their labels say (the assignee's manager, the delegator's manager), walking up to the next
   * person who exists when a level is missing (off for processes started before, which keep the old targets).
   */
  readonly ladderTargets?: boolean;
  /**
   * A step sent to a team waits in the team's queue until a member claims it (or a manager assigns it); an unclaimed
   * step escalates to the team's manager (off for processes started before, where a team step reached nobody).
   */
  readonly teamQueues?: boolean;
  /**
   * Deputies stand in for assignees, approvers and reviewers, along the chain of deputies up to the manager, and steps
   * go back when the absence ends (off for processes started before, which hand over assignees only).
   */
  readonly deputies?: boolean;
  /**
   * Comments are public (the client reads them) or internal (staff only, the default), and the process takes comments
   * on itself, a client's among them (off for processes started before: their comments stay internal).
   */
  readonly commentVisibility?: boolean;
  /**
   * A step's due date outside working time moves to the next working time unless its deadline says `any day` (off for
   * processes started before, whose due dates stay as they were computed).
   */
  readonly workingTimeDue?: boolean;
  /**
   * Notices carry a message key and parameters beside their English text, so each recipient reads them in their own
   * language (off for processes started before, whose outbox rows stay English only).
   */
  readonly noticeKeys?: boolean;
  /**
   * Business days after an anchor outside working time count from the next working time, and an escalation rung never
   * fires before its step opened nor outside working time (off for processes started before, whose timers stay).
   */
  readonly workingTimeRungs?: boolean;
  /**
   * A wait node's time outside working time moves to the next working time unless its deadline says `any day`, as a
   * step's due date does (off for processes started before, whose waits end when they were computed to).
   */
  readonly workingTimeWaits?: boolean;
}

/** How this process computes due dates (the rules it was started with). */
function dueOptions(ctx: EngineContext): { workingTime: boolean; countFromWorkingTime: boolean } {
  return { workingTime: ctx.workingTimeDue === true, countFromWorkingTime: ctx.workingTimeRungs === true };
}

/** When a wait node ends: moved into working time like a due date for processes started with the rule. */
function waitOptions(ctx: EngineContext): { workingTime: boolean; countFromWorkingTime: boolean } | undefined {
  return ctx.workingTimeWaits === true
    ? { workingTime: true, countFromWorkingTime: ctx.workingTimeRungs === true }
    : undefined;
}

/** A notice's key and parameters for the outbox, for processes started with notice keys. */
function keyed(ctx: EngineContext, key: NoticeKey, params: Notice['params']): { notice?: Notice } {
  return ctx.noticeKeys ? { notice: { key, params } } : {};
}

/** A step's title for a notice (its id when the node has none). */
function titleOf(node: TemplateNode | undefined, nodeId: string): string {
  return node && (node.type === 'task' || node.type === 'approval') ? node.data.title : nodeId;
}

export interface Transition {
  readonly state: ProcessState;
  readonly effects: Effect[];
}

/** Builds the initial state and runs the graph from the start node until every token waits or the process ends. */
export function startProcess(
  workflowId: string,
  template: Template,
  params: Record<string, unknown>,
  starter: string,
  startedAt: string,
  ctx: EngineContext
): Transition {
  const variables: Record<string, unknown> = {};
  for (const parameter of template.parameters) {
    const value = params[parameter.name] ?? (parameter as { default?: unknown }).default;
    if (value !== undefined) variables[parameter.name] = value;
  }
  const nodes: Record<string, NodeState> = {};
  for (const node of template.nodes) nodes[node.id] = { status: 'pending', visits: 0 };
  const state: ProcessState = {
    workflowId,
    template,
    startedAt,
    starter,
    status: 'running',
    variables,
    nodes,
    steps: {},
    timers: {},
    timerSeq: 0,
    absences: [...(ctx.org?.absences ?? [])],
  };
  const start = template.nodes.find((node) => node.type === 'start');
  if (!start) throw new Error(`template "${template.id}" has no start node`);
  const effects: Effect[] = [{ type: 'audit', action: 'processStarted', actor: starter, detail: { params } }];
  for (const absence of state.absences ?? []) {
    if (ctx.deputies) planAbsenceTimers(state, absence.personId, startedAt, ctx, effects);
    else planAbsence(state, absence, startedAt, ctx, effects);
  }
  enter(state, start.id, startedAt, ctx, effects);
  return { state, effects };
}

/** Applies one event to a copy of the state; throws StepRejectedError with a clear message when it is not allowed. */
export function apply(previous: ProcessState, event: ProcessEvent, ctx: EngineContext): Transition {
  // A JSON copy: the state is plain data, and the workflow sandbox has no structuredClone. The template is never
  // changed by a transition, so it is shared rather than copied: it is most of the state's size, and a step applies
  // its event three times (the update's validator, its handler, and the workflow's loop).
  const { template, ...rest } = previous;
  const state = { ...(JSON.parse(JSON.stringify(rest)) as Omit<ProcessState, 'template'>), template };
  const effects: Effect[] = [];
  if (state.status !== 'running') throw new StepRejectedError(`the process is ${state.status}`, 'processNotRunning');
  switch (event.type) {
    case 'timerFired':
      onTimer(state, event.timerId, event.at, ctx, effects);
      break;
    case 'childCompleted': {
      const node = nodeById(state, event.nodeId);
      if (node.type !== 'subprocess' || state.nodes[node.id]?.status !== 'waiting') {
        throw new StepRejectedError(`subprocess "${event.nodeId}" is not running`, 'subprocessNotRunning');
      }
      for (const mapping of node.data.output) state.variables[mapping.to] = event.variables[mapping.from];
      complete(state, node.id, event.at, undefined, ctx, effects);
      break;
    }
    case 'cancel':
      cancel(state, event.actor, event.at, event.reason, effects);
      break;
    case 'changeParameter':
      changeParameter(state, event, ctx, effects);
      break;
    case 'recordAbsence':
      recordAbsence(state, event.absence, event.at, ctx, effects);
      break;
    case 'changeAbsence':
      if (event.absence) checkAbsence(event.absence, true);
      changeAbsence(state, event, event.at, ctx, effects);
      break;
    case 'processComment':
      if (!ctx.commentVisibility) {
        throw new StepRejectedError(
          'this process was started before comments on a process; comment on one of its steps',
          'processCommentsUnsupported'
        );
      }
      effects.push(...processCommentEffects(state, event));
      break;
    default:
      onStepEvent(state, event, ctx, effects);
  }
  return { state, effects };
}

/** The validator for an event, without applying it: what an update validator calls. */
export function validate(state: ProcessState, event: ProcessEvent, ctx: EngineContext): void {
  apply(state, event, ctx);
}

function nodeById(state: ProcessState, nodeId: string): TemplateNode {
  const node = state.template.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) throw new StepRejectedError(`there is no node "${nodeId}" in this process`, 'unknownStep');
  return node;
}

function outgoing(state: ProcessState, nodeId: string, outcome?: string) {
  return state.template.edges.filter(
    (edge) => edge.source === nodeId && (outcome === undefined || edge.outcome === outcome)
  );
}

function resolvePerson(state: ProcessState, assignee: Assignee): string {
  switch (assignee.kind) {
    case 'person':
      return assignee.personId;
    case 'team':
      return `team:${assignee.teamId}`;
    case 'starter':
      return state.starter;
    case 'parameter': {
      const value = state.variables[assignee.name];
      if (typeof value !== 'string' || value === '') {
        throw new Error(`assignee parameter "${assignee.name}" has no person`);
      }
      return value;
    }
  }
}

function anchors(state: ProcessState): DeadlineAnchors {
  const parameters: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(state.variables)) {
    if (typeof value === 'string') parameters[name] = value;
  }
  const nodes: Record<string, string | undefined> = {};
  for (const [id, node] of Object.entries(state.nodes)) nodes[id] = node.completedAt;
  return { start: state.startedAt, occurrence: state.startedAt, parameters, nodes };
}

function nextTimerId(state: ProcessState, nodeId: string, purpose: string): string {
  state.timerSeq += 1;
  return `${nodeId}:${purpose}:${state.timerSeq}`;
}

function enter(state: ProcessState, nodeId: string, at: string, ctx: EngineContext, effects: Effect[]): void {
  if (state.status !== 'running') return;
  const node = nodeById(state, nodeId);
  const nodeState = state.nodes[nodeId] ?? { status: 'pending', visits: 0 };
  state.nodes[nodeId] = nodeState;
  if (node.type === 'join') {
    // A join counts arriving tokens; only the one that satisfies it moves on.
    if (nodeState.status === 'done') return;
    nodeState.status = 'waiting';
    nodeState.arrived = (nodeState.arrived ?? 0) + 1;
    const inputs = state.template.edges.filter((edge) => edge.target === nodeId).length;
    if (isJoinSatisfied(node.data, nodeState.arrived, inputs)) complete(state, nodeId, at, undefined, ctx, effects);
    return;
  }
  nodeState.visits += 1;
  if (nodeState.visits > MAX_NODE_VISITS) {
    fail(state, `node "${nodeId}" was entered more than ${MAX_NODE_VISITS} times: a loop does not terminate`, effects);
    return;
  }
  nodeState.status = 'active';
  switch (node.type) {
    case 'start':
    case 'parallel':
    case 'stage':
      complete(state, nodeId, at, undefined, ctx, effects);
      return;
    case 'notify': {
      const recipient = resolvePerson(state, node.data.recipient);
      effects.push({
        type: 'notify',
        nodeId,
        recipient,
        subject: interpolate(node.data.subject ?? state.template.name, state.variables),
        message: interpolate(node.data.message, state.variables),
      });
      complete(state, nodeId, at, undefined, ctx, effects);
      return;
    }
    case 'decision': {
      const choice = chooseDecisionOutcome(node.data, state.variables);
      effects.push({ type: 'audit', nodeId, action: 'decided', actor: 'system', detail: { outcome: choice.outcome } });
      complete(state, nodeId, at, choice.outcome, ctx, effects);
      return;
    }
    case 'wait': {
      const due = computeDue(node.data.until, anchors(state), ctx.calendar, waitOptions(ctx));
      const timerId = nextTimerId(state, nodeId, 'wait');
      nodeState.status = 'waiting';
      nodeState.timerId = timerId;
      state.timers[timerId] = { nodeId, purpose: 'wait' };
      effects.push({ type: 'scheduleTimer', timerId, at: due.due.toISOString() });
      return;
    }
    case 'subprocess': {
      const input: Record<string, unknown> = {};
      for (const mapping of node.data.input) input[mapping.to] = state.variables[mapping.from];
      const workflowId = `${state.workflowId}/${nodeId}/${nodeState.visits}`;
      nodeState.status = 'waiting';
      nodeState.childWorkflowId = workflowId;
      effects.push({
        type: 'startChild',
        nodeId,
        workflowId,
        templateId: node.data.templateId,
        version: node.data.version,
        input,
      });
      return;
    }
    case 'task':
    case 'approval': {
      // A step inside a stage that has not started yet waits for the stage's start.
      const opensAt = stageStartOf(state, node, ctx);
      if (opensAt !== undefined && opensAt > at) {
        nodeState.status = 'waiting';
        holdUntilStageStart(state, nodeId, opensAt, effects);
        effects.push({ type: 'audit', nodeId, action: 'stepScheduled', actor: 'system', detail: { opensAt } });
        return;
      }
      openStep(state, node, at, ctx, effects, 1);
      return;
    }
    case 'end': {
      state.status = node.data.result === 'completed' ? 'completed' : node.data.result;
      nodeState.status = 'done';
      nodeState.completedAt = at;
      cancelEverything(state, effects, 'skipped');
      effects.push({ type: 'completeProcess', result: state.status, variables: { ...state.variables } });
      return;
    }
  }
}

function complete(
  state: ProcessState,
  nodeId: string,
  at: string,
  outcome: string | undefined,
  ctx: EngineContext,
  effects: Effect[]
): void {
  const nodeState = state.nodes[nodeId];
  if (!nodeState) return;
  nodeState.status = 'done';
  nodeState.completedAt = at;
  if (outcome !== undefined) nodeState.outcome = outcome;
  const edges = outgoing(state, nodeId, outcome);
  for (const edge of edges) {
    // Re-entering a node by a back edge resets a finished join so it can count again.
    const target = state.nodes[edge.target];
    if (target && target.status === 'done' && nodeById(state, edge.target).type === 'join') {
      target.status = 'pending';
      target.arrived = 0;
    }
    enter(state, edge.target, at, ctx, effects);
  }
}

function ladderFor(state: ProcessState, node: TemplateNode): EscalationLadder {
  if (node.type !== 'task' && node.type !== 'approval') return [];
  return node.data.escalation ?? state.template.escalation;
}

function openStep(
  state: ProcessState,
  node: Extract<TemplateNode, { type: 'task' | 'approval' }>,
  at: string,
  ctx: EngineContext,
  effects: Effect[],
  round: number
): void {
  const planned = resolvePerson(state, node.type === 'task' ? node.data.assignee : node.data.approver);
  const away = ctx.deputies ? undefined : absenceOf(state, planned, at, ctx);
  const plannedReviewer =
    node.type === 'task' && node.data.reviewer ? resolvePerson(state, node.data.reviewer) : undefined;
  // With deputies for every role: the assignee (or approver) and the reviewer each go to whoever stands in for them.
  const standIn = ctx.deputies ? standInFor(state, planned, at, ctx) : undefined;
  const reviewerStandIn =
    ctx.deputies && plannedReviewer !== undefined ? standInFor(state, plannedReviewer, at, ctx) : undefined;
  const assignee = standIn ? standIn.holder : away ? away.deputy : planned;
  const actingFor = assignee !== planned ? planned : undefined;
  const reviewer = reviewerStandIn ? reviewerStandIn.holder : plannedReviewer;
  const reviewerActingFor = reviewer !== plannedReviewer ? plannedReviewer : undefined;
  const team = ctx.teamQueues ? teamIdOf(assignee) : undefined;
  const step: StepState = {
    nodeId: node.id,
    kind: node.type,
    round,
    assignee,
    ...(reviewer !== undefined ? { reviewer } : {}),
    phase: 'open',
    priority: node.data.priority,
    escalationLevel: 0,
    pendingRungs: [],
    timeLog: state.steps[node.id]?.timeLog ?? [],
    comments: state.steps[node.id]?.comments ?? [],
    risks: state.steps[node.id]?.risks ?? [],
    ...(actingFor !== undefined ? { actingFor } : {}),
    ...(reviewerActingFor !== undefined ? { reviewerActingFor } : {}),
    ...(team !== undefined ? { team } : {}),
    // Only a ladder with a share of the time allowed needs the opening; other steps' state stays as it was.
    ...(ladderFor(state, node).some((rung) => rung.at.relation === 'share') ? { openedAt: at } : {}),
  };
  if (node.data.due) {
    // A new round measures its deadline from when the round opens, so "start + 3bd" means three days for rework.
    const roundAnchors = round === 1 ? anchors(state) : { ...anchors(state), start: at };
    const due = computeDue(node.data.due, roundAnchors, ctx.calendar, dueOptions(ctx));
    step.due = due.due.toISOString();
    step.dueMessages = stepDueMessages(state, node.data.due, due);
  }
  state.steps[node.id] = step;
  effects.push({
    type: 'createTask',
    nodeId: node.id,
    round,
    title: node.type === 'task' ? node.data.title : node.data.title,
    assignee,
    ...(reviewer !== undefined ? { reviewer } : {}),
    ...(step.due !== undefined ? { due: step.due } : {}),
    ...(step.dueMessages !== undefined ? { dueMessages: step.dueMessages } : {}),
    priority: step.priority,
    ...(actingFor !== undefined ? { actingFor } : {}),
    ...(reviewerActingFor !== undefined ? { reviewerActingFor } : {}),
    ...(team !== undefined ? { team } : {}),
  });
  if (away) auditActingFor(state, step, away, at, ctx, effects);
  if (standIn && actingFor !== undefined) auditStandIn(step, planned, standIn, 'assignee', at, effects);
  if (reviewerStandIn && reviewerActingFor !== undefined) {
    auditStandIn(step, plannedReviewer ?? '', reviewerStandIn, 'reviewer', at, effects);
  }
  if (ctx.stepNotices && round === 1) {
    effects.push({
      type: 'notify',
      nodeId: node.id,
      recipient: assignee,
      subject: team !== undefined ? 'New step in your team’s queue' : 'New step for you',
      message: node.data.title,
      ...keyed(ctx, team !== undefined ? 'stepNewTeam' : 'stepNew', { step: node.data.title }),
    });
  }
  scheduleRungs(state, step, ladderFor(state, node), ctx, effects, 0, at);
}

function scheduleRungs(
  state: ProcessState,
  step: StepState,
  ladder: EscalationLadder,
  ctx: EngineContext,
  effects: Effect[],
  fromIndex: number,
  now?: string
): void {
  if (step.due === undefined) return;
  const due = new Date(step.due);
  const node = nodeById(state, step.nodeId);
  const anyDay = (node.type === 'task' || node.type === 'approval') && node.data.due?.anyDay === true;
  ladder.forEach((rung, index) => {
    if (index < fromIndex) return;
    let instant =
      rung.at.relation === 'share'
        ? shareOfTimeAllowed(ctx, new Date(step.openedAt ?? state.startedAt), due, rung.at.percent)
        : applyOffset(ctx.calendar, due, rungOffset(rung.at)).result;
    if (ctx.workingTimeRungs && now !== undefined) {
      // A rung whose time passed before the step opened (a reminder "4 business hours before" a Monday-morning due
      // date, for a step opened on Sunday) fires when the office opens, not at once in the night.
      if (instant.getTime() < new Date(now).getTime()) instant = new Date(now);
      if (!anyDay) instant = nextWorkingTime(ctx.calendar, instant);
    }
    const at = instant.toISOString();
    const timerId = nextTimerId(state, step.nodeId, `rung${index}`);
    state.timers[timerId] = { nodeId: step.nodeId, purpose: 'rung', rungIndex: index };
    step.pendingRungs.push({ index, timerId, at });
    effects.push({ type: 'scheduleTimer', timerId, at });
  });
}

/**
 * The instant a share of the time allowed has passed: counted in working time from the step's opening to its due
 * time, or in elapsed time when no working time lies between them (a deadline that says `any day`, over a weekend).
 */
function shareOfTimeAllowed(ctx: EngineContext, opened: Date, due: Date, percent: number): Date {
  if (due.getTime() <= opened.getTime()) return due;
  const working = businessTimeBetween(ctx.calendar, opened, due);
  if (working > 0) {
    const from = nextWorkingTime(ctx.calendar, opened);
    return addBusinessTime(ctx.calendar, from, Math.round((working * percent) / 100));
  }
  return new Date(opened.getTime() + Math.round(((due.getTime() - opened.getTime()) * percent) / 100));
}

function cancelRungs(state: ProcessState, step: StepState, effects: Effect[]): void {
  for (const rung of step.pendingRungs) {
    delete state.timers[rung.timerId];
    effects.push({ type: 'cancelTimer', timerId: rung.timerId });
  }
  step.pendingRungs = [];
}

function onTimer(state: ProcessState, timerId: string, at: string, ctx: EngineContext, effects: Effect[]): void {
  const timer = state.timers[timerId];
  if (!timer) return; // cancelled meanwhile: a late firing is harmless
  delete state.timers[timerId];
  if (timer.purpose === 'wait') {
    complete(state, timer.nodeId, at, undefined, ctx, effects);
    return;
  }
  if (timer.purpose === 'stageStart') {
    const node = nodeById(state, timer.nodeId);
    const nodeState = state.nodes[timer.nodeId];
    if ((node.type === 'task' || node.type === 'approval') && nodeState?.status === 'waiting') {
      nodeState.status = 'active';
      delete nodeState.timerId;
      openStep(state, node, at, ctx, effects, 1);
    }
    return;
  }
  if (timer.purpose === 'absence') {
    if (ctx.deputies) settleSteps(state, at, ctx, effects);
    else if (timer.personId !== undefined) handOverOpenSteps(state, timer.personId, at, ctx, effects);
    return;
  }
  if (timer.purpose === 'decision') {
    escalateDecision(state, timer.nodeId, timerId, timer.personId, at, ctx, effects);
    return;
  }
  const step = state.steps[timer.nodeId];
  const rung = ladderFor(state, nodeById(state, timer.nodeId))[timer.rungIndex ?? -1];
  if (!step || !rung) return;
  step.pendingRungs = step.pendingRungs.filter((pending) => pending.timerId !== timerId);
  step.escalationLevel += 1;
  const delegator = step.reviewer ?? state.starter;
  // An unclaimed team step's "assignee's manager" is the team's manager.
  const manager = (person: string) =>
    (ctx.teamQueues ? teamManager(ctx.org, person) : undefined) ?? ctx.org?.managers?.[person];
  const tell = (recipient: string | undefined, subject: string, key?: NoticeKey) => {
    if (recipient !== undefined) {
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient,
        subject,
        message: `${subject} (${step.nodeId})`,
        // A rung's own message is the template's text, not the catalog's.
        ...(key ? keyed(ctx, key, { step: titleOf(nodeById(state, step.nodeId), step.nodeId) }) : {}),
      });
    }
  };
  const action = rung.action;
  let target: string | undefined;
  // Set when the level a rung names is missing from the org chart and the rung went to the next person up.
  let walkedUp: { missing: string; of: string } | undefined;
  switch (action.kind) {
    case 'remindAssignee':
      target = step.assignee;
      tell(target, 'Reminder: a step is due soon', 'remind');
      break;
    case 'notify':
      target = resolvePerson(state, action.recipient);
      tell(target, action.message ?? 'A step needs attention', action.message === undefined ? 'attention' : undefined);
      break;
    case 'escalateToDelegator':
      target = delegator;
      tell(target, 'Escalation: a step you delegated is due', 'escalateDelegator');
      break;
    case 'escalateToAssigneeManager':
      if (ctx.ladderTargets) {
        // The person the step is really for: an absent assignee's manager, not the deputy's.
        const assignee = step.actingFor ?? step.assignee;
        target = manager(assignee);
        if (target === undefined) {
          target = manager(delegator) ?? delegator;
          walkedUp = { missing: 'assigneeManager', of: assignee };
        }
      } else {
        target = manager(delegator);
      }
      tell(target, 'Escalation: a step is overdue', 'overdue');
      break;
    case 'escalateToManagersManager': {
      if (ctx.ladderTargets) {
        target = manager(delegator);
        if (target === undefined) {
          target = delegator;
          walkedUp = { missing: 'delegatorManager', of: delegator };
        }
      } else {
        const first = manager(delegator);
        target = first === undefined ? undefined : manager(first);
      }
      tell(target, 'Escalation: a step is overdue', 'overdue');
      break;
    }
    case 'escalateUp': {
      // The person the step is for (not a deputy standing in), or the delegator; n managers up that line.
      const anchor = action.from === 'assignee' ? (step.actingFor ?? step.assignee) : delegator;
      const reached = levelsUp(manager, anchor, action.levels);
      if (reached === undefined) {
        // Nobody above the anchor: the delegator's manager, else the delegator, as the other rungs walk up.
        target = manager(delegator) ?? delegator;
        walkedUp = { missing: `level${action.levels}`, of: anchor };
      } else {
        target = reached.person;
        if (reached.missing) walkedUp = { missing: `level${action.levels}`, of: anchor };
      }
      tell(target, 'Escalation: a step is overdue', 'overdue');
      break;
    }
    case 'reassignToDeputy':
    case 'reassignTo': {
      target = action.kind === 'reassignTo' ? action.personId : ctx.org?.deputies?.[step.assignee];
      if (target !== undefined) {
        step.assignee = target;
        effects.push({
          type: 'updateTask',
          nodeId: step.nodeId,
          round: step.round,
          status: step.phase,
          assignee: target,
        });
        tell(target, 'A step was reassigned to you', 'reassigned');
      }
      break;
    }
    case 'raisePriority':
      step.priority = action.to ?? { urgent: true, important: true };
      break;
  }
  // The inbox shows the escalation level (and orders by priority), so every rung that fires is written to the row.
  effects.push({
    type: 'updateTask',
    nodeId: step.nodeId,
    round: step.round,
    status: step.phase,
    escalationLevel: step.escalationLevel,
    ...(action.kind === 'raisePriority' ? { priority: step.priority } : {}),
  });
  effects.push({
    type: 'audit',
    nodeId: step.nodeId,
    action: 'escalated',
    actor: 'system',
    detail: {
      rung: timer.rungIndex,
      kind: action.kind,
      target: target ?? null,
      level: step.escalationLevel,
      at,
      ...(walkedUp ? { walkedUp } : {}),
    },
  });
}

/**
 * A decision request unanswered for a business day is chased: the person asked is reminded and the request goes up
 * to their manager (else the starter), then a business day later one level further, until someone answers or nobody
 * is left above.
 */
function scheduleDecisionFollowUp(
  state: ProcessState,
  step: StepState,
  waitingOn: string,
  from: string,
  ctx: EngineContext,
  effects: Effect[]
): void {
  if (!step.decisionPending) return;
  const at = applyOffset(ctx.calendar, new Date(from), { amount: 1, unit: 'businessDays', direction: 'after' });
  const timerId = nextTimerId(state, step.nodeId, 'decision');
  state.timers[timerId] = { nodeId: step.nodeId, purpose: 'decision', personId: waitingOn };
  step.decisionPending.timerId = timerId;
  effects.push({ type: 'scheduleTimer', timerId, at: at.result.toISOString() });
}

function escalateDecision(
  state: ProcessState,
  nodeId: string,
  timerId: string,
  waitingOn: string | undefined,
  at: string,
  ctx: EngineContext,
  effects: Effect[]
): void {
  const step = state.steps[nodeId];
  const pending = step?.decisionPending;
  if (!step || !pending || pending.timerId !== timerId || waitingOn === undefined) return;
  delete pending.timerId;
  const above = ctx.org?.managers?.[waitingOn];
  const target = above ?? (waitingOn !== state.starter && state.starter !== pending.by ? state.starter : undefined);
  effects.push({
    type: 'notify',
    nodeId,
    recipient: waitingOn,
    subject: 'Reminder: a decision waits for your answer',
    message: pending.question,
    ...keyed(ctx, 'decisionReminder', { step: titleOf(nodeById(state, nodeId), nodeId), text: pending.question }),
  });
  if (target !== undefined && target !== pending.by) {
    effects.push({
      type: 'notify',
      nodeId,
      recipient: target,
      subject: 'A decision request is unanswered',
      message: pending.question,
      ...keyed(ctx, 'decisionUnanswered', { step: titleOf(nodeById(state, nodeId), nodeId), text: pending.question }),
    });
  }
  effects.push({
    type: 'audit',
    nodeId,
    action: 'decisionEscalated',
    actor: 'system',
    detail: { round: step.round, waitingOn, target: target ?? null, askedAt: pending.askedAt, at },
  });
  if (target !== undefined && target !== pending.by) {
    // The request moves up: the one above may answer now (and whoever was asked before still may).
    pending.askedBefore = [...(pending.askedBefore ?? []), waitingOn];
    pending.to = target;
    effects.push({ type: 'updateTask', nodeId, round: step.round, status: step.phase, waitingFor: target });
    scheduleDecisionFollowUp(state, step, target, at, ctx, effects);
  }
}

/** Who answers a decision request: the person named, else the reviewer, else the starter, else the asker's manager. */
function decisionMaker(
  state: ProcessState,
  step: StepState,
  asker: string,
  named: string | undefined,
  ctx: EngineContext
): string | undefined {
  const candidates = [named, step.reviewer, state.starter, ctx.org?.managers?.[asker]];
  return candidates.find((person): person is string => person !== undefined && person !== asker);
}

function openStepFor(state: ProcessState, nodeId: string): StepState {
  const step = state.steps[nodeId];
  if (!step || state.nodes[nodeId]?.status !== 'active' || step.phase === 'done') {
    throw new StepRejectedError(`step "${nodeId}" is not open`, 'stepNotOpen');
  }
  return step;
}

function requireActor(step: StepState, actor: string, who: 'assignee' | 'reviewer' | 'either'): void {
  if (who === 'assignee' && isUnclaimed(step)) {
    throw new StepRejectedError(`step "${step.nodeId}" waits in its team's queue: claim it first`, 'claimFirst');
  }
  const allowed =
    who === 'assignee'
      ? [step.assignee]
      : who === 'reviewer'
        ? [step.reviewer ?? step.assignee]
        : [step.assignee, step.reviewer];
  if (!allowed.includes(actor)) {
    throw new StepRejectedError(
      `${actor} is not the ${who === 'either' ? 'assignee or reviewer' : who} of step "${step.nodeId}"`,
      who === 'either' ? 'notAssigneeOrReviewer' : who === 'reviewer' ? 'notReviewer' : 'notAssignee'
    );
  }
}

function onStepEvent(
  state: ProcessState,
  event: Exclude<
    ProcessEvent,
    {
      type:
        | 'timerFired'
        | 'childCompleted'
        | 'cancel'
        | 'changeParameter'
        | 'recordAbsence'
        | 'changeAbsence'
        | 'processComment';
    }
  >,
  ctx: EngineContext,
  effects: Effect[]
): void {
  const step = openStepFor(state, event.nodeId);
  const node = nodeById(state, event.nodeId);
  const audit = (action: string, detail: Record<string, unknown> = {}) =>
    effects.push({
      type: 'audit',
      nodeId: step.nodeId,
      action,
      actor: event.actor,
      detail: { round: step.round, ...detail },
    });
  switch (event.type) {
    case 'start':
      requireActor(step, event.actor, 'assignee');
      if (step.phase !== 'open')
        throw new StepRejectedError(`step "${step.nodeId}" is already started`, 'alreadyStarted');
      step.phase = 'inProgress';
      effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: 'inProgress' });
      audit('started');
      return;
    case 'logTime': {
      requireActor(step, event.actor, 'assignee');
      if (!Number.isInteger(event.minutes) || event.minutes === 0) {
        throw new StepRejectedError('logged time must be a whole number of minutes other than zero', 'wholeMinutes');
      }
      // A negative entry corrects time logged by mistake, before the round is submitted and never below zero.
      if (event.minutes < 0) {
        if (step.phase === 'inReview')
          throw new StepRejectedError('time of a submitted round can no longer be corrected', 'submittedTimeFixed');
        const logged = step.timeLog
          .filter((entry) => entry.round === step.round)
          .reduce((sum, entry) => sum + entry.minutes, 0);
        if (logged + event.minutes < 0) {
          throw new StepRejectedError(
            `only ${logged} minutes are logged in this round; that much can be removed`,
            'tooMuchTimeRemoved',
            {
              logged,
            }
          );
        }
      }
      step.timeLog.push({ round: step.round, by: event.actor, minutes: event.minutes, at: event.at });
      audit('timeLogged', { minutes: event.minutes });
      return;
    }
    case 'check': {
      requireActor(step, event.actor, 'assignee');
      if (step.phase === 'inReview')
        throw new StepRejectedError(`step "${step.nodeId}" is already submitted`, 'alreadySubmitted');
      if (node.type !== 'task' || !node.data.checklist.some((item) => item.id === event.item)) {
        throw new StepRejectedError(
          `step "${step.nodeId}" has no checklist item "${event.item}"`,
          'unknownChecklistItem'
        );
      }
      const checked = new Set(step.checked ?? []);
      if (event.done) checked.add(event.item);
      else checked.delete(event.item);
      step.checked = [...checked];
      audit('checklistTicked', { item: event.item, done: event.done });
      return;
    }
    case 'comment': {
      requireActor(step, event.actor, 'either');
      const visibility = ctx.commentVisibility ? (event.visibility ?? 'internal') : undefined;
      step.comments.push({
        round: step.round,
        by: event.actor,
        text: event.text,
        at: event.at,
        ...(visibility && { visibility }),
        ...(event.files?.length ? { files: [...event.files] } : {}),
      });
      // People named with @ in the comment (resolved by the API) are told, except whoever wrote it.
      for (const person of new Set(event.mentions ?? [])) {
        if (person === event.actor) continue;
        effects.push({
          type: 'notify',
          nodeId: step.nodeId,
          recipient: person,
          subject: `You were mentioned: ${node.type === 'task' || node.type === 'approval' ? node.data.title : step.nodeId}`,
          message: event.text,
          ...keyed(ctx, 'mentioned', { step: titleOf(node, step.nodeId), text: event.text }),
        });
      }
      audit('commented', {
        text: event.text,
        ...(event.mentions?.length ? { mentions: [...event.mentions] } : {}),
        ...(visibility && { visibility }),
        ...(event.files?.length ? { files: [...event.files] } : {}),
      });
      return;
    }
    case 'flagRisk': {
      requireActor(step, event.actor, 'assignee');
      step.risks.push({ by: event.actor, text: event.text, at: event.at });
      const delegator = step.reviewer ?? state.starter;
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: delegator,
        subject: 'Risk flagged',
        message: event.text,
        ...keyed(ctx, 'riskFlagged', { step: titleOf(node, step.nodeId), text: event.text }),
      });
      audit('riskFlagged', { text: event.text });
      return;
    }
    case 'claim':
    case 'release':
    case 'assign':
      applyTeamQueueEvent(state, step, event, effects, (reason, key, params) => {
        throw new StepRejectedError(reason, key, params);
      });
      return;
    case 'reassign':
      if (!event.asManager) requireActor(step, event.actor, 'reviewer');
      step.assignee = event.to;
      delete step.actingFor; // a deliberate reassignment makes the step the new person's own
      effects.push({
        type: 'updateTask',
        nodeId: step.nodeId,
        round: step.round,
        status: step.phase,
        assignee: event.to,
        actingFor: null,
      });
      audit('reassigned', { to: event.to });
      return;
    case 'changeDue': {
      const to = new Date(event.due);
      if (Number.isNaN(to.getTime())) throw new StepRejectedError(`"${event.due}" is not a date and time`, 'notADate');
      if (event.reason.trim() === '') throw new StepRejectedError('say why the deadline moves', 'moveNeedsReason');
      if (step.phase === 'inReview')
        throw new StepRejectedError(`step "${step.nodeId}" is already submitted`, 'alreadySubmitted');
      const from = step.due ?? null;
      cancelRungs(state, step, effects);
      step.due = to.toISOString();
      delete step.dueMessages; // no longer computed from the template's rule
      effects.push({
        type: 'updateTask',
        nodeId: step.nodeId,
        round: step.round,
        status: step.phase,
        due: step.due,
        dueMessages: null,
      });
      // Rungs already fired stay fired; the rest are planned from the new date (none while a decision is pending).
      if (!step.decisionPending)
        scheduleRungs(state, step, ladderFor(state, node), ctx, effects, step.escalationLevel, event.at);
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: step.assignee,
        subject: 'The deadline of your step moved',
        message: `${node.type === 'task' || node.type === 'approval' ? node.data.title : step.nodeId}: ${event.reason}`,
        ...keyed(ctx, 'deadlineMoved', { step: titleOf(node, step.nodeId), text: event.reason }),
      });
      audit('dueChanged', { from, to: step.due, reason: event.reason });
      return;
    }
    case 'setPriority': {
      const from = step.priority;
      step.priority = { urgent: event.priority.urgent, important: event.priority.important };
      effects.push({
        type: 'updateTask',
        nodeId: step.nodeId,
        round: step.round,
        status: step.phase,
        priority: step.priority,
      });
      audit('priorityChanged', {
        from: from ?? null,
        to: step.priority,
        ...(event.reason !== undefined && event.reason !== '' ? { reason: event.reason } : {}),
      });
      return;
    }
    case 'requestDecision': {
      requireActor(step, event.actor, 'assignee');
      if (node.type === 'task' && !node.data.allowDecisionRequests) {
        throw new StepRejectedError(`step "${step.nodeId}" does not allow decision requests`, 'decisionsNotAllowed');
      }
      if (step.decisionPending)
        throw new StepRejectedError(`step "${step.nodeId}" already waits for a decision`, 'decisionAlreadyPending');
      if (!ctx.decisionRouting) {
        step.decisionPending = { by: event.actor, question: event.question, askedAt: event.at };
        cancelRungs(state, step, effects); // the SLA clock is paused
        audit('decisionRequested', { question: event.question });
        return;
      }
      const to = decisionMaker(state, step, event.actor, event.from, ctx);
      if (to === undefined) {
        throw new StepRejectedError(
          `nobody can answer a decision request on step "${step.nodeId}": it has no reviewer, you started the process and no manager is on record for you`,
          'nobodyToDecide'
        );
      }
      step.decisionPending = { by: event.actor, question: event.question, askedAt: event.at, to };
      cancelRungs(state, step, effects); // the SLA clock is paused
      scheduleDecisionFollowUp(state, step, to, event.at, ctx, effects);
      effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: step.phase, waitingFor: to });
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: to,
        subject: 'Decision requested',
        message: event.question,
        ...keyed(ctx, 'decisionRequested', { step: titleOf(node, step.nodeId), text: event.question }),
      });
      audit('decisionRequested', { question: event.question, to });
      return;
    }
    case 'answerDecision': {
      const pending = step.decisionPending;
      if (!pending)
        throw new StepRejectedError(`step "${step.nodeId}" has no pending decision request`, 'noPendingDecision');
      if (pending.to !== undefined) {
        if (event.actor !== pending.to && !(pending.askedBefore ?? []).includes(event.actor)) {
          throw new StepRejectedError(
            `${event.actor} is not the person asked to decide on step "${step.nodeId}"`,
            'notAskedToDecide'
          );
        }
      } else {
        requireActor(step, event.actor, 'reviewer');
      }
      delete step.decisionPending;
      if (pending.timerId !== undefined && state.timers[pending.timerId]) {
        delete state.timers[pending.timerId];
        effects.push({ type: 'cancelTimer', timerId: pending.timerId });
      }
      if (step.due !== undefined) {
        const moved = dueAfterPause(ctx.calendar, new Date(step.due), new Date(pending.askedAt), new Date(event.at));
        step.due = moved.toISOString();
        step.dueMessages = [...(step.dueMessages ?? []), pausedForDecision(pending.askedAt, event.at)];
        effects.push({
          type: 'updateTask',
          nodeId: step.nodeId,
          round: step.round,
          status: step.phase,
          due: step.due,
          dueMessages: step.dueMessages,
        });
      }
      if (pending.to !== undefined) {
        effects.push({
          type: 'updateTask',
          nodeId: step.nodeId,
          round: step.round,
          status: step.phase,
          waitingFor: null,
        });
        effects.push({
          type: 'notify',
          nodeId: step.nodeId,
          recipient: pending.by,
          subject: 'Decision answered',
          message: event.answer,
          ...keyed(ctx, 'decisionAnswered', { step: titleOf(node, step.nodeId), text: event.answer }),
        });
      }
      const fired = step.escalationLevel;
      scheduleRungs(state, step, ladderFor(state, node), ctx, effects, fired, event.at);
      audit('decisionAnswered', { answer: event.answer, due: step.due ?? null });
      return;
    }
    case 'submit': {
      requireActor(step, event.actor, 'assignee');
      if (step.phase === 'inReview')
        throw new StepRejectedError(`step "${step.nodeId}" is already submitted`, 'alreadySubmitted');
      if (node.type === 'task') {
        const values = event.values ?? {};
        const missing = node.data.form.filter((field) => field.required && (values[field.name] ?? '') === '');
        if (missing.length > 0) {
          throw new StepRejectedError(
            `required form field missing: ${missing.map((field) => field.name).join(', ')}`,
            'requiredFieldsMissing'
          );
        }
        // What was ticked on the step so far counts with what the submission names.
        const ticked = new Set([...(step.checked ?? []), ...(event.checklist ?? [])]);
        const unticked = node.data.checklist.filter((item) => item.required && !ticked.has(item.id));
        if (unticked.length > 0) {
          throw new StepRejectedError(
            `required checklist item not done: ${unticked.map((item) => item.id).join(', ')}`,
            'requiredChecklistMissing'
          );
        }
        for (const field of node.data.form) {
          if (values[field.name] !== undefined) state.variables[field.name] = values[field.name];
        }
      }
      audit('submitted', {
        values: event.values ?? {},
        checklist: [...new Set([...(step.checked ?? []), ...(event.checklist ?? [])])],
      });
      if (step.reviewer !== undefined) {
        step.phase = 'inReview';
        effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: 'inReview' });
        return;
      }
      finishStep(state, step, event.at, undefined, ctx, effects);
      return;
    }
    case 'approve':
    case 'reject': {
      if (node.type === 'approval') {
        requireActor(step, event.actor, 'assignee');
        if (event.type === 'reject' && node.data.commentRequiredOnReject && !event.comment) {
          throw new StepRejectedError('a rejection needs a comment saying why', 'rejectionNeedsComment');
        }
        audit(event.type === 'approve' ? 'approved' : 'rejected', { comment: event.comment ?? null });
        finishStep(state, step, event.at, event.type === 'approve' ? 'approved' : 'rejected', ctx, effects);
        return;
      }
      requireActor(step, event.actor, 'reviewer');
      if (event.type === 'reject')
        throw new StepRejectedError('a task is returned for rework, not rejected', 'taskNotRejected');
      if (step.phase !== 'inReview')
        throw new StepRejectedError(`step "${step.nodeId}" has not been submitted`, 'notSubmitted');
      audit('approved', { comment: event.comment ?? null });
      finishStep(state, step, event.at, undefined, ctx, effects);
      return;
    }
    case 'returnForRework': {
      if (node.type !== 'task')
        throw new StepRejectedError('only a task with a reviewer can be returned for rework', 'onlyTaskReturned');
      requireActor(step, event.actor, 'reviewer');
      if (step.phase !== 'inReview')
        throw new StepRejectedError(`step "${step.nodeId}" has not been submitted`, 'notSubmitted');
      if (!event.comment)
        throw new StepRejectedError('returning work needs a comment saying what to fix', 'returnNeedsComment');
      const maxRounds = node.data.maxRounds;
      if (maxRounds !== undefined && step.round >= maxRounds) {
        throw new StepRejectedError(
          `round limit reached: step "${step.nodeId}" allows ${maxRounds} rounds`,
          'roundLimit',
          {
            max: maxRounds,
          }
        );
      }
      step.comments.push({ round: step.round, by: event.actor, text: event.comment, at: event.at });
      audit('returnedForRework', { comment: event.comment });
      cancelRungs(state, step, effects);
      effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: 'returned' });
      openStep(state, node, event.at, ctx, effects, step.round + 1);
      if (ctx.stepNotices) {
        effects.push({
          type: 'notify',
          nodeId: step.nodeId,
          recipient: state.steps[step.nodeId]?.assignee ?? step.assignee,
          subject: `Returned for rework: ${node.data.title}`,
          message: event.comment,
          ...keyed(ctx, 'returned', { step: node.data.title, text: event.comment }),
        });
      }
      return;
    }
  }
}

function finishStep(
  state: ProcessState,
  step: StepState,
  at: string,
  outcome: string | undefined,
  ctx: EngineContext,
  effects: Effect[]
): void {
  step.phase = 'done';
  cancelRungs(state, step, effects);
  effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: 'done' });
  complete(state, step.nodeId, at, outcome, ctx, effects);
}

function cancelEverything(state: ProcessState, effects: Effect[], status: 'skipped' | 'cancelled'): void {
  for (const step of Object.values(state.steps)) {
    if (step.phase === 'done') continue;
    cancelRungs(state, step, effects);
    effects.push({ type: 'updateTask', nodeId: step.nodeId, round: step.round, status: 'cancelled' });
  }
  for (const [timerId] of Object.entries(state.timers)) effects.push({ type: 'cancelTimer', timerId });
  state.timers = {};
  for (const node of Object.values(state.nodes)) {
    if (node.status === 'active' || node.status === 'waiting') {
      if (node.childWorkflowId !== undefined) {
        // Children end with their parent; the workflow maps this to a child cancel.
        effects.push({ type: 'cancelChild', nodeId: node.childWorkflowId, workflowId: node.childWorkflowId });
      }
      node.status = status === 'skipped' ? 'skipped' : 'cancelled';
    }
  }
}

function cancel(state: ProcessState, actor: string, at: string, reason: string | undefined, effects: Effect[]): void {
  cancelEverything(state, effects, 'cancelled');
  state.status = 'cancelled';
  effects.push({ type: 'audit', action: 'processCancelled', actor, detail: { reason: reason ?? null, at } });
  effects.push({ type: 'completeProcess', result: 'cancelled', variables: { ...state.variables } });
}

function fail(state: ProcessState, message: string, effects: Effect[]): void {
  cancelEverything(state, effects, 'cancelled');
  state.status = 'failed';
  state.failure = message;
  effects.push({ type: 'audit', action: 'processFailed', actor: 'system', detail: { message } });
  effects.push({ type: 'completeProcess', result: 'failed', variables: { ...state.variables } });
}

function interpolate(text: string, variables: Record<string, unknown>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name];
    return value === undefined || value === null ? '' : String(value as string | number | boolean);
  });
}

/** Why a value does not fit a parameter, or undefined when it does. */
function parameterValueProblem(parameter: Template['parameters'][number], value: unknown): string | undefined {
  switch (parameter.type) {
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? dateYearProblem(value)
        : 'expected a date like 2027-06-18';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? dateYearProblem(value)
        : 'expected an ISO date-time';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'money':
      return typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value
        ? undefined
        : 'expected an amount with a currency';
    case 'choice':
      return parameter.options.some((option) => option.value === value)
        ? undefined
        : `expected one of ${parameter.options.map((option) => option.value).join(', ')}`;
    case 'text':
    case 'person':
      return typeof value === 'string' && value !== '' ? undefined : 'expected a non-empty text';
  }
}

/**
 * A parameter changes while the process runs: every open step and wait whose deadline hangs off it is re-planned
 * (rungs already fired stay fired), done steps stay done, the change is audited with old and new dates, and a
 * deadline that now lies in the past flags its step at risk and tells the process owner at once.
 */
function changeParameter(
  state: ProcessState,
  event: Extract<ProcessEvent, { type: 'changeParameter' }>,
  ctx: EngineContext,
  effects: Effect[]
): void {
  const parameter = state.template.parameters.find((candidate) => candidate.name === event.name);
  if (!parameter)
    throw new StepRejectedError(`there is no parameter "${event.name}" in this process`, 'unknownParameter');
  const problem = parameterValueProblem(parameter, event.value);
  if (problem)
    throw new StepRejectedError(`parameter "${event.name}": ${problem}`, 'invalidParameter', {
      parameter: parameter.label ?? parameter.name,
    });
  if (event.actor !== state.starter) {
    throw new StepRejectedError(
      `${event.actor} did not start this process and cannot change its parameters`,
      'notStarter'
    );
  }
  const previous = state.variables[event.name];
  state.variables[event.name] = event.value;
  const hangsOff = (spec: { anchor: { kind: string; name?: string } } | undefined) =>
    spec?.anchor.kind === 'parameter' && spec.anchor.name === event.name;
  const moved: { nodeId: string; from: string | null; to: string; atRisk: boolean }[] = [];

  for (const step of Object.values(state.steps)) {
    const node = nodeById(state, step.nodeId);
    if (step.phase === 'done' || state.nodes[step.nodeId]?.status !== 'active') continue;
    if ((node.type !== 'task' && node.type !== 'approval') || !hangsOff(node.data.due)) continue;
    const due = computeDue(node.data.due!, anchors(state), ctx.calendar, dueOptions(ctx));
    const to = due.due.toISOString();
    if (to === step.due) continue;
    const from = step.due ?? null;
    cancelRungs(state, step, effects);
    step.due = to;
    step.dueMessages = stepDueMessages(state, node.data.due!, due);
    effects.push({
      type: 'updateTask',
      nodeId: step.nodeId,
      round: step.round,
      status: step.phase,
      due: to,
      dueMessages: step.dueMessages,
    });
    // While a decision is pending the SLA clock stands still; its answer schedules the ladder again.
    if (!step.decisionPending)
      scheduleRungs(state, step, ladderFor(state, node), ctx, effects, step.escalationLevel, event.at);
    const atRisk = due.due.getTime() < new Date(event.at).getTime();
    if (atRisk) {
      const text = `the deadline moved to ${to}, which has already passed`;
      step.risks.push({ by: 'system', text, at: event.at });
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: state.starter,
        subject: 'A step is at risk after a date change',
        message: `${text} (${step.nodeId}, after ${event.name} changed)`,
        ...keyed(ctx, 'atRiskAfterDateChange', { step: titleOf(node, step.nodeId), parameter: event.name, date: to }),
      });
    }
    moved.push({ nodeId: step.nodeId, from, to, atRisk });
  }

  for (const [nodeId, nodeState] of Object.entries(state.nodes)) {
    const node = nodeById(state, nodeId);
    if (node.type !== 'wait' || nodeState.status !== 'waiting' || !hangsOff(node.data.until)) continue;
    if (nodeState.timerId) {
      delete state.timers[nodeState.timerId];
      effects.push({ type: 'cancelTimer', timerId: nodeState.timerId });
    }
    const due = computeDue(node.data.until, anchors(state), ctx.calendar, waitOptions(ctx));
    const timerId = nextTimerId(state, nodeId, 'wait');
    nodeState.timerId = timerId;
    state.timers[timerId] = { nodeId, purpose: 'wait' };
    effects.push({ type: 'scheduleTimer', timerId, at: due.due.toISOString() });
    moved.push({ nodeId, from: null, to: due.due.toISOString(), atRisk: false });
  }

  for (const [nodeId, nodeState] of Object.entries(state.nodes)) {
    const node = nodeById(state, nodeId);
    if ((node.type !== 'task' && node.type !== 'approval') || nodeState.status !== 'waiting') continue;
    const stage = stageOf(state, node);
    if (!stage?.data.start || !hangsOff(stage.data.start)) continue;
    if (nodeState.timerId) {
      delete state.timers[nodeState.timerId];
      effects.push({ type: 'cancelTimer', timerId: nodeState.timerId });
      delete nodeState.timerId;
    }
    const opensAt = computeDue(stage.data.start, anchors(state), ctx.calendar).due.toISOString();
    if (opensAt > event.at) {
      holdUntilStageStart(state, nodeId, opensAt, effects);
    } else {
      nodeState.status = 'active';
      openStep(state, node, event.at, ctx, effects, 1);
    }
    moved.push({ nodeId, from: null, to: opensAt, atRisk: false });
  }

  effects.push({
    type: 'audit',
    action: 'parameterChanged',
    actor: event.actor,
    detail: { name: event.name, from: previous ?? null, to: event.value ?? null, moved, at: event.at },
  });
}

// ---------------------------------------------------------------- absences and deputies

/** The calendar day of an instant in the team's time zone, YYYY-MM-DD. */
function localDay(at: string, ctx: EngineContext): string {
  return DateTime.fromISO(at, { zone: 'utc' }).setZone(ctx.calendar.calendar.timeZone).toISODate() ?? at.slice(0, 10);
}

/** The absence that keeps `person` away at `at`, if any (a deputy never stands in for themself). */
function absenceOf(state: ProcessState, person: string, at: string, ctx: EngineContext): Absence | undefined {
  const day = localDay(at, ctx);
  return (state.absences ?? []).find(
    (absence) => absence.personId === person && absence.deputy !== person && absence.from <= day && day <= absence.to
  );
}

function auditActingFor(
  state: ProcessState,
  step: StepState,
  absence: Absence,
  at: string,
  ctx: EngineContext,
  effects: Effect[]
): void {
  effects.push({
    type: 'audit',
    nodeId: step.nodeId,
    action: 'actingFor',
    actor: 'system',
    detail: {
      round: step.round,
      deputy: absence.deputy,
      actingFor: absence.personId,
      absentFrom: absence.from,
      absentTo: absence.to,
      at,
    },
  });
  effects.push({
    type: 'notify',
    nodeId: step.nodeId,
    recipient: absence.deputy,
    subject: 'A step came to you as deputy',
    message: `You act for ${absence.personId} (away ${absence.from} to ${absence.to}) on step "${step.nodeId}".`,
    ...keyed(ctx, 'deputyStep', {
      step: titleOf(nodeById(state, step.nodeId), step.nodeId),
      person: absence.personId,
      from: absence.from,
      to: absence.to,
    }),
  });
}

/** Every step of `person` not yet done goes to the deputy of the absence that applies now, audited as acting for. */
function handOverOpenSteps(
  state: ProcessState,
  person: string,
  at: string,
  ctx: EngineContext,
  effects: Effect[]
): void {
  const absence = absenceOf(state, person, at, ctx);
  if (!absence) return;
  for (const step of Object.values(state.steps)) {
    if (step.assignee !== person || step.phase === 'done' || state.nodes[step.nodeId]?.status !== 'active') continue;
    step.assignee = absence.deputy;
    step.actingFor = person;
    effects.push({
      type: 'updateTask',
      nodeId: step.nodeId,
      round: step.round,
      status: step.phase,
      assignee: absence.deputy,
      actingFor: person,
    });
    auditActingFor(state, step, absence, at, ctx, effects);
  }
}

/** Hands open steps over now if the absence has begun, else sets a timer for its first day (00:00 local). */
function planAbsence(state: ProcessState, absence: Absence, at: string, ctx: EngineContext, effects: Effect[]): void {
  const today = localDay(at, ctx);
  if (absence.to < today) return;
  if (absence.from <= today) {
    handOverOpenSteps(state, absence.personId, at, ctx, effects);
    return;
  }
  const begins = DateTime.fromISO(absence.from, { zone: ctx.calendar.calendar.timeZone })
    .startOf('day')
    .toUTC()
    .toISO();
  if (!begins) return;
  const timerId = nextTimerId(state, 'absence', absence.personId);
  state.timers[timerId] = { nodeId: 'absence', purpose: 'absence', personId: absence.personId };
  effects.push({ type: 'scheduleTimer', timerId, at: begins });
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;

/** `withoutDeputy`: an absence may name no deputy (''); the chain passes the person over, up to their manager. */
function checkAbsence(absence: Absence, withoutDeputy = false): void {
  if (!isDay(absence.from) || !isDay(absence.to)) {
    throw new StepRejectedError('an absence needs from and to as calendar days (YYYY-MM-DD)', 'absenceDays');
  }
  if (absence.to < absence.from)
    throw new StepRejectedError('an absence ends on or after the day it starts', 'absenceOrder');
  if (!absence.personId || (!absence.deputy && !withoutDeputy)) {
    throw new StepRejectedError('an absence needs a person and a deputy', 'absenceNeedsPeople');
  }
  if (absence.deputy === absence.personId) throw new StepRejectedError('nobody can be their own deputy', 'ownDeputy');
}

function recordAbsence(state: ProcessState, absence: Absence, at: string, ctx: EngineContext, effects: Effect[]): void {
  checkAbsence(absence, ctx.deputies);
  if (ctx.deputies) {
    recordAbsenceWithDeputies(state, absence, at, ctx, effects);
    return;
  }
  const known = state.absences ?? [];
  // The same absence sent again (a retried API call, several API processes) changes nothing.
  if (known.some((other) => JSON.stringify(other) === JSON.stringify(absence))) return;
  state.absences = [...known, absence];
  planAbsence(state, absence, at, ctx, effects);
}

// ---------------------------------------------------------------- stage starts

function stageOf(state: ProcessState, node: TemplateNode): Extract<TemplateNode, { type: 'stage' }> | undefined {
  if (node.parentId === undefined) return undefined;
  const parent = state.template.nodes.find((candidate) => candidate.id === node.parentId);
  return parent?.type === 'stage' ? parent : undefined;
}

/** When the stage around a step starts, if it says so (computed on the current parameters). */
function stageStartOf(state: ProcessState, node: TemplateNode, ctx: EngineContext): string | undefined {
  const start = stageOf(state, node)?.data.start;
  return start === undefined ? undefined : computeDue(start, anchors(state), ctx.calendar).due.toISOString();
}

function holdUntilStageStart(state: ProcessState, nodeId: string, opensAt: string, effects: Effect[]): void {
  const timerId = nextTimerId(state, nodeId, 'stageStart');
  state.timers[timerId] = { nodeId, purpose: 'stageStart' };
  const nodeState = state.nodes[nodeId];
  if (nodeState) nodeState.timerId = timerId;
  effects.push({ type: 'scheduleTimer', timerId, at: opensAt });
}
