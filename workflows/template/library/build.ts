// Small builders that keep the built-in templates readable: canvas positions on a grid, edges along a path, and
// the escalation ladders the library shares.
import type { TemplateEdge, TemplateInput } from '../template.schema';

type Ladder = NonNullable<TemplateInput['escalation']>;

/** A grid cell on the canvas: columns 240 px apart, rows 150 px apart. */
export const at = (column: number, row = 0) => ({ x: column * 240, y: row * 150 });

export function edge(source: string, target: string, outcome?: string): TemplateEdge {
  return outcome
    ? { id: `${source}:${outcome}->${target}`, source, target, outcome }
    : { id: `${source}->${target}`, source, target };
}

/** Edges along a path of node ids: `path('start', 'do', 'end')`. */
export function path(...ids: string[]): TemplateEdge[] {
  return ids.slice(1).map((target, index) => edge(ids[index]!, target));
}

/** Remind a business day before, escalate to the delegator when missed, to the delegator's manager a day later. */
export const businessDayLadder: Ladder = [
  { at: { relation: 'before', amount: 1, unit: 'businessDays' }, action: { kind: 'remindAssignee' } },
  { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
  { at: { relation: 'after', amount: 1, unit: 'businessDays' }, action: { kind: 'escalateToManagersManager' } },
];

/**
 * For same-day work, in business hours (nobody is reminded at night): remind before, escalate to the delegator at the
 * deadline, then to the delegator's manager.
 */
export function hoursLadder(remindHours: number, thenHours: number): Ladder {
  return [
    { at: { relation: 'before', amount: remindHours, unit: 'businessHours' }, action: { kind: 'remindAssignee' } },
    { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
    {
      at: { relation: 'after', amount: thenHours, unit: 'businessHours' },
      action: { kind: 'escalateToManagersManager' },
    },
  ];
}

/**
 * Recurring duties: the office manager solves what she can, so the owner (the client) is reached only as the last
 * rung. Remind in the morning of the due day, make the step urgent at the deadline, hand it to the deputy a business
 * day later, and only then escalate to the owner.
 */
export const dutyLadder: Ladder = [
  { at: { relation: 'before', amount: 3, unit: 'businessHours' }, action: { kind: 'remindAssignee' } },
  { at: { relation: 'at' }, action: { kind: 'raisePriority' } },
  { at: { relation: 'after', amount: 1, unit: 'businessDays' }, action: { kind: 'reassignToDeputy' } },
  { at: { relation: 'after', amount: 2, unit: 'businessDays' }, action: { kind: 'escalateToDelegator' } },
];
