import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { parseTemplateFile } from '../canvas/template-file';
import { useFormat } from '../i18n/format';
import { useCreateTemplate } from './create-template';
import { galleryEntries } from './gallery';
import { fetchTemplates } from './template-queries';

function download(name: string, value: unknown) {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Templates stored through the API, the gallery of built-in ones to start from, and JSON import/export. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const templates = useQuery({ queryKey: ['templates'], queryFn: () => fetchTemplates() });

  const create = useCreateTemplate();
  const wide = useMediaQuery('(min-width: 48em)') ?? true;

  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const text = await file.text();
      const parsed: unknown = JSON.parse(text);
      // An export of this API (draft and versions) or a bare template document.
      if (parsed && typeof parsed === 'object' && (parsed as { format?: unknown }).format === 'baton-template') {
        const document = parsed as { name: string; draft: Record<string, unknown>; versions?: unknown };
        return ok(
          api.api.templates.import.$post({
            header: { 'idempotency-key': idempotencyKey() },
            json: {
              format: 'baton-template',
              name: document.name,
              draft: document.draft,
              versions: Array.isArray(document.versions)
                ? (document.versions as { version: number; definition: Record<string, unknown> }[])
                : [],
            },
          })
        );
      }
      const result = parseTemplateFile(text);
      if (!result.ok) throw new Error(result.error);
      return ok(
        api.api.templates.$post({
          header: { 'idempotency-key': idempotencyKey() },
          json: { name: result.template.name, draft: result.template as unknown as Record<string, unknown> },
        })
      );
    },
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['templates'] });
      notifications.show({ color: 'teal', message: t('toolbar.imported', { name: created.name }) });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('toolbar.importFailed'), message: problemText(t, error) }),
  });

  const exportTemplate = async (id: string, name: string) => {
    try {
      download(`${name}.baton.json`, await ok(api.api.templates[':id'].export.$get({ param: { id } })));
    } catch (error) {
      notifications.show({ color: 'red', message: String(error) });
    }
  };

  return (
    <div className="baton-page">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('templates.title')}</Title>
          <Group>
            <FileButton onChange={(file) => file && importFile.mutate(file)} accept="application/json,.json">
              {(props) => (
                <Button variant="default" {...props} loading={importFile.isPending} data-testid="templates-import">
                  {t('toolbar.import')}
                </Button>
              )}
            </FileButton>
            <Button
              loading={create.isPending && create.variables.kind === 'blank'}
              onClick={() => create.mutate({ kind: 'blank' })}
              data-testid="template-new"
            >
              {t('build.newTemplate')}
            </Button>
          </Group>
        </Group>
        {templates.error && <Alert color="red">{String(templates.error)}</Alert>}
        {templates.data && templates.data.items.length === 0 && <Text c="dimmed">{t('templates.none')}</Text>}
        {templates.data && templates.data.items.length > 0 && (
          // On a phone the table is one column: name, version, date and actions stacked, nothing cut at the edge.
          <Table.ScrollContainer minWidth={wide ? 640 : 0}>
            <Table striped highlightOnHover data-testid="templates-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('templates.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('templates.latest')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('templates.updated')}</Table.Th>
                  <Table.Th visibleFrom="sm" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {templates.data.items.map((template) => {
                  const version =
                    template.latestVersion === null ? (
                      <Badge color="gray" variant="outline">
                        {t('templates.unpublished')}
                      </Badge>
                    ) : (
                      <Badge variant="light">v{template.latestVersion}</Badge>
                    );
                  const actions = (
                    <Group gap="xs" justify={wide ? 'flex-end' : 'flex-start'}>
                      {template.latestVersion !== null && (
                        <Button
                          size="xs"
                          variant="light"
                          component={Link}
                          to={`/processes/start?templateId=${template.id}`}
                        >
                          {t('start.open')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => void exportTemplate(template.id, template.name)}
                      >
                        {t('toolbar.export')}
                      </Button>
                    </Group>
                  );
                  return (
                    <Table.Tr key={template.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/designer/${template.id}`}
                          data-testid={`template-${template.name}`}
                        >
                          {template.title}
                        </Anchor>
                        {!wide && (
                          <Stack gap={6} mt={4}>
                            <Group gap="xs">
                              {version}
                              <Text size="xs" c="dimmed">
                                {format.dateTime(new Date(template.updatedAt))}
                              </Text>
                            </Group>
                            {actions}
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td visibleFrom="sm">{version}</Table.Td>
                      <Table.Td visibleFrom="sm">{format.dateTime(new Date(template.updatedAt))}</Table.Td>
                      <Table.Td visibleFrom="sm">{actions}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Title order={3} mt="lg">
          {t('templates.gallery')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {galleryEntries(i18n.language).map((entry) => (
            <Card key={entry.id} withBorder data-testid={`gallery-card-${entry.id}`}>
              <Stack gap="xs" h="100%">
                <Text fw={600}>{entry.title}</Text>
                <Text size="sm" c="dimmed" lineClamp={4} title={entry.description}>
                  {entry.description}
                </Text>
                <Text size="xs" c="dimmed" mt="auto">
                  {t('templates.steps', { count: entry.nodeCount })}
                </Text>
                <Button
                  size="xs"
                  variant="light"
                  loading={
                    create.isPending &&
                    create.variables.kind === 'copy' &&
                    create.variables.builtInTitle === entry.title
                  }
                  onClick={() => create.mutate({ kind: 'copy', source: entry.template(), builtInTitle: entry.title })}
                  data-testid={`gallery-use-${entry.id}`}
                >
                  {t('templates.use')}
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </div>
  );
}
