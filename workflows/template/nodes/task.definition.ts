import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';
import { AssigneeSchema } from '../assignee.schema';
import { DeadlineFieldSchema } from '../deadline-field';
import { EscalationLadderSchema } from '../escalation.schema';
import { VariableNameSchema } from '../identifiers';
import { ChoiceOptionSchema, PARAMETER_TYPES } from '../parameter.schema';
import { DEFAULT_PRIORITY, PrioritySchema } from '../priority.schema';
import { SENSITIVE_KINDS } from '../sensitive';

export const ChecklistItemSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  required: z.boolean().default(false),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** What a form field holds: a parameter's types, or files (uploaded, each named by id, name, size and type). */
export const FORM_FIELD_TYPES = [...PARAMETER_TYPES, 'file'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** A field the assignee fills in when submitting; its value becomes the process variable `name`. */
export const FormFieldSchema = z
  .object({
    name: VariableNameSchema,
    label: z.string().min(1),
    type: z.enum(FORM_FIELD_TYPES),
    /** A file field: how many files at most (ten by default), how large each, which types (`image/*`, `.pdf`). */
    maxFiles: z.int().min(1).max(20).optional(),
    maxMegabytes: z.number().positive().max(2048).optional(),
    accept: z
      .array(z.string().regex(/^(\.[\w-]+|[\w.+-]+\/(\*|[\w.+-]+))$/))
      .max(20)
      .optional(),
    required: z.boolean().default(false),
    options: z.array(ChoiceOptionSchema).optional(),
    /**
     * Bank account (IBAN), card number or password/credential: the value is kept apart for the assignee and reviewer
     * and every record (audit, notices, reports) carries a mask (see ../sensitive.ts).
     */
    sensitive: z.enum(SENSITIVE_KINDS).optional(),
  })
  .refine((field) => field.type !== 'choice' || (field.options?.length ?? 0) > 0, {
    message: 'a choice field needs at least one option',
    path: ['options'],
  });
export type FormField = z.infer<typeof FormFieldSchema>;

export const TaskDataSchema = z
  .object({
    title: z.string().min(1, 'a task needs a title'),
    /** Markdown; links to documents and walkthrough videos go here. */
    instructions: z.string().default(''),
    assignee: AssigneeSchema,
    /** Verifies the result: approve, or return it with comments for another round (the delegation cycle). */
    reviewer: AssigneeSchema.optional(),
    /** Most rounds the reviewer may start by returning the work; only meaningful with a reviewer. */
    maxRounds: z.int().min(1).max(100).optional(),
    due: DeadlineFieldSchema.optional(),
    /** Replaces the template's default ladder for this step; `[]` turns escalation off. */
    escalation: EscalationLadderSchema.optional(),
    priority: PrioritySchema.default(DEFAULT_PRIORITY),
    checklist: z.array(ChecklistItemSchema).default([]),
    form: z.array(FormFieldSchema).default([]),
    /** Whether the assignee may pause the clock by asking someone for a decision. */
    allowDecisionRequests: z.boolean().default(true),
  })
  .superRefine((data, ctx) => {
    const repeated = (values: readonly string[], what: string, path: string, key: string) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value)) {
          ctx.addIssue({ code: 'custom', path: [path, index, key], message: `${what} "${value}" appears twice` });
        }
        seen.add(value);
      });
    };
    repeated(
      data.form.map((field) => field.name),
      'form field',
      'form',
      'name'
    );
    repeated(
      data.checklist.map((item) => item.id),
      'checklist item',
      'checklist',
      'id'
    );
  });
export type TaskData = z.infer<typeof TaskDataSchema>;

export const taskNode = defineNode(
  'task',
  TaskDataSchema
)({
  label: 'Task',
  description: 'A human step with an assignee, a due date, and optionally a reviewer who may return it for rework.',
  defaults: () => ({ title: 'New task', assignee: { kind: 'starter' } }),
  outcomes: () => [],
  checkEdges: (_data, edges) => expectSingleOutgoing('Task', edges),
});
