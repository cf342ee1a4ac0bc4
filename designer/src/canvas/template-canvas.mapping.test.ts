import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES, type TemplateInput, type TemplateNodeInput } from '../../../workflows/template';
import { clientRequestTemplate } from '../../../workflows/template/fixtures/client-request.fixture';
import { delegationCycleTemplate } from '../../../workflows/template/fixtures/delegation-cycle.fixture';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';
import { builtInTemplates } from '../../../workflows/template/library';
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import {
  canvasToTemplate,
  edgeFromCanvas,
  parentsFirst,
  sameTemplateGraph,
  templateToCanvas,
  type CanvasNode,
} from './template-canvas.mapping';

const fixtures: [string, TemplateInput][] = [
  ['delegation cycle', delegationCycleTemplate as TemplateInput],
  ['client request', clientRequestTemplate as TemplateInput],
  ['event plan', eventPlanTemplate as TemplateInput],
  // The gallery's templates open on the canvas and are saved back from it.
  ...builtInTemplates.map((template): [string, TemplateInput] => [`built-in ${template.id}`, template]),
];

describe('template <-> canvas mapping', () => {
  it.each(fixtures)('round-trips the %s fixture exactly', (_name, template) => {
    const canvas = templateToCanvas(template);
    expect(canvas.nodes).toHaveLength(template.nodes.length);
    expect(canvasToTemplate(canvas)).toStrictEqual(template);
  });

  it('puts stages before their children and labels edges by outcome', () => {
    const canvas = templateToCanvas(eventPlanTemplate as TemplateInput);
    const index = new Map(canvas.nodes.map((node, i) => [node.id, i]));
    for (const node of canvas.nodes) {
      if (node.parentId !== undefined) expect(index.get(node.parentId)).toBeLessThan(index.get(node.id) ?? -1);
    }
    const withOutcome = canvas.edges.filter((edge) => edge.data?.outcome !== undefined);
    expect(withOutcome.length).toBeGreaterThan(0);
    for (const edge of withOutcome) expect(edge.label).toBe(edge.data?.label ?? edge.data?.outcome);
  });

  it('drops view state React Flow adds (selection, measured size, null handles)', () => {
    const canvas = templateToCanvas(delegationCycleTemplate as TemplateInput);
    const touched = {
      ...canvas,
      nodes: canvas.nodes.map((node) => ({
        ...node,
        selected: true,
        dragging: false,
        measured: { width: 1, height: 2 },
      })),
      edges: canvas.edges.map((edge) => ({ ...edge, selected: true, sourceHandle: null, targetHandle: null })),
    };
    expect(canvasToTemplate(touched)).toStrictEqual(delegationCycleTemplate);
    expect(edgeFromCanvas({ id: 'e', source: 'a', target: 'b', sourceHandle: null })).toStrictEqual({
      id: 'e',
      source: 'a',
      target: 'b',
    });
  });

  it('moves a child written before its stage after it', () => {
    const nodes = [{ id: 'child', parentId: 'stage' }, { id: 'stage' }, { id: 'other' }];
    expect(parentsFirst(nodes).map((node) => node.id)).toEqual(['stage', 'child', 'other']);
  });

  it('round-trips generated templates', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const node = fc.record(
      {
        id,
        type: fc.constantFrom(...NODE_TYPES),
        position: fc.record(
          { x: fc.double({ noNaN: true }), y: fc.double({ noNaN: true }) },
          { noNullPrototype: true }
        ),
        parentId: id,
        width: fc.double({ min: 1, max: 2000, noNaN: true }),
        height: fc.double({ min: 1, max: 2000, noNaN: true }),
        data: fc.dictionary(fc.string(), fc.jsonValue(), { noNullPrototype: true }),
      },
      { requiredKeys: ['id', 'type', 'position', 'data'], noNullPrototype: true }
    );
    const edge = fc.record(
      {
        id,
        source: id,
        target: id,
        outcome: fc.string({ minLength: 1 }),
        label: fc.string(),
        sourceHandle: fc.string(),
        targetHandle: fc.string(),
      },
      { requiredKeys: ['id', 'source', 'target'], noNullPrototype: true }
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(node, { selector: (n) => n.id, maxLength: 12 }),
        fc.array(edge, { maxLength: 12 }),
        fc.string({ minLength: 1 }),
        (rawNodes, edges, name) => {
          // Null-prototype JSON values would fail toStrictEqual on prototypes alone; JSON has none of them.
          // Parents written first, as the designer writes them; the parent of a node is an earlier node.
          const ids = rawNodes.map((n) => n.id);
          const nodes = rawNodes.map((n, i) => {
            const { parentId, ...rest } = n;
            const earlier = ids.slice(0, i);
            return (parentId !== undefined && earlier.length > 0
              ? { ...rest, parentId: earlier[parentId.length % earlier.length] }
              : rest) as unknown as TemplateNodeInput;
          });
          const template: TemplateInput = { schemaVersion: 1, id: 't', name, calendarId: 'pl-warsaw', nodes, edges };
          expect(canvasToTemplate(templateToCanvas(template))).toStrictEqual(template);
        }
      ),
      { numRuns: 200 }
    );
  });

  it('tells a measured or selected canvas (same template, validated once) from an edited one', () => {
    const canvas = templateToCanvas(eventPlanTemplate as TemplateInput);
    const first = canvas.nodes[0];
    const edge = canvas.edges[0];
    if (!first || !edge) throw new Error('fixture without nodes or edges');
    const measured = applyNodeChanges(
      canvas.nodes.map((node) => ({
        id: node.id,
        type: 'dimensions' as const,
        dimensions: { width: 220, height: 64 },
      })),
      canvas.nodes
    );
    const selected = applyNodeChanges([{ id: first.id, type: 'select', selected: true }], measured);
    const edgeSelected = applyEdgeChanges([{ id: edge.id, type: 'select', selected: true }], canvas.edges);
    expect(measured).not.toBe(canvas.nodes);
    expect(sameTemplateGraph(canvas, { nodes: selected, edges: edgeSelected })).toBe(true);

    const moved = applyNodeChanges([{ id: first.id, type: 'position', position: { x: 5, y: 5 } }], canvas.nodes);
    expect(sameTemplateGraph(canvas, { nodes: moved, edges: canvas.edges })).toBe(false);
    const edited = canvas.nodes.map((node) =>
      node === first ? ({ ...node, data: { ...node.data } } as CanvasNode) : node
    );
    expect(sameTemplateGraph(canvas, { nodes: edited, edges: canvas.edges })).toBe(false);
    const relabelled = canvas.edges.map((e) => (e === edge ? { ...e, data: { ...e.data, label: 'x' } } : e));
    expect(sameTemplateGraph(canvas, { nodes: canvas.nodes, edges: relabelled })).toBe(false);
    expect(sameTemplateGraph(canvas, { nodes: canvas.nodes.slice(1), edges: canvas.edges })).toBe(false);
  });
});
