import { Select } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../../workflows/i18n/languages';
import { api, ok } from '../api/api';
import { LANGUAGES, rememberLanguage } from '../i18n/i18n';
import type { Me } from './session';

/** The language picker of the header and of the login page; each language named in itself. */
export function LanguageSelect({ value, onChange }: { value: string; onChange: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('nav.language')}
      data-testid="language-switcher"
      w={{ base: 104, sm: 130 }}
      size="xs"
      allowDeselect={false}
      value={value}
      data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
      onChange={(picked) => {
        if (isLanguage(picked)) onChange(picked);
      }}
    />
  );
}

/** Shows the app in `language` now and on the next visit of this browser (also before sign-in). */
export function showLanguage(
  i18n: { language: string; changeLanguage: (code: string) => unknown },
  language: Language
) {
  rememberLanguage(language);
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

/**
 * The signed-in person's language is theirs, not the browser's: the app follows it once the session is known, and a
 * person who has none yet (signed in before languages were kept) gets the one the app shows.
 */
export function usePersonLanguage(me: Me | undefined) {
  const { i18n } = useTranslation();
  const change = useChangeLanguage();
  const language = me?.language;
  useEffect(() => {
    if (!me) return;
    if (language) showLanguage(i18n, language);
    else if (isLanguage(i18n.language) && !change.isPending) change.mutate(i18n.language);
    // Only a change of the person or of their stored language re-runs this.
  }, [me?.id, language]);
}

/** Stores the person's language on the server (it is theirs on every device, and in their emails and reports). */
export function useChangeLanguage() {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (language: Language) => ok(api.api.auth.me.$patch({ json: { language } })),
    onMutate: (language) => showLanguage(i18n, language),
    onSuccess: (me) => {
      client.setQueryData(['me'], me);
      // What the server renders for the person (step titles, process names) is read again in the new language. Not
      // the draft open in the designer: it is the same in every language, and reading it again under a save on its
      // way would hand autosave a stale tag (the next save then meets a conflict with the person's own edit).
      void client.invalidateQueries({ predicate: (query) => !['me', 'draft'].includes(String(query.queryKey[0])) });
    },
  });
}
