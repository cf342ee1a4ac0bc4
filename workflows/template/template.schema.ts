import { z } from 'zod';
import { EscalationLadderSchema } from './escalation.schema';
import { LocalizedTextSchema, NodeIdSchema } from './identifiers';
import { ParameterSchema } from './parameter.schema';
import { ApprovalDataSchema } from './nodes/approval.definition';
import { DecisionDataSchema } from './nodes/decision.definition';
import { EndDataSchema } from './nodes/end.definition';
import { JoinDataSchema } from './nodes/join.definition';
import { NotifyDataSchema } from './nodes/notify.definition';
import { ParallelDataSchema } from './nodes/parallel.definition';
import { StageDataSchema } from './nodes/stage.definition';
import { StartDataSchema } from './nodes/start.definition';
import { SubprocessDataSchema } from './nodes/subprocess.definition';
import { TaskDataSchema } from './nodes/task.definition';
import { WaitDataSchema } from './nodes/wait.definition';
import type { NodeType } from './nodes/node-registry';
import { TemplateLanguageSchema, TemplateTranslationsSchema } from './translations';

export const TEMPLATE_SCHEMA_VERSION = 1;

/** Canvas coordinates; execution ignores them. */
export const PositionSchema = z.object({ x: z.number(), y: z.number() });

// React Flow's node shape, so the designer maps templates to the canvas one to one.
function nodeSchema<Type extends NodeType, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({
    id: NodeIdSchema,
    type: z.literal(type),
    position: PositionSchema,
    /** The stage this node belongs to (React Flow's group convention). */
    parentId: NodeIdSchema.optional(),
    width: z.number().positive().optional(),
    height: z.number().positive().optional(),
    data,
  });
}

export const StartNodeSchema = nodeSchema('start', StartDataSchema);
export const TaskNodeSchema = nodeSchema('task', TaskDataSchema);
export const ApprovalNodeSchema = nodeSchema('approval', ApprovalDataSchema);
export const DecisionNodeSchema = nodeSchema('decision', DecisionDataSchema);
export const ParallelNodeSchema = nodeSchema('parallel', ParallelDataSchema);
export const JoinNodeSchema = nodeSchema('join', JoinDataSchema);
export const WaitNodeSchema = nodeSchema('wait', WaitDataSchema);
export const NotifyNodeSchema = nodeSchema('notify', NotifyDataSchema);
export const SubprocessNodeSchema = nodeSchema('subprocess', SubprocessDataSchema);
export const StageNodeSchema = nodeSchema('stage', StageDataSchema);
export const EndNodeSchema = nodeSchema('end', EndDataSchema);

export const TemplateNodeSchema = z.discriminatedUnion('type', [
  StartNodeSchema,
  TaskNodeSchema,
  ApprovalNodeSchema,
  DecisionNodeSchema,
  ParallelNodeSchema,
  JoinNodeSchema,
  WaitNodeSchema,
  NotifyNodeSchema,
  SubprocessNodeSchema,
  StageNodeSchema,
  EndNodeSchema,
]);
export type TemplateNode = z.infer<typeof TemplateNodeSchema>;
export type TemplateNodeInput = z.input<typeof TemplateNodeSchema>;
export type TemplateNodeOf<Type extends NodeType> = Extract<TemplateNode, { type: Type }>;

export const TemplateEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  /** Which outcome of the source this edge stands for: `approved`/`rejected`, or a decision branch. */
  outcome: z.string().min(1).optional(),
  /** Canvas text; defaults to the outcome in the designer. */
  label: z.string().optional(),
  sourceHandle: z.string().optional(),
  targetHandle: z.string().optional(),
});
export type TemplateEdge = z.infer<typeof TemplateEdgeSchema>;

export const TemplateSchema = z.object({
  schemaVersion: z.literal(TEMPLATE_SCHEMA_VERSION),
  id: z.string().min(1),
  name: z.string().min(1, 'a template needs a name'),
  title: LocalizedTextSchema.optional(),
  description: z.string().optional(),
  /** The language the template's own texts are written in; English when absent. */
  language: TemplateLanguageSchema.optional(),
  /** Its texts in other languages by key (see translations.ts); a reader sees their language, else the default. */
  translations: TemplateTranslationsSchema.optional(),
  /** The business calendar (weekends, holidays, working hours, time zone) deadlines are computed on. */
  calendarId: z.string().min(1, 'a template needs a business calendar, e.g. "pl-warsaw"'),
  /**
   * A client (observer) may start it from the client request form, and an assistant on a client's behalf; its person
   * parameters then take their defaults (a client never names people).
   */
  clientsMayStart: z.boolean().optional(),
  parameters: z.array(ParameterSchema).default([]),
  /** The ladder every human step uses unless it sets its own. */
  escalation: EscalationLadderSchema.default([]),
  nodes: z.array(TemplateNodeSchema),
  edges: z.array(TemplateEdgeSchema),
});
/** A template after parsing: defaults filled in, deadlines in structured form. */
export type Template = z.infer<typeof TemplateSchema>;
/** A template as written (JSON from the designer or a file): deadlines may be text. */
export type TemplateInput = z.input<typeof TemplateSchema>;

export function parseTemplate(input: unknown): Template {
  return TemplateSchema.parse(input);
}
