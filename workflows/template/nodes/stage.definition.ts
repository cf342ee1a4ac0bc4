import { z } from 'zod';
import { defineNode } from './node-definition';
import { DeadlineFieldSchema } from '../deadline-field';

/** A group of nodes (they point at it with `parentId`) with its own deadline and status. */
export const StageDataSchema = z.object({
  title: z.string().min(1, 'a stage needs a title'),
  description: z.string().optional(),
  due: DeadlineFieldSchema.optional(),
  /** When the stage's steps may open (e.g. 4 weeks before the event); reached earlier, they wait for it. */
  start: DeadlineFieldSchema.optional(),
});
export type StageData = z.infer<typeof StageDataSchema>;

export const stageNode = defineNode(
  'stage',
  StageDataSchema
)({
  label: 'Stage',
  description:
    'Groups steps into a phase with its own start and deadline; steps join it by being placed inside and open no ' +
    'earlier than the stage starts.',
  defaults: () => ({ title: 'New stage' }),
  outcomes: () => [],
  // A stage is a container, not a step: flow runs between its children.
  checkEdges: (_data, { nodeId, incoming, outgoing }) =>
    [...incoming, ...outgoing].map((edge) => ({
      code: 'edge-to-stage' as const,
      edgeId: edge.id,
      message: `Edge "${edge.id}" connects stage "${nodeId}", but a stage is a group, not a step.`,
      hint: `Connect the edge to a step inside stage "${nodeId}" instead.`,
    })),
});
