import { isNodeType } from '../nodes/node-registry';
import type { NodeType } from '../nodes/node-registry';
import type { EscalationLadder } from '../escalation.schema';
import { ParameterSchema } from '../parameter.schema';
import type { Parameter } from '../parameter.schema';
import { TemplateEdgeSchema, TemplateNodeSchema, TemplateSchema } from '../template.schema';
import type { TemplateNode } from '../template.schema';
import { z } from 'zod';

type ZodIssue = z.core.$ZodIssue;
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

// The template with its lists left unparsed, so each node, edge and parameter can be parsed on its own.
const TemplateEnvelopeSchema = TemplateSchema.extend({
  parameters: z.array(z.unknown()).default([]),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
});

function prefixed(issues: readonly ZodIssue[], prefix: readonly PropertyKey[]): ZodIssue[] {
  return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }) as ZodIssue);
}

/**
 * Parses a template part by part (one pass, same rules as `TemplateSchema`), so that when some part
 * is wrong the graph checks can still explain the rest: parts that parse are kept, and a node whose
 * data is wrong keeps its place in the graph.
 */
export function parseTemplateParts(input: unknown): { model: TemplateModel; zodIssues: ZodIssue[] } {
  const zodIssues: ZodIssue[] = [];
  const envelope = TemplateEnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    // Lists that are not arrays are reported here; their items are then not looked at.
    zodIssues.push(...envelope.error.issues);
  }
  const raw = record(input) ?? {};

  const nodes: ModelNode[] = [];
  const brokenNodes = new Set<string>();
  list(raw.nodes).forEach((item, index) => {
    const parsed = TemplateNodeSchema.safeParse(item);
    if (parsed.success) {
      const node = parsed.data;
      nodes.push({ id: node.id, type: node.type, parentId: node.parentId, node });
      return;
    }
    zodIssues.push(...prefixed(parsed.error.issues, ['nodes', index]));
    const fields = record(item);
    if (fields === undefined || typeof fields.id !== 'string') return;
    if (!isNodeType(fields.type)) {
      brokenNodes.add(fields.id);
      return;
    }
    nodes.push({ id: fields.id, type: fields.type, parentId: optionalString(fields.parentId), node: undefined });
  });

  const edges: ModelEdge[] = [];
  list(raw.edges).forEach((item, index) => {
    const parsed = TemplateEdgeSchema.safeParse(item);
    if (!parsed.success) zodIssues.push(...prefixed(parsed.error.issues, ['edges', index]));
    const fields = parsed.success ? parsed.data : record(item);
    if (fields === undefined) return;
    const { id, source, target } = fields;
    if (typeof id !== 'string' || typeof source !== 'string' || typeof target !== 'string') return;
    edges.push({ id, source, target, outcome: optionalString(fields.outcome) });
  });

  const parameters: Parameter[] = [];
  const brokenParameters = new Set<string>();
  list(raw.parameters).forEach((item, index) => {
    const parsed = ParameterSchema.safeParse(item);
    if (parsed.success) {
      parameters.push(parsed.data);
      return;
    }
    zodIssues.push(...prefixed(parsed.error.issues, ['parameters', index]));
    const name = record(item)?.name;
    if (typeof name === 'string') brokenParameters.add(name);
  });

  let escalation: EscalationLadder = [];
  if (envelope.success) escalation = envelope.data.escalation;
  else {
    const ladder = EscalationLadderSchema.safeParse(raw.escalation ?? []);
    if (ladder.success) escalation = ladder.data;
  }
  return { model: { nodes, edges, parameters, brokenParameters, brokenNodes, escalation }, zodIssues };
}
