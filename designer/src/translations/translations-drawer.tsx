import { Badge, Drawer, Group, ScrollArea, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_CODES, type Language } from '../../../workflows/i18n/languages';
import {
  missingTranslations,
  templateLanguage,
  templateLanguages,
  templateTexts,
  type TemplateInput,
} from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';
import { LANGUAGES } from '../i18n/i18n';

const languageName = (code: string) => LANGUAGES.find((language) => language.code === code)?.label ?? code;

/** The languages a template speaks, as badges; a language with missing texts is marked. */
export function TemplateLanguageBadges({ template }: { template: TemplateInput }) {
  const { t } = useTranslation();
  const missing = new Map(missingTranslations(template).map((entry) => [entry.language, entry.missing.length]));
  return (
    <Group gap={4} wrap="nowrap" data-testid="template-languages">
      {templateLanguages(template).map((code) => (
        <Badge
          key={code}
          size="sm"
          variant={missing.has(code) ? 'outline' : 'light'}
          color={missing.has(code) ? 'yellow' : 'blue'}
          title={missing.has(code) ? t('translations.missing', { count: missing.get(code) ?? 0 }) : languageName(code)}
        >
          {code}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * The template's texts side by side: the default language on the left, the chosen language on the right, one row
 * per title, instruction, label, checklist item and message. An empty field falls back to the default text.
 */
export function TranslationsDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="xl"
      title={t('translations.title')}
      data-testid="translations-drawer"
    >
      <TranslationsTable />
    </Drawer>
  );
}

/**
 * The drawer's content, mounted only while the drawer is open: it reads the whole template, so mounted all the time
 * it was redrawn on every frame of a drag on the canvas.
 */
function TranslationsTable() {
  const { t, i18n } = useTranslation();
  const { meta, nodes, edges, updateMeta, toTemplate } = useDesigner((state) => ({
    meta: state.meta,
    nodes: state.nodes,
    edges: state.edges,
    updateMeta: state.updateMeta,
    toTemplate: state.toTemplate,
  }));
  // Re-read whenever the canvas or the settings change: the texts are the template's own.
  const template = useMemo(() => toTemplate(), [toTemplate, meta, nodes, edges]);
  const own = templateLanguage(template);
  const others = LANGUAGE_CODES.filter((code) => code !== own);
  const [picked, setPicked] = useState<Language>();
  // The reader's own language first, when the template is written in another.
  const reader = others.find((code) => code === i18n.language);
  const target = picked && picked !== own ? picked : (reader ?? others[0] ?? 'pl');
  const texts = templateTexts(template);
  const translated = meta.translations?.[target] ?? {};

  const setText = (key: string, value: string) => {
    const next = { ...translated };
    if (value.trim() === '') delete next[key];
    else next[key] = value;
    updateMeta({ ...meta, translations: { ...meta.translations, [target]: next } });
  };

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm">{t('translations.languages')}</Text>
        <TemplateLanguageBadges template={template} />
      </Group>
      <Group gap="xs">
        <Text size="sm">{t('translations.into')}</Text>
        <SegmentedControl
          size="xs"
          value={target}
          onChange={(value) => setPicked(value as Language)}
          data={others.map((code) => ({ value: code, label: languageName(code) }))}
          data-testid="translations-target"
        />
      </Group>
      {texts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('translations.empty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah="70vh">
          <Table verticalSpacing={4} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('translations.source', { language: languageName(own) })}</Table.Th>
                <Table.Th>{languageName(target)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {texts.map((text) => (
                <Table.Tr key={text.key}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {text.text}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Textarea
                      size="xs"
                      autosize
                      minRows={1}
                      aria-label={text.text}
                      placeholder={t('translations.fallback')}
                      value={translated[text.key] ?? ''}
                      onChange={(event) => setText(text.key, event.currentTarget.value)}
                      error={translated[text.key] === undefined ? undefined : false}
                      data-testid={`translation-${text.key}`}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
