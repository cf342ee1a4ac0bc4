import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import { nodeRegistry, type NodeType, type ValidationIssue } from '../../../workflows/template';
import {
  canvasToTemplate,
  parentsFirst,
  templateToCanvas,
  type CanvasEdge,
  type CanvasGraph,
  type CanvasNode,
  type OutcomeEdgeData,
  type TemplateMeta,
} from './template-canvas.mapping';
import type { TemplateInput } from '../../../workflows/template';
import { boxOf, freeSpot, placeNew, titleData } from './placement';

const HISTORY_LIMIT = 100;
const EDIT_MERGE_MS = 800;

interface Snapshot {
  meta: TemplateMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export interface DesignerState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  clipboard: { nodes: CanvasNode[]; edges: CanvasEdge[] } | undefined;
  /** Latest validation of the template on the canvas, errors first. */
  issues: ValidationIssue[];
  /** The same issues by the node they are about (an issue on an edge is not its node's), for the node cards. */
  issuesByNode: ReadonlyMap<string, readonly ValidationIssue[]>;
  /** How many issues each edge has, for the edges. */
  issueCountByEdge: ReadonlyMap<string, number>;
  /** How many templates have been loaded over the one the store began with: a new drawing, not an edit. */
  loads: number;

  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<CanvasEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  /** Call before a gesture that changes the graph in many small steps (a drag), so undo restores its start. */
  recordHistory: () => void;
  /** `typeName` titles the node in the reader's language ("Task 2"). */
  addNode: (type: NodeType, position: XYPosition, typeName?: string) => string;
  /** A palette click: the new node beside the selected one (or after the last step), wired in (see placeNew). */
  addNodeNext: (type: NodeType, typeName?: string) => string;
  updateNodeData: (id: string, data: CanvasNode['data']) => void;
  updateEdgeData: (id: string, data: OutcomeEdgeData) => void;
  updateMeta: (meta: TemplateMeta) => void;
  /** After a drag: steps dropped inside a stage join it, steps dragged out of their stage leave it. */
  reparent: (ids: readonly string[]) => void;
  setPositions: (layout: Map<string, { position: XYPosition; width?: number; height?: number }>) => void;
  select: (ids: { nodeId?: string; edgeId?: string }) => void;
  deleteSelected: () => void;
  copySelection: () => void;
  paste: () => void;
  undo: () => void;
  redo: () => void;
  load: (template: TemplateInput) => void;
  setIssues: (issues: ValidationIssue[]) => void;
  toTemplate: () => TemplateInput;
}

export type DesignerStore = ReturnType<typeof createDesignerStore>;

const nodeIndexes = new WeakMap<readonly CanvasNode[], ReadonlyMap<string, CanvasNode>>();

/**
 * The nodes by id, built once per nodes array and shared by every caller, so 500 cards looking up their stage on
 * each move of a drag cost one map, not 500 searches of 500 nodes.
 */
export function nodeIndex(nodes: readonly CanvasNode[]): ReadonlyMap<string, CanvasNode> {
  let index = nodeIndexes.get(nodes);
  if (!index) {
    index = new Map(nodes.map((node) => [node.id, node]));
    nodeIndexes.set(nodes, index);
  }
  return index;
}

function indexIssues(issues: readonly ValidationIssue[]) {
  const issuesByNode = new Map<string, ValidationIssue[]>();
  const issueCountByEdge = new Map<string, number>();
  for (const issue of issues) {
    if (issue.edgeId !== undefined) {
      issueCountByEdge.set(issue.edgeId, (issueCountByEdge.get(issue.edgeId) ?? 0) + 1);
    } else if (issue.nodeId !== undefined) {
      const own = issuesByNode.get(issue.nodeId);
      if (own) own.push(issue);
      else issuesByNode.set(issue.nodeId, [issue]);
    }
  }
  return { issuesByNode, issueCountByEdge };
}

/** Fresh ids readable in deadline anchors (`task-3.done`): the type and the first free number. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A freshly dropped node of a registry type: its defaults, placed inside a stage when dropped on one. */
export function createCanvasNode(
  type: NodeType,
  id: string,
  position: XYPosition,
  overrides?: Partial<CanvasNode['data']>
): CanvasNode {
  const data = { ...nodeRegistry[type].defaults(), ...overrides };
  return { id, type, position, data, ...(type === 'stage' ? { width: 400, height: 260 } : {}) } as CanvasNode;
}

/** The top-level stage whose frame holds a canvas point, so a step dropped there joins it. */
export function stageAt(nodes: readonly CanvasNode[], point: XYPosition): CanvasNode | undefined {
  return nodes.findLast((node) => {
    if (node.type !== 'stage' || node.parentId !== undefined) return false;
    const width = node.width ?? node.measured?.width ?? 0;
    const height = node.height ?? node.measured?.height ?? 0;
    return (
      point.x >= node.position.x &&
      point.y >= node.position.y &&
      point.x <= node.position.x + width &&
      point.y <= node.position.y + height
    );
  });
}

/** The outcome a new edge from this node should carry: the first of the node's outcomes not yet used. */
export function nextOutcome(source: CanvasNode | undefined, edges: readonly CanvasEdge[]): string | undefined {
  if (!source) return undefined;
  const parsed = nodeRegistry[source.type].dataSchema.safeParse(source.data);
  if (!parsed.success) return undefined;
  // The registry entry and the parsed data belong to the same key; TypeScript cannot pair them through the union.
  const outcomes = (nodeRegistry[source.type].outcomes as (data: unknown) => readonly string[])(parsed.data);
  const used = new Set(edges.filter((edge) => edge.source === source.id).map((edge) => edge.data?.outcome));
  return outcomes.find((outcome) => !used.has(outcome));
}

/** The store of one designer canvas, created per mounted designer (strudel-flow's store factory idiom). */
export function createDesignerStore(initial: TemplateInput) {
  const graph = templateToCanvas(initial);
  return createStore<DesignerState>()((set, get) => {
    const snapshot = (): Snapshot => ({ meta: get().meta, nodes: get().nodes, edges: get().edges });
    const record = () => set((state) => ({ past: [...state.past.slice(-HISTORY_LIMIT + 1), snapshot()], future: [] }));
    // Typing in a form field would otherwise make one undo step per key; edits to one target within a moment merge.
    let lastEdit = { target: '', at: 0 };
    const recordEdit = (target: string) => {
      const now = Date.now();
      if (lastEdit.target !== target || now - lastEdit.at > EDIT_MERGE_MS) record();
      lastEdit = { target, at: now };
    };
    const takenIds = () => new Set([...get().nodes.map((node) => node.id), ...get().edges.map((edge) => edge.id)]);

    return {
      ...graph,
      past: [],
      future: [],
      clipboard: undefined,
      issues: [],
      issuesByNode: new Map(),
      issueCountByEdge: new Map(),
      loads: 0,

      onNodesChange: (changes) => {
        // Selection and measuring are view state; removing and resizing are edits worth undoing.
        if (changes.some((change) => change.type === 'remove' || (change.type === 'dimensions' && change.resizing))) {
          record();
        }
        set((state) => ({ nodes: applyNodeChanges(changes, state.nodes) }));
      },
      onEdgesChange: (changes) => {
        if (changes.some((change) => change.type === 'remove')) record();
        set((state) => ({ edges: applyEdgeChanges(changes, state.edges) }));
      },
      onConnect: (connection) => {
        record();
        const { nodes, edges } = get();
        const outcome = nextOutcome(
          nodes.find((node) => node.id === connection.source),
          edges
        );
        const base = `e-${connection.source}-${connection.target}`;
        const id = takenIds().has(base) ? freshNodeId(base, takenIds()) : base;
        const edge: CanvasEdge = {
          ...connection,
          id,
          type: 'outcome',
          label: outcome,
          data: outcome === undefined ? {} : { outcome },
        };
        set({ edges: addEdge(edge, edges) });
      },
      recordHistory: record,
      addNode: (type, position, typeName) => {
        record();
        const id = freshNodeId(type, takenIds());
        const data = typeName === undefined ? undefined : titleData(type, id, typeName);
        const stage = type === 'stage' ? undefined : stageAt(get().nodes, position);
        // Dropped on top of another step, it moves just below it instead of hiding it.
        const { nodes } = get();
        const spot =
          stage || type === 'stage'
            ? position
            : freeSpot(
                position,
                { width: 220, height: 110 },
                nodes.filter((node) => node.type !== 'stage').map((node) => boxOf(node, nodes))
              );
        const created = createCanvasNode(type, id, spot, data);
        const node = stage
          ? {
              ...created,
              position: { x: position.x - stage.position.x, y: position.y - stage.position.y },
              parentId: stage.id,
            }
          : created;
        set((state) => ({
          nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), { ...node, selected: true } as CanvasNode],
        }));
        return id;
      },
      addNodeNext: (type, typeName) => {
        const { nodes, edges } = get();
        const selected = nodes.filter((node) => node.selected);
        const placement = placeNew(type, nodes, edges, selected.length === 1 ? selected[0]?.id : undefined);
        record();
        const id = freshNodeId(type, takenIds());
        const data = typeName === undefined ? undefined : titleData(type, id, typeName);
        const node = { ...createCanvasNode(type, id, placement.position, data), selected: true } as CanvasNode;
        let nextEdges = edges;
        const link = (source: string, target: string, outcome: string | undefined): CanvasEdge => {
          const base = `e-${source}-${target}`;
          const taken = new Set([...takenIds(), ...nextEdges.map((edge) => edge.id)]);
          return {
            id: taken.has(base) ? freshNodeId(base, taken) : base,
            source,
            target,
            type: 'outcome',
            label: outcome,
            data: outcome === undefined ? {} : { outcome },
          };
        };
        if (placement.from !== undefined && placement.moveEdge !== undefined) {
          nextEdges = nextEdges.map((edge) => (edge.id === placement.moveEdge ? { ...edge, target: id } : edge));
        } else if (placement.from !== undefined) {
          const source = nodes.find((n) => n.id === placement.from);
          nextEdges = [...nextEdges, link(placement.from, id, nextOutcome(source, edges))];
        }
        if (placement.to !== undefined) nextEdges = [...nextEdges, link(id, placement.to, nextOutcome(node, []))];
        set({
          nodes: [
            ...nodes.map((n) => {
              const moved = placement.moved.get(n.id);
              return { ...n, selected: false, ...(moved ? { position: moved } : {}) };
            }),
            node,
          ],
          edges: nextEdges,
        });
        return id;
      },
      updateNodeData: (id, data) => {
        recordEdit(`node:${id}`);
        set((state) => ({
          nodes: state.nodes.map((node) => (node.id === id ? ({ ...node, data } as CanvasNode) : node)),
        }));
      },
      updateEdgeData: (id, data) => {
        recordEdit(`edge:${id}`);
        set((state) => ({
          edges: state.edges.map((edge) =>
            edge.id === id ? { ...edge, data, label: data.label ?? data.outcome } : edge
          ),
        }));
      },
      updateMeta: (meta) => {
        recordEdit('meta');
        set({ meta });
      },
      reparent: (ids) => {
        const { nodes } = get();
        const byId = new Map(nodes.map((node) => [node.id, node]));
        let changed = false;
        const next = nodes.map((node) => {
          if (!ids.includes(node.id) || node.type === 'stage') return node;
          const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
          if (parent?.parentId !== undefined) return node; // nested stages are left alone
          const absolute = parent
            ? { x: parent.position.x + node.position.x, y: parent.position.y + node.position.y }
            : node.position;
          const width = node.measured?.width ?? 0;
          const height = node.measured?.height ?? 0;
          const stage = stageAt(nodes, { x: absolute.x + width / 2, y: absolute.y + height / 2 });
          if (stage?.id === node.parentId) return node;
          changed = true;
          const { parentId: _old, ...rest } = node;
          return (
            stage
              ? {
                  ...rest,
                  parentId: stage.id,
                  position: { x: absolute.x - stage.position.x, y: absolute.y - stage.position.y },
                }
              : { ...rest, position: absolute }
          ) as CanvasNode;
        });
        if (changed) set({ nodes: parentsFirst(next) });
      },
      setPositions: (layout) => {
        record();
        set((state) => ({
          nodes: state.nodes.map((node) => {
            const placed = layout.get(node.id);
            if (!placed) return node;
            return {
              ...node,
              position: placed.position,
              ...(placed.width === undefined ? {} : { width: placed.width }),
              ...(placed.height === undefined ? {} : { height: placed.height }),
            };
          }),
        }));
      },
      select: ({ nodeId, edgeId }) =>
        set((state) => ({
          nodes: state.nodes.map((node) => ({ ...node, selected: node.id === nodeId })),
          edges: state.edges.map((edge) => ({ ...edge, selected: edge.id === edgeId })),
        })),
      deleteSelected: () => {
        const { nodes, edges } = get();
        const doomed = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
        // Deleting a stage deletes what is inside it, as React Flow does for groups.
        let grew = true;
        while (grew) {
          grew = false;
          for (const node of nodes) {
            if (node.parentId !== undefined && doomed.has(node.parentId) && !doomed.has(node.id)) {
              doomed.add(node.id);
              grew = true;
            }
          }
        }
        const keptEdges = edges.filter(
          (edge) => !edge.selected && !doomed.has(edge.source) && !doomed.has(edge.target)
        );
        if (doomed.size === 0 && keptEdges.length === edges.length) return;
        record();
        set({ nodes: nodes.filter((node) => !doomed.has(node.id)), edges: keptEdges });
      },
      copySelection: () => {
        const { nodes, edges } = get();
        const picked = nodes.filter((node) => node.selected);
        if (picked.length === 0) return;
        const ids = new Set(picked.map((node) => node.id));
        set({
          clipboard: {
            nodes: picked,
            edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
          },
        });
      },
      paste: () => {
        const { clipboard } = get();
        if (!clipboard) return;
        record();
        const taken = takenIds();
        const renamed = new Map<string, string>();
        for (const node of clipboard.nodes) {
          const id = freshNodeId(node.type, taken);
          taken.add(id);
          renamed.set(node.id, id);
        }
        const pasted = clipboard.nodes.map((node) => {
          const parentId = node.parentId === undefined ? undefined : renamed.get(node.parentId);
          const { parentId: _dropped, ...rest } = node;
          return {
            ...rest,
            id: renamed.get(node.id) ?? node.id,
            // A copied child keeps its stage only when the stage was copied too; otherwise it lands top-level.
            ...(parentId === undefined ? {} : { parentId }),
            position:
              parentId === undefined && node.parentId !== undefined
                ? { x: node.position.x + 80, y: node.position.y + 80 }
                : { x: node.position.x + 40, y: node.position.y + 40 },
            selected: true,
          } as CanvasNode;
        });
        const pastedEdges = clipboard.edges.map((edge) => {
          const id = freshNodeId(`e-${renamed.get(edge.source)}-${renamed.get(edge.target)}`, taken);
          taken.add(id);
          return {
            ...edge,
            id,
            source: renamed.get(edge.source) ?? edge.source,
            target: renamed.get(edge.target) ?? edge.target,
            selected: false,
          };
        });
        set((state) => ({
          nodes: parentsFirst([...state.nodes.map((node) => ({ ...node, selected: false })), ...pasted]),
          edges: [...state.edges, ...pastedEdges],
        }));
      },
      undo: () => {
        const { past } = get();
        const previous = past.at(-1);
        if (!previous) return;
        set((state) => ({ ...previous, past: past.slice(0, -1), future: [snapshot(), ...state.future] }));
      },
      redo: () => {
        const { future } = get();
        const next = future[0];
        if (!next) return;
        set((state) => ({ ...next, future: future.slice(1), past: [...state.past, snapshot()] }));
      },
      load: (template) => {
        record();
        set((state) => ({ ...templateToCanvas(template), loads: state.loads + 1 }));
      },
      setIssues: (issues) => set({ issues, ...indexIssues(issues) }),
      toTemplate: () => canvasToTemplate({ meta: get().meta, nodes: get().nodes, edges: get().edges } as CanvasGraph),
    };
  });
}
