import type { EscalationLadder, TemplateInput, ValidationIssue } from '../../../workflows/template';

export interface OrgPerson {
  id: string;
  name: string;
  reportsTo: string | null;
  deputyId: string | null;
}

type Missing = 'assigneeManager' | 'deputy' | 'delegatorManager';

/**
 * Escalation rungs that would reach nobody with the org chart as it is now: the assignee reports to nobody or has
 * no deputy, or the manager designing it (who will start it and so be the delegator) reports to nobody. Warnings,
 * since the chart may change before the rung fires; each names the person and the rung in `params`.
 */
export function escalationTargetIssues(
  template: Pick<TemplateInput, 'nodes' | 'escalation'>,
  people: readonly OrgPerson[],
  me: string | undefined
): ValidationIssue[] {
  const byId = new Map(people.map((person) => [person.id, person]));
  const issues: ValidationIssue[] = [];
  const warn = (nodeId: string, kind: Missing, person: OrgPerson, rung: number) =>
    issues.push({
      code: 'escalation-target-missing',
      severity: 'warning',
      nodeId,
      message: `Rung ${rung} of "${nodeId}" reaches nobody: ${person.name} has no ${kind}.`,
      hint: 'Set it in Admin, or change the rung.',
      params: { kind, person: person.name, rung },
    });
  for (const node of template.nodes) {
    if (node.type !== 'task' && node.type !== 'approval') continue;
    const data = node.data as { escalation?: EscalationLadder; assignee?: unknown; approver?: unknown; due?: unknown };
    if (data.due === undefined) continue;
    const ladder = data.escalation ?? template.escalation ?? [];
    const doer = (node.type === 'task' ? data.assignee : data.approver) as
      { kind?: string; personId?: string } | undefined;
    const assignee = doer?.kind === 'person' && doer.personId ? byId.get(doer.personId) : undefined;
    const delegator = me === undefined ? undefined : byId.get(me);
    ladder.forEach((rung, index) => {
      const number = index + 1;
      if (rung.action.kind === 'escalateToAssigneeManager' && assignee && !assignee.reportsTo) {
        warn(node.id, 'assigneeManager', assignee, number);
      }
      if (rung.action.kind === 'reassignToDeputy' && assignee && !assignee.deputyId) {
        warn(node.id, 'deputy', assignee, number);
      }
      if (rung.action.kind === 'escalateToManagersManager' && delegator && !delegator.reportsTo) {
        warn(node.id, 'delegatorManager', delegator, number);
      }
    });
  }
  return issues;
}
