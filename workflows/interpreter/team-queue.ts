import type { Effect, OrgDirectory, ProcessEvent, ProcessState, StepState } from './process-state';
import type { Refusal, RefusalKey } from '../i18n/refusals';

// A step sent to a team waits in the team's queue (its assignee is `team:<id>`) until a member claims it, a manager
// assigns it to a member, or it is released back. Who belongs to a team is the API's to check (it reads the live
// org); the engine keeps the step's team so a release returns it there, and refuses what the step's state forbids.

const PREFIX = 'team:';

/** The assignee string of a team's queue. */
export const teamQueueOf = (teamId: string): string => `${PREFIX}${teamId}`;

/** The team id when `assignee` is a team queue. */
export function teamIdOf(assignee: string): string | undefined {
  return assignee.startsWith(PREFIX) ? assignee.slice(PREFIX.length) : undefined;
}

/** True while a team step waits in its queue, claimed by nobody. */
export const isUnclaimed = (step: StepState): boolean =>
  step.team !== undefined && step.assignee === teamQueueOf(step.team);

/** The manager a team's unclaimed step escalates to: the team's manager from the org snapshot. */
export function teamManager(org: OrgDirectory | undefined, assignee: string): string | undefined {
  const team = teamIdOf(assignee);
  return team === undefined ? undefined : org?.teams?.[team]?.manager;
}

export type TeamQueueEvent = Extract<ProcessEvent, { type: 'claim' | 'release' | 'assign' }>;

/**
 * Applies a claim, release or assign to a team step; `refuse` throws the engine's rejection with the reason (the
 * caller sees 409, or 403 when it says "is not the assignee").
 */
export function applyTeamQueueEvent(
  state: ProcessState,
  step: StepState,
  event: TeamQueueEvent,
  effects: Effect[],
  refuse: (reason: string, key: RefusalKey, params?: Refusal['params']) => never
): void {
  const team = step.team;
  if (team === undefined) refuse(`step "${step.nodeId}" is not in a team queue`, 'notInTeamQueue');
  if (step.phase === 'inReview') refuse(`step "${step.nodeId}" is already submitted`, 'alreadySubmitted');
  const queue = teamQueueOf(team);
  const audit = (action: string, detail: Record<string, unknown>) =>
    effects.push({
      type: 'audit',
      nodeId: step.nodeId,
      action,
      actor: event.actor,
      detail: { round: step.round, team, ...detail },
    });
  const moveTo = (assignee: string) => {
    step.assignee = assignee;
    // Back in the queue (or with someone new) the step starts over as not started; time logged stays.
    step.phase = 'open';
    delete step.actingFor;
    effects.push({
      type: 'updateTask',
      nodeId: step.nodeId,
      round: step.round,
      status: 'open',
      assignee,
      actingFor: null,
    });
  };
  switch (event.type) {
    case 'claim':
      if (step.assignee !== queue) {
        // The sentence names who has it (the API puts the name in): the one claim that lost a race learns who won.
        refuse(`step "${step.nodeId}" is already claimed by ${step.assignee}`, 'alreadyClaimed');
      }
      moveTo(event.actor);
      audit('claimed', { by: event.actor });
      return;
    case 'release':
      if (step.assignee !== event.actor) {
        refuse(`${event.actor} is not the assignee of step "${step.nodeId}"`, 'notAssignee');
      }
      moveTo(queue);
      audit('released', { by: event.actor });
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: queue,
        subject: 'A step is back in your team’s queue',
        message: titleOf(state, step),
      });
      return;
    case 'assign':
      if (event.to === step.assignee) {
        refuse(`step "${step.nodeId}" is already with ${event.to}`, 'alreadyWithPerson');
      }
      if (teamIdOf(event.to) !== undefined) refuse('a team step is assigned to a person', 'teamStepToPerson');
      audit('assigned', { to: event.to, from: teamIdOf(step.assignee) === undefined ? step.assignee : null });
      moveTo(event.to);
      effects.push({
        type: 'notify',
        nodeId: step.nodeId,
        recipient: event.to,
        subject: 'A step was assigned to you',
        message: titleOf(state, step),
      });
      return;
  }
}

function titleOf(state: ProcessState, step: StepState): string {
  const node = state.template.nodes.find((candidate) => candidate.id === step.nodeId);
  return node?.type === 'task' || node?.type === 'approval' ? node.data.title : step.nodeId;
}
