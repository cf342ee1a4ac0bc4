import { useTranslation } from 'react-i18next';
import { useDesigner } from '../canvas/designer-store.context';
import type { DesignerState } from '../canvas/designer.store';

/** The template's texts in `language` when that is not the template's own language (see useReaderText). */
export function readerTextsIn(state: DesignerState, language: string): Record<string, unknown> | undefined {
  return (state.meta.language ?? 'en') === language
    ? undefined
    : state.meta.translations?.[language as keyof NonNullable<typeof state.meta.translations>];
}

/** The first of `keys` translated into `language` (see useReaderText), or undefined. */
export function readerTextIn(state: DesignerState, language: string, keys: readonly string[]): string | undefined {
  const texts = readerTextsIn(state, language);
  for (const key of keys) {
    const value = texts?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** A text's translation from {@link readerTextsIn}, or the text itself. */
export function readerText(
  texts: Record<string, unknown> | undefined,
  key: string,
  text: string | undefined
): string | undefined {
  const value = texts?.[key];
  return typeof value === 'string' && value !== '' ? value : text;
}

/**
 * A text of the template as the reader reads it: its translation into the reader's language when the template has
 * one (a built-in template's titles in Polish for a Polish manager), else the text in the template's own language.
 * The properties panel still edits the template's own language; the translations drawer edits the others.
 */
export function useReaderText(keys: readonly string[], text: string | undefined): string | undefined {
  const { i18n } = useTranslation();
  return useDesigner((state) => readerTextIn(state, i18n.language, keys)) ?? text;
}

/** {@link useReaderText} for any number of texts: a function from a text's key and its own wording to what to show. */
export function useReaderTexts(): (key: string, text: string | undefined) => string | undefined {
  const { i18n } = useTranslation();
  const texts = useDesigner((state) => readerTextsIn(state, i18n.language));
  return (key, text) => readerText(texts, key, text);
}
