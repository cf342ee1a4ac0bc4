import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';
import { VariableNameSchema } from '../identifiers';

/** Copies one variable across the parent/child boundary. */
export const VariableMappingSchema = z.object({
  from: VariableNameSchema,
  to: VariableNameSchema,
});
export type VariableMapping = z.infer<typeof VariableMappingSchema>;

export const SubprocessDataSchema = z.object({
  label: z.string().optional(),
  templateId: z.string().min(1, 'a subprocess names the template it runs'),
  /** A published version; pinned so the child never changes under a running parent. */
  version: z.int().min(1),
  /** Parent variable `from` becomes child parameter `to`. */
  input: z.array(VariableMappingSchema).default([]),
  /** Child variable `from` becomes parent variable `to` when the child completes. */
  output: z.array(VariableMappingSchema).default([]),
});
export type SubprocessData = z.infer<typeof SubprocessDataSchema>;

export const subprocessNode = defineNode(
  'subprocess',
  SubprocessDataSchema
)({
  label: 'Subprocess',
  description: 'Runs another published template as a child process and waits for it to finish.',
  defaults: () => ({ templateId: '', version: 1 }),
  outcomes: () => [],
  checkEdges: (_data, edges) => expectSingleOutgoing('Subprocess', edges),
});
