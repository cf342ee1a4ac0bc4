import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';
import { layoutGraph } from './auto-layout';
import { templateToCanvas } from './template-canvas.mapping';

describe('auto-layout with elkjs', () => {
  it('places every node, keeps steps inside their stage, and flows left to right', async () => {
    const { nodes, edges } = templateToCanvas(eventPlanTemplate as TemplateInput);
    const placed = await layoutGraph(nodes, edges);
    expect(placed.size).toBe(nodes.length);
    for (const node of nodes) {
      if (node.parentId === undefined) continue;
      const stage = placed.get(node.parentId);
      const child = placed.get(node.id);
      expect(stage?.width).toBeGreaterThan(0);
      // Positions of children are relative to their stage, as in React Flow.
      expect(child?.position.x).toBeGreaterThanOrEqual(0);
      expect(child?.position.y).toBeGreaterThanOrEqual(0);
      expect((child?.position.x ?? 0) + 220).toBeLessThanOrEqual(stage?.width ?? 0);
    }
    const x = (id: string) => placed.get(id)?.position.x ?? Number.NaN;
    expect(x('start')).toBeLessThan(x('estimate'));
    expect(x('start')).toBeLessThan(x('control'));
  });
});
