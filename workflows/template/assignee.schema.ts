import { z } from 'zod';
import { PersonIdSchema, TeamIdSchema, VariableNameSchema } from './identifiers';

/**
 * Who a step goes to: a named person, a team (anyone in it may pick the step up), the person held
 * in a `person` parameter, or whoever started the process (the delegator).
 */
export const AssigneeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), personId: PersonIdSchema }),
  z.object({ kind: z.literal('team'), teamId: TeamIdSchema }),
  z.object({ kind: z.literal('parameter'), name: VariableNameSchema }),
  z.object({ kind: z.literal('starter') }),
]);
export type Assignee = z.infer<typeof AssigneeSchema>;

/** Someone to notify: resolved the same way as an assignee; a team notifies all its members. */
export const RecipientSchema = AssigneeSchema;
export type Recipient = Assignee;

export function describeAssignee(assignee: Assignee): string {
  switch (assignee.kind) {
    case 'person':
      return `person "${assignee.personId}"`;
    case 'team':
      return `team "${assignee.teamId}"`;
    case 'parameter':
      return `the person in parameter "${assignee.name}"`;
    case 'starter':
      return 'the process starter';
  }
}
