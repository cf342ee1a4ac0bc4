import { unreachedRungs, type TemplateInput, type ValidationIssue } from '../../../workflows/template';

export interface OrgPerson {
  id: string;
  name: string;
  reportsTo: string | null;
  deputyId: string | null;
}

/**
 * Escalation rungs that cannot reach the level they name with the org chart as it is now: the assignee reports to
 * nobody or has no deputy, or the manager designing it (who will start it and so be the delegator, unless a reviewer
 * is named) reports to nobody. Warnings, since the chart may change before the rung fires; each names the person and
 * the rung in `params`.
 */
export function escalationTargetIssues(
  template: Pick<TemplateInput, 'nodes' | 'escalation'>,
  people: readonly OrgPerson[],
  me: string | undefined
): ValidationIssue[] {
  const byId = new Map(people.map((person) => [person.id, person]));
  const org = { managers: {} as Record<string, string>, deputies: {} as Record<string, string> };
  for (const person of people) {
    if (person.reportsTo) org.managers[person.id] = person.reportsTo;
    if (person.deputyId) org.deputies[person.id] = person.deputyId;
  }
  // Only people the designer knows are checked: a parameter or a team is filled in when the process starts.
  const resolve = (assignee: { kind: string; personId?: string } | undefined) =>
    assignee?.kind === 'person' && assignee.personId && byId.has(assignee.personId)
      ? assignee.personId
      : assignee?.kind === 'starter'
        ? me
        : undefined;
  return unreachedRungs(template, org, resolve, me && byId.has(me) ? me : undefined).map((unreached) => {
    const person = byId.get(unreached.person)?.name ?? '';
    return {
      code: 'escalation-target-missing',
      severity: 'warning',
      nodeId: unreached.nodeId,
      message: `Rung ${unreached.rung} of "${unreached.nodeId}" cannot reach its level: ${person} has no ${unreached.missing}.`,
      hint: 'Set it in Admin, or change the rung.',
      params: { kind: unreached.missing, person, rung: unreached.rung },
    };
  });
}
