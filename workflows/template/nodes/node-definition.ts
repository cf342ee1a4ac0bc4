import type { z } from 'zod';
import type { EdgeRuleInput, EdgeRuleViolation } from './edge-rules';

/**
 * Everything the process language knows about one node type, under its registry key. The designer
 * adds the view (palette icon, renderer) and the interpreter the behaviour, both keyed the same way.
 */
export interface NodeDefinition<Type extends string, Schema extends z.ZodType> {
  type: Type;
  /** Palette name. */
  label: string;
  /** One line for the palette tooltip. */
  description: string;
  dataSchema: Schema;
  /** Data for a node freshly dropped on the canvas. */
  defaults: () => z.input<Schema>;
  /** Outcomes this node can produce, each naming one outgoing edge; empty for plain flow. */
  outcomes: (data: z.output<Schema>) => readonly string[];
  /** Checks the node's edges against its rules; every violation explains itself. */
  checkEdges: (data: z.output<Schema>, edges: EdgeRuleInput) => EdgeRuleViolation[];
}

/** Curried so the data schema fixes the types before the defaults and rules are checked against it. */
export function defineNode<Type extends string, Schema extends z.ZodType>(type: Type, dataSchema: Schema) {
  return (rest: Omit<NodeDefinition<Type, Schema>, 'type' | 'dataSchema'>): NodeDefinition<Type, Schema> => ({
    type,
    dataSchema,
    ...rest,
  });
}
