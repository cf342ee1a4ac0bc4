import { describe, expect, it } from 'vitest';
import { buildLargeTemplate } from '../../../workflows/template/fixtures/large-template.fixture';
import { estimatedFitViewport } from './first-view';
import { FULL_CARDS_FROM_ZOOM } from './level-of-detail';
import { templateToCanvas, type CanvasNode } from './template-canvas.mapping';

const pane = { width: 944, height: 890, minZoom: 0.1, maxZoom: 2 };

describe('the viewport a loaded template is first drawn at', () => {
  it('is about its fit view: compact cards for 500 nodes, full cards for a few', () => {
    const large = estimatedFitViewport(templateToCanvas(buildLargeTemplate(500)).nodes, pane);
    expect(large?.zoom).toBeGreaterThan(pane.minZoom);
    expect(large?.zoom).toBeLessThan(FULL_CARDS_FROM_ZOOM);
    const small = estimatedFitViewport(templateToCanvas(buildLargeTemplate(2)).nodes, pane);
    expect(small?.zoom).toBeGreaterThanOrEqual(FULL_CARDS_FROM_ZOOM);
    expect(estimatedFitViewport([], pane)).toBeUndefined();
  });

  it('places a step inside a stage by the stage position, and keeps every node on the pane', () => {
    const nodes = [
      { id: 'stage', type: 'stage', position: { x: 1000, y: 1000 }, width: 400, height: 300, data: {} },
      { id: 'inside', type: 'task', parentId: 'stage', position: { x: 20, y: 40 }, data: {} },
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    ] as unknown as CanvasNode[];
    const viewport = estimatedFitViewport(nodes, pane);
    if (!viewport) throw new Error('no viewport');
    const onPane = (x: number, y: number) => {
      const screen = { x: x * viewport.zoom + viewport.x, y: y * viewport.zoom + viewport.y };
      return screen.x >= 0 && screen.x <= pane.width && screen.y >= 0 && screen.y <= pane.height;
    };
    expect(onPane(0, 0)).toBe(true);
    expect(onPane(1400, 1300)).toBe(true);
    // Bounded by the stage's far corner, not by the step's own (relative) position.
    expect(onPane(1400 * 1.2, 1300 * 1.2)).toBe(false);
  });
});
