import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { vi } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { DesignerCanvas } from './designer-canvas';
import { DesignerStoreProvider } from './designer-store.context';

/**
 * What a canvas test needs of the page before it renders: no request ever answers (rather than failing on a closed
 * port), React's act() environment, and the ResizeObserver happy-dom lacks that React Flow and Mantine use.
 */
export function prepareCanvasPage(): void {
  vi.stubGlobal('fetch', () => new Promise(() => undefined));
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

/**
 * Renders the designer canvas of a template in a new container, signed out (the people directory asks the API
 * nothing), with `before` and `after` drawn beside the canvas inside the same providers. The caller unmounts the root.
 */
export async function renderCanvas(
  template: TemplateInput,
  options: { size?: { width: number; height: number }; before?: ReactNode; after?: ReactNode } = {}
): Promise<{ root: Root; container: HTMLDivElement }> {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queries.setQueryData(['me'], null);
  const container = document.createElement('div');
  if (options.size) {
    container.style.width = `${options.size.width}px`;
    container.style.height = `${options.size.height}px`;
  }
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <MantineProvider>
        <QueryClientProvider client={queries}>
          <DesignerStoreProvider initial={template}>
            <ReactFlowProvider>
              {options.before}
              <DesignerCanvas />
              {options.after}
            </ReactFlowProvider>
          </DesignerStoreProvider>
        </QueryClientProvider>
      </MantineProvider>
    );
    await Promise.resolve();
  });
  return { root, container };
}
