import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { TemplateInput } from '../../../workflows/template';
import { createDesignerStore, type DesignerState, type DesignerStore } from './designer.store';

const DesignerStoreContext = createContext<DesignerStore | undefined>(undefined);

export function DesignerStoreProvider({ initial, children }: { initial: TemplateInput; children: ReactNode }) {
  // One store per mounted designer; the initial template is read once.
  const [store] = useState(() => createDesignerStore(initial));
  return <DesignerStoreContext.Provider value={store}>{children}</DesignerStoreContext.Provider>;
}

export function useDesignerStoreApi(): DesignerStore {
  const store = useContext(DesignerStoreContext);
  if (!store) throw new Error('useDesigner needs a <DesignerStoreProvider> above it');
  return store;
}

/** Selects from the designer store; the selection is compared shallowly so objects of stable parts don't re-render. */
export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  return useStore(useDesignerStoreApi(), useShallow(selector));
}
