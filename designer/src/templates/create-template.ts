import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TemplateInput } from '../../../workflows/template';
import { api, idempotencyKey, ok } from '../api/api';
import { blankTemplate } from '../canvas/blank-template';
import { galleryEntries } from './gallery';
import { fetchTemplates } from './template-queries';
import { uniqueName } from './unique-name';

/** What to create: a blank template, or a copy of a built-in one (`source` is the gallery's fresh copy). */
export type NewTemplate = { kind: 'blank' } | { kind: 'copy'; source: TemplateInput; builtInTitle: string };

/**
 * Creates a server draft at once and opens it in the designer, so autosave keeps everything from the first edit.
 * The name is unique among the stored templates and never a built-in's exact name.
 */
export function useCreateTemplate(options: { replace?: boolean } = {}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async (what: NewTemplate) => {
      const existing = await client.fetchQuery({ queryKey: ['templates'], queryFn: () => fetchTemplates() });
      const builtIns = galleryEntries(i18n.language).map((entry) => entry.title);
      const source = what.kind === 'blank' ? blankTemplate() : what.source;
      const base = what.kind === 'blank' ? t('build.newTemplateName') : what.builtInTitle;
      const name = uniqueName(
        base,
        existing.items.map((item) => item.name),
        builtIns
      );
      const template: TemplateInput = { ...source, name };
      return ok(
        api.api.templates.$post({
          header: { 'idempotency-key': idempotencyKey() },
          json: { name, draft: template as unknown as Record<string, unknown> },
        })
      );
    },
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['templates'] });
      void navigate(`/designer/${created.id}`, { replace: options.replace ?? false });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('templates.createFailed'), message: error.message }),
  });
}
