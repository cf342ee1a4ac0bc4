import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { escalationTargetIssues, type OrgPerson } from './org-chart-checks';

const anna: OrgPerson = { id: 'a', name: 'Anna Nowak', reportsTo: null, deputyId: null };
const maria: OrgPerson = { id: 'm', name: 'Maria Manager', reportsTo: null, deputyId: null };
const boss: OrgPerson = { id: 'b', name: 'Bogdan Boss', reportsTo: null, deputyId: null };

function template(ladder: TemplateInput['escalation']): Pick<TemplateInput, 'nodes' | 'escalation'> {
  return {
    escalation: ladder,
    nodes: [
      {
        id: 'task-1',
        type: 'task',
        position: { x: 0, y: 0 },
        data: { title: 'Prepare', assignee: { kind: 'person', personId: 'a' }, due: 'start + 1bd' },
      },
    ] as TemplateInput['nodes'],
  };
}

describe('escalationTargetIssues', () => {
  it('warns of rungs that reach nobody with today’s org chart, naming the person and the rung', () => {
    const ladder: TemplateInput['escalation'] = [
      { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
      { at: { relation: 'at' }, action: { kind: 'escalateToAssigneeManager' } },
      { at: { relation: 'at' }, action: { kind: 'reassignToDeputy' } },
      { at: { relation: 'at' }, action: { kind: 'escalateToManagersManager' } },
    ];
    const issues = escalationTargetIssues(template(ladder), [anna, maria], 'm');
    expect(issues.map((issue) => issue.params)).toEqual([
      { kind: 'assigneeManager', person: 'Anna Nowak', rung: 2 },
      { kind: 'deputy', person: 'Anna Nowak', rung: 3 },
      { kind: 'delegatorManager', person: 'Maria Manager', rung: 4 },
    ]);
    expect(issues.every((issue) => issue.severity === 'warning' && issue.nodeId === 'task-1')).toBe(true);
  });

  it('says nothing when everyone in the ladder exists', () => {
    const ladder: TemplateInput['escalation'] = [
      { at: { relation: 'at' }, action: { kind: 'escalateToAssigneeManager' } },
      { at: { relation: 'at' }, action: { kind: 'escalateToManagersManager' } },
    ];
    const people = [{ ...anna, reportsTo: 'm' }, { ...maria, reportsTo: 'b' }, boss];
    expect(escalationTargetIssues(template(ladder), people, 'm')).toEqual([]);
  });
});
