import { useTranslation } from 'react-i18next';
import { useDesigner } from '../canvas/designer-store.context';

/**
 * A text of the template as the reader reads it: its translation into the reader's language when the template has
 * one (a built-in template's titles in Polish for a Polish manager), else the text in the template's own language.
 * The properties panel still edits the template's own language; the translations drawer edits the others.
 */
export function useReaderText(keys: readonly string[], text: string | undefined): string | undefined {
  const { i18n } = useTranslation();
  const translated = useDesigner((state) => {
    if ((state.meta.language ?? 'en') === i18n.language) return undefined;
    const texts = state.meta.translations?.[i18n.language as keyof NonNullable<typeof state.meta.translations>];
    for (const key of keys) {
      const value = texts?.[key];
      if (typeof value === 'string' && value !== '') return value;
    }
    return undefined;
  });
  return translated ?? text;
}

/** {@link useReaderText} for any number of texts: a function from a text's key and its own wording to what to show. */
export function useReaderTexts(): (key: string, text: string | undefined) => string | undefined {
  const { i18n } = useTranslation();
  const texts = useDesigner((state) =>
    (state.meta.language ?? 'en') === i18n.language
      ? undefined
      : state.meta.translations?.[i18n.language as keyof NonNullable<typeof state.meta.translations>]
  );
  return (key, text) => {
    const value = texts?.[key];
    return typeof value === 'string' && value !== '' ? value : text;
  };
}
