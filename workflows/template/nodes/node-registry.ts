import type { EdgeRuleInput, EdgeRuleViolation } from './edge-rules';
import { approvalNode } from './approval.definition';
import { decisionNode } from './decision.definition';
import { endNode } from './end.definition';
import { joinNode } from './join.definition';
import { notifyNode } from './notify.definition';
import { parallelNode } from './parallel.definition';
import { stageNode } from './stage.definition';
import { startNode } from './start.definition';
import { subprocessNode } from './subprocess.definition';
import { taskNode } from './task.definition';
import { waitNode } from './wait.definition';

/** One key per node type, used by the schema, the validator, the designer's palette and the interpreter. */
export const nodeRegistry = {
  start: startNode,
  task: taskNode,
  approval: approvalNode,
  decision: decisionNode,
  parallel: parallelNode,
  join: joinNode,
  wait: waitNode,
  notify: notifyNode,
  subprocess: subprocessNode,
  stage: stageNode,
  end: endNode,
} as const;

export type NodeRegistry = typeof nodeRegistry;
export type NodeType = keyof NodeRegistry;
export const NODE_TYPES = Object.keys(nodeRegistry) as NodeType[];

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && Object.hasOwn(nodeRegistry, value);
}

/** A node definition seen without its concrete data type, for code that dispatches on the registry key. */
export interface AnyNodeDefinition {
  type: NodeType;
  label: string;
  description: string;
  outcomes: (data: unknown) => readonly string[];
  checkEdges: (data: unknown, edges: EdgeRuleInput) => EdgeRuleViolation[];
}

export function nodeDefinition(type: NodeType): AnyNodeDefinition {
  // Safe because callers pass the data of a node whose `type` is this key, which the schema guarantees.
  return nodeRegistry[type] as unknown as AnyNodeDefinition;
}

/** A new node of the given type with its default data, as the designer's palette drops it. */
export function createNode<Type extends NodeType>(
  type: Type,
  id: string,
  position: { x: number; y: number }
): { id: string; type: Type; position: { x: number; y: number }; data: ReturnType<NodeRegistry[Type]['defaults']> } {
  // TypeScript cannot correlate the registry entry with `Type`; the key makes them the same entry.
  return { id, type, position, data: nodeRegistry[type].defaults() as ReturnType<NodeRegistry[Type]['defaults']> };
}
