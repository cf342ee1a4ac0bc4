import type { TFunction } from 'i18next';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeType } from '../../../../workflows/template';
import { usePeopleDirectory, type Directory } from '../../people/people-directory';

const nobody: Directory = { person: () => undefined, team: () => undefined };
const CanvasDirectory = createContext<Directory>(nobody);

/** The reader's translation function and language, as every card and edge of one canvas reads them. */
export interface CanvasTranslation {
  t: TFunction;
  language: string;
  /** A node type's name, translated once per language for all cards (a compact card shows little else). */
  typeLabel: (type: NodeType) => string;
}
const CanvasTranslationContext = createContext<CanvasTranslation | undefined>(undefined);

/**
 * The people directory of one canvas, looked up once for all its cards: each card asking for it itself meant three
 * queries per card, 1,500 on a 500-node template's first render. The same for the translation: react-i18next's
 * `useTranslation` copies the i18next instance for each component that calls it, several per card, which was a tenth
 * of a 500-node template's first render.
 */
export function CanvasDirectoryProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  // The language is a dependency: `t` may keep its identity when it changes.
  const translation = useMemo((): CanvasTranslation => {
    const typeLabels = new Map<NodeType, string>();
    const typeLabel = (type: NodeType) => {
      const known = typeLabels.get(type);
      if (known !== undefined) return known;
      const label = t(`nodeTypes.${type}.label`);
      typeLabels.set(type, label);
      return label;
    };
    return { t, language: i18n.language, typeLabel };
  }, [t, i18n.language]);
  return (
    <CanvasDirectory.Provider value={usePeopleDirectory()}>
      <CanvasTranslationContext.Provider value={translation}>{children}</CanvasTranslationContext.Provider>
    </CanvasDirectory.Provider>
  );
}

/** The directory a card names people and teams by (see CanvasDirectoryProvider). */
export function useCanvasDirectory(): Directory {
  return useContext(CanvasDirectory);
}

/** `t` and the language for a card or an edge of a canvas (see CanvasDirectoryProvider). */
export function useCanvasTranslation(): CanvasTranslation {
  const translation = useContext(CanvasTranslationContext);
  if (!translation) throw new Error('a canvas card needs a <CanvasDirectoryProvider> above it');
  return translation;
}
