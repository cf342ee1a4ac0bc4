import { isNodeType } from '../nodes/node-registry';
import type { NodeType } from '../nodes/node-registry';
import type { EscalationLadder } from '../escalation.schema';
import { ParameterSchema } from '../parameter.schema';
import type { Parameter } from '../parameter.schema';
import { TemplateNodeSchema } from '../template.schema';
import type { Template, TemplateNode } from '../template.schema';
import { EscalationLadderSchema } from '../escalation.schema';

export interface ModelNode {
  id: string;
  type: NodeType;
  parentId: string | undefined;
  /** The parsed node, or undefined when its data failed the schema (graph checks still see it). */
  node: TemplateNode | undefined;
}

export interface ModelEdge {
  id: string;
  source: string;
  target: string;
  outcome: string | undefined;
}

/** What the semantic checks look at: as much of the template as parsed. */
export interface TemplateModel {
  nodes: ModelNode[];
  edges: ModelEdge[];
  parameters: Parameter[];
  /** Names of parameters that failed the schema: known to exist, so references to them are not flagged. */
  brokenParameters: Set<string>;
  /** Ids of nodes whose type is unknown: kept out of the graph, but edges to them are not flagged again. */
  brokenNodes: Set<string>;
  escalation: EscalationLadder;
}

export function modelFromTemplate(template: Template): TemplateModel {
  return {
    nodes: template.nodes.map((node) => ({ id: node.id, type: node.type, parentId: node.parentId, node })),
    edges: template.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      outcome: edge.outcome,
    })),
    parameters: template.parameters,
    brokenParameters: new Set(),
    brokenNodes: new Set(),
    escalation: template.escalation,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Salvages a template that failed the schema so the graph checks can still explain the rest:
 * parts that parse on their own are kept, a node whose data is wrong keeps its place in the graph.
 */
export function modelFromInput(input: unknown): TemplateModel {
  const raw = record(input) ?? {};
  const nodes: ModelNode[] = [];
  const brokenNodes = new Set<string>();
  for (const item of list(raw.nodes)) {
    const fields = record(item);
    if (fields === undefined || typeof fields.id !== 'string') continue;
    if (!isNodeType(fields.type)) {
      brokenNodes.add(fields.id);
      continue;
    }
    const parsed = TemplateNodeSchema.safeParse(item);
    nodes.push({
      id: fields.id,
      type: fields.type,
      parentId: optionalString(fields.parentId),
      node: parsed.success ? parsed.data : undefined,
    });
  }
  const edges: ModelEdge[] = [];
  for (const item of list(raw.edges)) {
    const fields = record(item);
    if (fields === undefined) continue;
    const { id, source, target } = fields;
    if (typeof id !== 'string' || typeof source !== 'string' || typeof target !== 'string') continue;
    edges.push({ id, source, target, outcome: optionalString(fields.outcome) });
  }
  const parameters: Parameter[] = [];
  const brokenParameters = new Set<string>();
  for (const item of list(raw.parameters)) {
    const parsed = ParameterSchema.safeParse(item);
    if (parsed.success) parameters.push(parsed.data);
    else {
      const name = record(item)?.name;
      if (typeof name === 'string') brokenParameters.add(name);
    }
  }
  const escalation = EscalationLadderSchema.safeParse(raw.escalation ?? []);
  return {
    nodes,
    edges,
    parameters,
    brokenParameters,
    brokenNodes,
    escalation: escalation.success ? escalation.data : [],
  };
}
