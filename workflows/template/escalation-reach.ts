import type { Assignee } from './assignee.schema';
import type { EscalationAction, EscalationLadder } from './escalation.schema';
import type { TemplateInput } from './template.schema';

/** The link of the org chart an escalation rung needs and that is missing. */
export type MissingLink = 'assigneeManager' | 'deputy' | 'delegatorManager';

/** A rung that cannot reach the level it names, for the people a process (or a draft) would have. */
export interface UnreachedRung {
  nodeId: string;
  /** 1-based, as a manager counts the ladder's rungs. */
  rung: number;
  missing: MissingLink;
  /** Whose manager or deputy is missing (a person id). */
  person: string;
}

/** Who reports to whom and who stands in for whom: person id → person id. */
export interface OrgLinks {
  readonly managers: Readonly<Record<string, string>>;
  readonly deputies: Readonly<Record<string, string>>;
}

/**
 * The escalation rungs of every step with a deadline that, with the org chart as it is, cannot reach the level they
 * name: the assignee (of a task; the approver of an approval) reports to nobody, has no deputy, or the delegator
 * (the step's reviewer, else the starter) reports to nobody. At run time such a rung walks up to the next person
 * who exists (and a missing deputy leaves the step where it is); this names the missing link beforehand.
 * `resolve` gives the person an assignee means (undefined when it cannot be known, e.g. a team).
 */
export function unreachedRungs(
  template: Pick<TemplateInput, 'nodes' | 'escalation'>,
  org: OrgLinks,
  resolve: (assignee: Assignee | undefined) => string | undefined,
  starter: string | undefined
): UnreachedRung[] {
  const found: UnreachedRung[] = [];
  for (const node of template.nodes) {
    if (node.type !== 'task' && node.type !== 'approval') continue;
    const data = node.data as {
      escalation?: EscalationLadder;
      assignee?: Assignee;
      approver?: Assignee;
      reviewer?: Assignee;
      due?: unknown;
    };
    if (data.due === undefined) continue;
    const ladder = data.escalation ?? template.escalation ?? [];
    const doer = resolve(node.type === 'task' ? data.assignee : data.approver);
    const delegator = (data.reviewer ? resolve(data.reviewer) : undefined) ?? starter;
    ladder.forEach((rung, index) => {
      const add = (missing: MissingLink, person: string) =>
        found.push({ nodeId: node.id, rung: index + 1, missing, person });
      const kind = rung.action.kind;
      if (kind === 'escalateToAssigneeManager' && doer !== undefined && org.managers[doer] === undefined)
        add('assigneeManager', doer);
      if (kind === 'reassignToDeputy' && doer !== undefined && org.deputies[doer] === undefined) add('deputy', doer);
      if (kind === 'escalateToManagersManager' && delegator !== undefined && org.managers[delegator] === undefined)
        add('delegatorManager', delegator);
      if (rung.action.kind === 'escalateUp') {
        const anchor = rung.action.from === 'assignee' ? doer : delegator;
        const reached = anchor === undefined ? undefined : levelsUp((p) => org.managers[p], anchor, rung.action.levels);
        if (anchor !== undefined && (reached === undefined || reached.missing))
          add(rung.action.from === 'assignee' ? 'assigneeManager' : 'delegatorManager', anchor);
      }
    });
  }
  return found;
}

/**
 * Who `levels` managers above `anchor` is, walking up one reporting line. When the line ends sooner, the highest
 * person on it is taken and `missing` says so (the rung "walks up to the next person who exists", from the top);
 * when the anchor reports to nobody there is nobody above it: undefined.
 */
export function levelsUp(
  managers: (person: string) => string | undefined,
  anchor: string,
  levels: number
): { person: string; missing: boolean } | undefined {
  let current = anchor;
  const seen = new Set([anchor]);
  for (let level = 0; level < levels; level += 1) {
    const next = managers(current);
    if (next === undefined || seen.has(next)) {
      return current === anchor ? undefined : { person: current, missing: true };
    }
    seen.add(next);
    current = next;
  }
  return { person: current, missing: false };
}

/**
 * Whom a rung reaches for the people a step would have, by the rules the engine follows (a missing level walks up):
 * for the designer to name the person under each rung. Undefined when it cannot be known before the process runs (a
 * person in a parameter, a team) or the rung reaches nobody (raising the priority, no deputy).
 */
export function rungTarget(
  action: EscalationAction,
  doer: string | undefined,
  delegator: string | undefined,
  org: OrgLinks
): string | undefined {
  const manager = (person: string | undefined) => (person === undefined ? undefined : org.managers[person]);
  switch (action.kind) {
    case 'remindAssignee':
      return doer;
    case 'notify':
      return action.recipient.kind === 'person'
        ? action.recipient.personId
        : action.recipient.kind === 'starter'
          ? delegator
          : undefined;
    case 'escalateToDelegator':
      return delegator;
    case 'escalateToAssigneeManager':
      return doer === undefined ? undefined : (manager(doer) ?? manager(delegator) ?? delegator);
    case 'escalateToManagersManager':
      return manager(delegator) ?? delegator;
    case 'escalateUp': {
      const anchor = action.from === 'assignee' ? doer : delegator;
      if (anchor === undefined) return undefined;
      return (
        levelsUp((person) => org.managers[person], anchor, action.levels)?.person ?? manager(delegator) ?? delegator
      );
    }
    case 'reassignToDeputy':
      return doer === undefined ? undefined : org.deputies[doer];
    case 'reassignTo':
      return action.personId;
    case 'raisePriority':
      return undefined;
  }
}
