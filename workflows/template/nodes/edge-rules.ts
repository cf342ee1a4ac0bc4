import type { IssueCode } from '../validation-issue';

/** An edge as the rules see it: where it goes and which outcome of its source it stands for. */
export interface EdgeEnd {
  id: string;
  target: string;
  outcome?: string | undefined;
}

export interface EdgeRuleInput {
  nodeId: string;
  outgoing: readonly EdgeEnd[];
  incoming: readonly EdgeEnd[];
}

export interface EdgeRuleViolation {
  code: IssueCode;
  severity?: 'error' | 'warning';
  edgeId?: string;
  message: string;
  hint: string;
}

/** Plain flow: exactly one outgoing edge, which carries no outcome. */
export function expectSingleOutgoing(what: string, { nodeId, outgoing }: EdgeRuleInput): EdgeRuleViolation[] {
  if (outgoing.length === 0) {
    return [
      {
        code: 'dead-end',
        message: `${what} "${nodeId}" has no outgoing edge, so the process stops there without finishing.`,
        hint: `Connect "${nodeId}" to the next step, or to an end node if the process is done.`,
      },
    ];
  }
  if (outgoing.length > 1) {
    return [
      {
        code: 'too-many-outgoing',
        edgeId: outgoing[1]?.id,
        message: `${what} "${nodeId}" has ${outgoing.length} outgoing edges but continues along exactly one.`,
        hint: 'To run steps at the same time, put a parallel split after it; to choose a path, put a decision after it.',
      },
    ];
  }
  return [];
}

/**
 * Outgoing edges named by outcome: every required outcome needs exactly one edge, and an edge may
 * only carry an outcome the node can produce.
 */
export function expectOutcomes(
  what: string,
  { nodeId, outgoing }: EdgeRuleInput,
  allowed: readonly string[],
  onMissing: (outcome: string) => EdgeRuleViolation
): EdgeRuleViolation[] {
  if (outgoing.length === 0) {
    return [
      {
        code: 'dead-end',
        message: `${what} "${nodeId}" has no outgoing edges, so the process stops there without finishing.`,
        hint: `Add one edge per outcome (${allowed.map((o) => `"${o}"`).join(', ')}) from "${nodeId}".`,
      },
    ];
  }
  const violations: EdgeRuleViolation[] = [];
  const seen = new Map<string, string>();
  for (const edge of outgoing) {
    if (edge.outcome === undefined || !allowed.includes(edge.outcome)) {
      violations.push({
        code: 'unexpected-outcome',
        edgeId: edge.id,
        message:
          edge.outcome === undefined
            ? `Edge "${edge.id}" leaves ${what} "${nodeId}" without an outcome, so it is never taken.`
            : `Edge "${edge.id}" leaves ${what} "${nodeId}" with outcome "${edge.outcome}", which "${nodeId}" never produces.`,
        hint: `Set the edge's outcome to one of: ${allowed.map((o) => `"${o}"`).join(', ')}.`,
      });
      continue;
    }
    const earlier = seen.get(edge.outcome);
    if (earlier !== undefined) {
      violations.push({
        code: 'duplicate-outcome',
        edgeId: edge.id,
        message: `Edges "${earlier}" and "${edge.id}" both leave ${what} "${nodeId}" for outcome "${edge.outcome}".`,
        hint: `Keep one edge per outcome; to do several things after "${edge.outcome}", add a parallel split.`,
      });
      continue;
    }
    seen.set(edge.outcome, edge.id);
  }
  for (const outcome of allowed) {
    if (!seen.has(outcome)) violations.push(onMissing(outcome));
  }
  return violations;
}
