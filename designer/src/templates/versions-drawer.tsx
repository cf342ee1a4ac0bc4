import { Badge, Button, Drawer, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInput } from '../../../workflows/template';
import { TemplateDiagram } from '../canvas/template-diagram';
import { diffGraph, diffTemplates, type ChangeKind } from '../diff/template-diff';
import { useFormat } from '../i18n/format';
import { fetchVersion, fetchVersions } from './template-queries';

const DRAFT = 'draft';

/** Published versions of a template, and a visual diff between any two of them or the current draft. */
export function VersionsDrawer({
  templateId,
  opened,
  onClose,
  draft,
}: {
  templateId: string;
  opened: boolean;
  onClose: () => void;
  draft: () => TemplateInput;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useQuery({
    queryKey: ['versions', templateId],
    queryFn: () => fetchVersions(templateId),
    enabled: opened,
  });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(DRAFT);
  const [comparing, setComparing] = useState<{ from: string; to: string } | undefined>();
  const options = [
    { value: DRAFT, label: t('versions.draft') },
    ...[...(versions.data ?? [])].reverse().map((v) => ({ value: String(v.version), label: `v${v.version}` })),
  ];

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={t('versions.title')}>
      <Stack>
        {versions.data?.length === 0 && <Text c="dimmed">{t('versions.none')}</Text>}
        {versions.data && versions.data.length > 0 && (
          <Table data-testid="versions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('versions.version')}</Table.Th>
                <Table.Th>{t('versions.publishedAt')}</Table.Th>
                <Table.Th>{t('versions.notes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...versions.data].reverse().map((version) => (
                <Table.Tr key={version.version}>
                  <Table.Td>
                    <Badge variant="light">v{version.version}</Badge>
                  </Table.Td>
                  <Table.Td>{format.dateTime(new Date(version.publishedAt))}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }} data-testid={`version-notes-${version.version}`}>
                    {version.releaseNotes ?? ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end">
          <Select
            label={t('versions.from')}
            data={options}
            value={from}
            onChange={setFrom}
            w={140}
            data-testid="diff-from"
          />
          <Select label={t('versions.to')} data={options} value={to} onChange={setTo} w={140} data-testid="diff-to" />
          <Button
            disabled={!from || !to || from === to}
            onClick={() => from && to && setComparing({ from, to })}
            data-testid="diff-compare"
          >
            {t('versions.compare')}
          </Button>
        </Group>
      </Stack>
      {comparing && (
        <DiffDialog
          templateId={templateId}
          from={comparing.from}
          to={comparing.to}
          draft={draft}
          onClose={() => setComparing(undefined)}
        />
      )}
    </Drawer>
  );
}

function useSide(templateId: string, side: string, draft: () => TemplateInput) {
  return useQuery({
    queryKey: ['version', templateId, side],
    queryFn: async () => (side === DRAFT ? draft() : (await fetchVersion(templateId, Number(side))).template),
    staleTime: side === DRAFT ? 0 : Infinity,
  });
}

const CHANGE_COLORS: Record<ChangeKind, string> = {
  added: 'teal',
  removed: 'red',
  changed: 'yellow',
  moved: 'gray',
  same: 'gray',
};

function DiffDialog({
  templateId,
  from,
  to,
  draft,
  onClose,
}: {
  templateId: string;
  from: string;
  to: string;
  draft: () => TemplateInput;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const before = useSide(templateId, from, draft);
  const after = useSide(templateId, to, draft);
  const view = useMemo(() => {
    if (!before.data || !after.data) return undefined;
    const diff = diffTemplates(before.data, after.data);
    const graph = diffGraph(before.data, after.data, diff);
    const merged: TemplateInput = {
      ...after.data,
      nodes: graph.nodes.map((entry) => entry.node),
      edges: graph.edges.map((entry) => entry.edge),
    };
    const nodeChange = new Map(graph.nodes.map((entry) => [entry.node.id, entry.change]));
    const edgeChange = new Map(graph.edges.map((entry) => [entry.edge.id, entry.change]));
    return { diff, merged, nodeChange, edgeChange };
  }, [before.data, after.data]);
  const label = (side: string) => (side === DRAFT ? t('versions.draft') : `v${side}`);

  return (
    <Modal opened onClose={onClose} size="90%" title={t('versions.diffTitle', { from: label(from), to: label(to) })}>
      {(before.error ?? after.error) && <Text c="red">{String(before.error ?? after.error)}</Text>}
      {view && (
        <Stack data-testid="diff-view">
          <Group gap="xs">
            {(['added', 'removed', 'changed'] as const).map((kind) => (
              <Badge key={kind} color={CHANGE_COLORS[kind]} data-testid={`diff-count-${kind}`}>
                {t(`versions.${kind}`, { count: view.diff.nodes[kind].length })}
              </Badge>
            ))}
            {view.diff.settings.length > 0 && (
              <Badge color="grape">{t('versions.settings', { fields: view.diff.settings.join(', ') })}</Badge>
            )}
          </Group>
          <TemplateDiagram
            template={view.merged}
            height="65vh"
            testId="diff-diagram"
            nodeClass={(id) => {
              const change = view.nodeChange.get(id);
              return change && change !== 'same' && change !== 'moved' ? `baton-diff-${change}` : undefined;
            }}
            edgeClass={(id) => {
              const change = view.edgeChange.get(id);
              return change && change !== 'same' && change !== 'moved' ? `baton-diff-${change}` : undefined;
            }}
          />
        </Stack>
      )}
    </Modal>
  );
}
