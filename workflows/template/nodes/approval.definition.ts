import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectOutcomes } from './edge-rules';
import { AssigneeSchema } from '../assignee.schema';
import { DeadlineFieldSchema } from '../deadline-field';
import { EscalationLadderSchema } from '../escalation.schema';
import { DEFAULT_PRIORITY, PrioritySchema } from '../priority.schema';

export const APPROVAL_OUTCOMES = ['approved', 'rejected'] as const;
export type ApprovalOutcome = (typeof APPROVAL_OUTCOMES)[number];

export const ApprovalDataSchema = z.object({
  title: z.string().min(1, 'an approval needs a title'),
  instructions: z.string().default(''),
  approver: AssigneeSchema.default({ kind: 'starter' }),
  due: DeadlineFieldSchema.optional(),
  escalation: EscalationLadderSchema.optional(),
  priority: PrioritySchema.default(DEFAULT_PRIORITY),
  /** A rejection must say why, so the work that goes back can be fixed. */
  commentRequiredOnReject: z.boolean().default(true),
});
export type ApprovalData = z.infer<typeof ApprovalDataSchema>;

export const approvalNode = defineNode(
  'approval',
  ApprovalDataSchema
)({
  label: 'Approval',
  description: 'Someone approves or rejects with a comment; one edge per outcome.',
  defaults: () => ({ title: 'Approve', approver: { kind: 'starter' } }),
  outcomes: () => APPROVAL_OUTCOMES,
  checkEdges: (_data, edges) =>
    expectOutcomes('Approval', edges, APPROVAL_OUTCOMES, (outcome) => ({
      code: 'approval-outcome-missing',
      message: `Approval "${edges.nodeId}" has no edge for outcome "${outcome}", so the process would stop when it is ${outcome}.`,
      hint:
        outcome === 'rejected'
          ? `Add an edge with outcome "rejected" from "${edges.nodeId}", e.g. back to the step that prepares the work, or to an end.`
          : `Add an edge with outcome "approved" from "${edges.nodeId}" to the next step.`,
    })),
});
