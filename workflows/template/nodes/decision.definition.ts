import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectOutcomes } from './edge-rules';

const OutcomeNameSchema = z.string().min(1, 'an outcome needs a name');

/** A JSON-logic rule over process variables, e.g. `{ ">": [{ "var": "budget" }, 10000] }`. */
export const ConditionSchema = z.json();

export const DecisionBranchSchema = z.object({
  outcome: OutcomeNameSchema,
  condition: ConditionSchema,
});
export type DecisionBranch = z.infer<typeof DecisionBranchSchema>;

export const DecisionDataSchema = z
  .object({
    label: z.string().optional(),
    /** Checked in order; the first branch whose condition holds wins. */
    branches: z.array(DecisionBranchSchema).min(1, 'a decision needs at least one conditional branch'),
    /** Taken when no condition holds. */
    defaultOutcome: OutcomeNameSchema.default('otherwise'),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>([data.defaultOutcome]);
    data.branches.forEach((branch, index) => {
      if (seen.has(branch.outcome)) {
        ctx.addIssue({
          code: 'custom',
          path: ['branches', index, 'outcome'],
          message: `outcome "${branch.outcome}" is used twice (or equals the default outcome); each branch needs its own name`,
        });
      }
      seen.add(branch.outcome);
    });
  });
export type DecisionData = z.infer<typeof DecisionDataSchema>;

function decisionOutcomes(data: DecisionData): string[] {
  return [...data.branches.map((branch) => branch.outcome), data.defaultOutcome];
}

export const decisionNode = defineNode(
  'decision',
  DecisionDataSchema
)({
  label: 'Decision',
  description: 'Takes the first branch whose condition on the process variables holds, else the default.',
  defaults: () => ({ branches: [{ outcome: 'yes', condition: true }], defaultOutcome: 'otherwise' }),
  outcomes: decisionOutcomes,
  checkEdges: (data, edges) =>
    expectOutcomes('Decision', edges, decisionOutcomes(data), (outcome) =>
      outcome === data.defaultOutcome
        ? {
            code: 'decision-no-default',
            message: `Decision "${edges.nodeId}" has no default edge (outcome "${outcome}"), so it gets stuck when no condition holds.`,
            hint: `Add an edge from "${edges.nodeId}" with outcome "${outcome}" for the case where no condition holds.`,
          }
        : {
            code: 'missing-outcome',
            message: `Decision "${edges.nodeId}" has a branch "${outcome}" but no edge for it.`,
            hint: `Add an edge from "${edges.nodeId}" with outcome "${outcome}", or remove that branch.`,
          }
    ),
});
