import { createContext, useContext, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
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

/**
 * Whether two selections are equal one level deep: the same value, arrays equal element by element, plain objects
 * key by key (Maps and Sets entry by entry). zustand's `shallow` copies both sides into Maps for arrays and objects alike, and every
 * selection of the canvas runs on every frame of a drag: a 1,000-name list copied twice per frame was measurable.
 */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map || a instanceof Set) {
    if (Object.getPrototypeOf(b) !== Object.getPrototypeOf(a)) return false;
    const other = b as Map<unknown, unknown> | Set<unknown>;
    if (a.size !== other.size) return false;
    if (a instanceof Set) return [...a].every((value) => other.has(value));
    const map = other as Map<unknown, unknown>;
    return [...a].every(([key, value]) => map.has(key) && Object.is(value, map.get(key)));
  }
  const prototype = Object.getPrototypeOf(a) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || Object.getPrototypeOf(b) !== prototype) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && Object.is(left[key], right[key]));
}

const UNSET: unique symbol = Symbol('unset');

/** Selects from the designer store; the selection is compared shallowly so objects of stable parts don't re-render. */
export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  const previous = useRef<T | typeof UNSET>(UNSET);
  return useStore(useDesignerStoreApi(), (state) => {
    const next = selector(state);
    const last = previous.current;
    if (last !== UNSET && shallowEqual(last, next)) return last;
    previous.current = next;
    return next;
  });
}
