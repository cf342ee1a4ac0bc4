import { nodeDefinition } from '../nodes/node-registry';
import type { ValidationIssue } from '../validation-issue';
import type { ModelEdge, ModelNode, TemplateModel } from './template-model';

/** Adjacency built once and shared by all checks, so each check is a linear pass. */
export interface Graph {
  byId: Map<string, ModelNode>;
  outgoing: Map<string, ModelEdge[]>;
  incoming: Map<string, ModelEdge[]>;
}

const NONE: readonly ModelEdge[] = [];
const BRANCHING_TYPES = new Set(['approval', 'decision']);

function edgesOf(map: Map<string, ModelEdge[]>, id: string): readonly ModelEdge[] {
  return map.get(id) ?? NONE;
}

function push(map: Map<string, ModelEdge[]>, key: string, edge: ModelEdge): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edge]);
  else list.push(edge);
}

function listIds(ids: readonly string[], limit = 6): string {
  const shown = ids.slice(0, limit).map((id) => `"${id}"`);
  return ids.length > limit ? `${shown.join(', ')} and ${ids.length - limit} more` : shown.join(', ');
}

export function buildGraph(model: TemplateModel, issues: ValidationIssue[]): Graph {
  const byId = new Map<string, ModelNode>();
  for (const node of model.nodes) {
    if (byId.has(node.id)) {
      issues.push({
        code: 'duplicate-node-id',
        severity: 'error',
        nodeId: node.id,
        message: `Two nodes have the id "${node.id}", so edges and deadlines cannot tell them apart.`,
        hint: `Rename one of the "${node.id}" nodes; ids must be unique within a template.`,
      });
      continue;
    }
    byId.set(node.id, node);
  }
  const outgoing = new Map<string, ModelEdge[]>();
  const incoming = new Map<string, ModelEdge[]>();
  const edgeIds = new Set<string>();
  for (const edge of model.edges) {
    if (edgeIds.has(edge.id)) {
      issues.push({
        code: 'duplicate-edge-id',
        severity: 'error',
        edgeId: edge.id,
        message: `Two edges have the id "${edge.id}".`,
        hint: `Rename one of the "${edge.id}" edges; ids must be unique within a template.`,
      });
      continue;
    }
    edgeIds.add(edge.id);
    const missing = [edge.source, edge.target].filter((id) => !byId.has(id));
    if (missing.some((id) => model.brokenNodes.has(id))) continue; // the node's own schema issue explains it
    if (missing.length > 0) {
      issues.push({
        code: 'edge-unknown-node',
        severity: 'error',
        edgeId: edge.id,
        message: `Edge "${edge.id}" connects ${listIds(missing)}, which ${missing.length === 1 ? 'is not a node' : 'are not nodes'} of this template.`,
        hint: `Reconnect edge "${edge.id}" to existing nodes, or delete it.`,
      });
      continue;
    }
    if (edge.source === edge.target) {
      issues.push({
        code: 'self-loop',
        severity: 'error',
        edgeId: edge.id,
        nodeId: edge.source,
        message: `Edge "${edge.id}" leads from "${edge.source}" back to itself, which would repeat it forever.`,
        hint: 'To redo work, loop back from an approval or decision to an earlier step; a reviewer with max rounds handles rework inside a task.',
      });
      continue;
    }
    push(outgoing, edge.source, edge);
    push(incoming, edge.target, edge);
  }
  return { byId, outgoing, incoming };
}

/** Per-node edge rules from the registry (outcomes, counts), plus the graph-wide shape checks. */
export function checkGraph(model: TemplateModel, graph: Graph, issues: ValidationIssue[]): { inCycle: Set<string> } {
  const { byId, outgoing, incoming } = graph;
  const starts: ModelNode[] = [];
  const ends: ModelNode[] = [];
  for (const node of byId.values()) {
    if (node.type === 'start') starts.push(node);
    if (node.type === 'end') ends.push(node);
    const edges = { nodeId: node.id, outgoing: edgesOf(outgoing, node.id), incoming: edgesOf(incoming, node.id) };
    if (node.node !== undefined) {
      for (const violation of nodeDefinition(node.type).checkEdges(node.node.data, edges)) {
        issues.push({ severity: 'error', nodeId: node.id, ...violation });
      }
    } else if (edges.outgoing.length === 0 && node.type !== 'end' && node.type !== 'stage') {
      issues.push({
        code: 'dead-end',
        severity: 'error',
        nodeId: node.id,
        message: `Node "${node.id}" has no outgoing edge, so the process stops there without finishing.`,
        hint: `Connect "${node.id}" to the next step, or to an end node.`,
      });
    }
  }
  if (starts.length === 0) {
    issues.push({
      code: 'no-start',
      severity: 'error',
      message: 'The template has no start node, so it can never begin.',
      hint: 'Add a start node and connect it to the first step.',
    });
  }
  for (const extra of starts.slice(1)) {
    issues.push({
      code: 'multiple-starts',
      severity: 'error',
      nodeId: extra.id,
      message: `Start node "${extra.id}" is a second start; a template has exactly one (the first is "${starts[0]?.id ?? ''}").`,
      hint: `Delete "${extra.id}" and connect its steps after the first start, using a parallel split if they run together.`,
    });
  }
  if (ends.length === 0 && byId.size > 0) {
    issues.push({
      code: 'no-end',
      severity: 'error',
      message: 'The template has no end node, so the process can never finish.',
      hint: 'Add an end node and connect the last step to it.',
    });
  }

  const reachable = walk(
    starts.map((s) => s.id),
    outgoing,
    (edge) => edge.target
  );
  if (starts.length > 0) {
    for (const node of byId.values()) {
      if (node.type === 'stage' || reachable.has(node.id)) continue;
      issues.push({
        code: 'unreachable-node',
        severity: 'error',
        nodeId: node.id,
        message: `Node "${node.id}" cannot be reached from the start, so it never runs.`,
        hint: `Connect an edge into "${node.id}" from a step that runs before it, or delete it.`,
      });
    }
  }
  const reachesEnd = walk(
    ends.map((e) => e.id),
    incoming,
    (edge) => edge.source
  );
  const inCycle = checkCycles(model, graph, reachesEnd, issues);
  checkParents(graph, issues);
  return { inCycle };
}

function walk(from: readonly string[], adjacency: Map<string, ModelEdge[]>, next: (edge: ModelEdge) => string) {
  const seen = new Set<string>(from);
  const queue = [...from];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of edgesOf(adjacency, queue[i] ?? '')) {
      const id = next(edge);
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  return seen;
}

/** Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the stack). */
function stronglyConnected(graph: Graph): string[][] {
  const { byId, outgoing } = graph;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    order.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
  };
  for (const root of byId.keys()) {
    if (order.has(root)) continue;
    visit(root);
    const frames: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { id: string; next: number };
      const edges = edgesOf(outgoing, frame.id);
      if (frame.next < edges.length) {
        const target = (edges[frame.next++] as ModelEdge).target;
        if (!order.has(target)) {
          visit(target);
          frames.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, order.get(target) ?? 0));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === order.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components;
}

/**
 * Back edges are allowed (a rejection sends work back), but every loop needs a way out: an
 * approval or decision whose other outcome leaves the loop. Without a decision in the loop or a
 * task with `maxRounds` (re-entering a task starts its next round), only people end it: a warning.
 */
function checkCycles(model: TemplateModel, graph: Graph, reachesEnd: Set<string>, issues: ValidationIssue[]) {
  const inCycle = new Set<string>();
  const position = new Map(model.nodes.map((node, index) => [node.id, index]));
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    for (const id of component) inCycle.add(id);
    component.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const first = component[0] ?? '';
    let branchingExit = false;
    let bounded = false;
    for (const id of component) {
      const node = graph.byId.get(id);
      if (node === undefined) continue;
      if (node.type === 'decision') bounded = true;
      if (node.node?.type === 'task' && node.node.data.maxRounds !== undefined) bounded = true;
      if (!BRANCHING_TYPES.has(node.type)) continue;
      if (edgesOf(graph.outgoing, id).some((edge) => !members.has(edge.target))) branchingExit = true;
    }
    if (!branchingExit) {
      issues.push({
        code: 'cycle-without-exit',
        severity: 'error',
        nodeId: first,
        message: `Nodes ${listIds(component)} form a loop with no way out: no approval or decision in it leads elsewhere${component.some((id) => reachesEnd.has(id)) ? '' : ', and no end is reachable from it'}.`,
        hint: 'Give the loop an exit: an approval whose "approved" edge, or a decision whose branch, leads out of the loop towards an end.',
      });
    } else if (!bounded) {
      issues.push({
        code: 'cycle-unbounded',
        severity: 'warning',
        nodeId: first,
        message: `Nodes ${listIds(component)} form a loop that repeats for as long as it is rejected; nothing limits the number of rounds.`,
        hint: 'Set maxRounds on a task in the loop, or add a decision that leaves the loop after a number of rounds.',
      });
    }
  }
  return inCycle;
}

function checkParents(graph: Graph, issues: ValidationIssue[]) {
  for (const node of graph.byId.values()) {
    if (node.parentId === undefined) continue;
    const parent = graph.byId.get(node.parentId);
    if (parent === undefined) {
      issues.push({
        code: 'parent-unknown',
        severity: 'error',
        nodeId: node.id,
        message: `Node "${node.id}" belongs to stage "${node.parentId}", which does not exist.`,
        hint: `Move "${node.id}" into an existing stage, or clear its parentId.`,
      });
    } else if (parent.type !== 'stage') {
      issues.push({
        code: 'parent-not-stage',
        severity: 'error',
        nodeId: node.id,
        message: `Node "${node.id}" is placed inside "${parent.id}", which is a ${parent.type}, not a stage.`,
        hint: `Only stages group nodes: move "${node.id}" into a stage, or clear its parentId.`,
      });
    } else if (node.type === 'stage') {
      const seen = new Set<string>([node.id]);
      let current: ModelNode | undefined = parent;
      while (current !== undefined && !seen.has(current.id)) {
        seen.add(current.id);
        current = current.parentId === undefined ? undefined : graph.byId.get(current.parentId);
      }
      if (current?.id === node.id) {
        issues.push({
          code: 'parent-cycle',
          severity: 'error',
          nodeId: node.id,
          message: `Stage "${node.id}" ends up inside itself through its parent stages.`,
          hint: `Clear the parentId of "${node.id}" or of one of its parent stages.`,
        });
      }
    }
  }
}
