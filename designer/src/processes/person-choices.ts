import type { TemplateInput } from '../../../workflows/template';

type WorkRole = 'assistant' | 'manager';

/**
 * Who may be picked for a person parameter: the roles that do what the template asks of that person. A task's
 * assignee is an assistant; a reviewer or approver is a manager; a parameter used otherwise (or not at all) may
 * be either. Admins and observers never do the work, so they are never offered.
 */
export function rolesForPersonParameter(template: Pick<TemplateInput, 'nodes'>, name: string): readonly WorkRole[] {
  const roles = new Set<WorkRole>();
  const isThis = (assignee: unknown) =>
    typeof assignee === 'object' &&
    assignee !== null &&
    (assignee as { kind?: unknown }).kind === 'parameter' &&
    (assignee as { name?: unknown }).name === name;
  for (const node of template.nodes) {
    const data = node.data as Record<string, unknown>;
    if (node.type === 'task' && isThis(data.assignee)) roles.add('assistant');
    if (isThis(data.reviewer) || isThis(data.approver)) roles.add('manager');
    if (isThis(data.recipient)) (['assistant', 'manager'] as const).forEach((role) => roles.add(role));
  }
  return roles.size === 0 ? ['assistant', 'manager'] : [...roles];
}
