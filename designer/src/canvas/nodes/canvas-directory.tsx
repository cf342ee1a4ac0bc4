import { createContext, useContext, type ReactNode } from 'react';
import { usePeopleDirectory, type Directory } from '../../people/people-directory';

const nobody: Directory = { person: () => undefined, team: () => undefined };
const CanvasDirectory = createContext<Directory>(nobody);

/**
 * The people directory of one canvas, looked up once for all its cards: each card asking for it itself meant three
 * queries per card, 1,500 on a 500-node template's first render.
 */
export function CanvasDirectoryProvider({ children }: { children: ReactNode }) {
  return <CanvasDirectory.Provider value={usePeopleDirectory()}>{children}</CanvasDirectory.Provider>;
}

/** The directory a card names people and teams by (see CanvasDirectoryProvider). */
export function useCanvasDirectory(): Directory {
  return useContext(CanvasDirectory);
}
