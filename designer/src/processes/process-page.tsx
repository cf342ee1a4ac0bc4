import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { TemplateDiagram } from '../canvas/template-diagram';
import { useFormat } from '../i18n/format';
import { fetchAudit } from '../inbox/inbox-queries';
import { auditQuote, auditSentence, personName } from '../audit/audit-sentence';
import { formatValue } from '../i18n/format-value';
import { useSession } from '../session/session';
import { fetchProcessDiagram } from '../templates/template-queries';
import { nodeStates } from './node-states';
import { MoveDateCard } from './move-date';
import { fetchProcess } from './process-queries';
import { PROCESS_STATUS_COLORS } from './processes-page';
import { commentVisibility, ProcessCommentCard, VisibilityBadge } from './comment-visibility';
import { SensitiveValuesCard } from './sensitive-values-card';
import { FileList, isFileList } from '../files/file-attach';
import { ProcessFilesCard } from '../files/process-files';
import { ProcessSteps } from './process-steps';

/** One process: its diagram with each node's state, the steps, the audit timeline, and cancel. */
export function ProcessPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const me = useSession().data;
  // Live events refresh both; while the process runs they are also read again now and then, so a missed event
  // (a reconnecting stream) never leaves the page stale for long.
  const whileRunning = (status: string | undefined) => (status === 'running' ? 15_000 : false);
  const process = useQuery({
    queryKey: ['process', id],
    queryFn: () => fetchProcess(id),
    refetchInterval: (query) => whileRunning(query.state.data?.status),
  });
  const audit = useQuery({
    queryKey: ['process', id, 'audit'],
    queryFn: () => fetchAudit(id),
    refetchInterval: () => whileRunning(process.data?.status),
  });
  const version = useQuery({
    queryKey: ['process', id, 'diagram'],
    // The process's own diagram route serves every role that may see the process (observers, assistants too).
    queryFn: () => fetchProcessDiagram(id),
    enabled: process.data !== undefined,
    staleTime: Infinity,
  });
  const [cancelOpened, cancelDialog] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      ok(
        api.api.processes[':id'].cancel.$post({
          param: { id },
          header: { 'idempotency-key': idempotencyKey() },
          json: reason ? { reason } : {},
        })
      ),
    onSuccess: () => {
      cancelDialog.close();
      notifications.show({ color: 'gray', message: t('process.cancelRequested') });
      void client.invalidateQueries({ queryKey: ['process', id] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });

  const states = useMemo(
    () =>
      nodeStates(
        process.data?.steps ?? [],
        (audit.data?.items ?? []).flatMap((entry) => (entry.nodeId ? [entry.nodeId] : [])),
        new Date()
      ),
    [process.data, audit.data]
  );

  if (process.isPending) return <Loader m="md" />;
  if (process.error)
    return (
      <Alert color="red" m="md">
        {problemText(t, process.error)}
      </Alert>
    );
  const data = process.data;
  const definitions = version.data?.template.parameters ?? [];
  const people = data.people;
  const name = (person: string | null | undefined) => personName(t, people, person);
  const valueOf = (parameter: string, value: unknown) => {
    const definition = definitions.find((entry) => entry.name === parameter);
    return formatValue(value, definition?.type, {
      t,
      locale: i18n.language,
      people,
      options: definition?.type === 'choice' ? definition.options : undefined,
    });
  };
  const labelOf = (parameter: string) => {
    const definition = definitions.find((entry) => entry.name === parameter);
    // The template's title in the reader's language, where it has one.
    const titles = definition?.title as Partial<Record<string, string>> | undefined;
    return titles?.[i18n.language.slice(0, 2)] ?? definition?.label ?? parameter;
  };
  const stepTitle = (nodeId: string | null | undefined) => {
    const node = version.data?.template.nodes.find((entry) => entry.id === nodeId);
    const nodeTitle = node && 'title' in node.data ? node.data.title : undefined;
    return data.steps.find((step) => step.nodeId === nodeId)?.title ?? nodeTitle ?? t('auditText.aStep');
  };
  // Checklist item texts of every step, so a tick in the history reads as what was ticked.
  const checklistItem = (id: string) => {
    for (const node of version.data?.template.nodes ?? []) {
      const list = 'checklist' in node.data && Array.isArray(node.data.checklist) ? node.data.checklist : [];
      const found = list.find((item) => item.id === id);
      if (found) return found.text;
    }
    return id;
  };
  const sentence = {
    name,
    step: stepTitle,
    value: valueOf,
    parameter: labelOf,
    checklistItem,
    when: (iso: string) => format.dateTime(new Date(iso)),
  };
  return (
    <div className="baton-page">
      <Stack>
        <Group justify="space-between">
          <Group>
            <Title order={2}>
              {data.templateName} v{data.templateVersion}
            </Title>
            <Badge color={PROCESS_STATUS_COLORS[data.status] ?? 'gray'} data-testid="process-status">
              {t(`processStatus.${data.status}`, { defaultValue: data.status })}
            </Badge>
          </Group>
          {data.status === 'running' && data.mayCancel && (
            <Button color="red" variant="light" onClick={cancelDialog.open} data-testid="process-cancel">
              {t('process.cancel')}
            </Button>
          )}
        </Group>
        {data.clientView ? (
          <Alert color="teal" data-testid="request-received">
            {t('requests.received', { date: format.dateTime(new Date(data.startedAt)) })}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {t('process.started', { date: format.dateTime(new Date(data.startedAt)) })}
          </Text>
        )}
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack>
              {/* The office's diagram is its own business: a client follows the steps, dates and history. */}
              {version.data && !data.clientView && (
                <Card withBorder padding={0}>
                  <TemplateDiagram
                    template={version.data.template}
                    people={data.people}
                    height={420}
                    testId="process-diagram"
                    nodeClass={(nodeId) => {
                      const state = states.get(nodeId);
                      return state ? `baton-state-${state}` : undefined;
                    }}
                  />
                </Card>
              )}
              {!data.clientView && (
                <Group gap="xs">
                  {(['done', 'active', 'overdue', 'escalated', 'cancelled'] as const).map((state) => (
                    <Badge key={state} variant="outline" className={`baton-legend-${state}`}>
                      {t(`nodeState.${state}`)}
                    </Badge>
                  ))}
                </Group>
              )}
              <Card withBorder>
                <Title order={4} mb="xs">
                  {t('process.params')}
                </Title>
                {Object.keys(data.params).length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('start.noParameters')}
                  </Text>
                )}
                <Table>
                  <Table.Tbody>
                    {Object.entries(data.params).map(([parameter, value]) => (
                      <Table.Tr key={parameter}>
                        <Table.Td c="dimmed">{labelOf(parameter)}</Table.Td>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>{valueOf(parameter, value)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
              {!data.clientView && (
                <MoveDateCard
                  process={data}
                  me={me?.id}
                  definition={version.data?.template.parameters}
                  audit={audit.data?.items ?? []}
                />
              )}
              <Card withBorder>
                <Title order={4} mb="xs">
                  {t('process.steps')}
                </Title>
                <ProcessSteps processId={data.id} steps={data.steps} name={name} />
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            {data.status === 'running' && (
              <Box mb="md">
                <ProcessCommentCard processId={data.id} client={data.clientView} />
              </Box>
            )}
            <Box mb="md">
              <ProcessFilesCard processId={data.id} />
            </Box>
            {!data.clientView && data.status !== 'running' && (
              <Box mb="md">
                <SensitiveValuesCard processId={data.id} />
              </Box>
            )}
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('process.history')}
              </Title>
              {audit.error && (
                <Alert color="red" mb="xs">
                  {problemText(t, audit.error)}
                </Alert>
              )}
              <Timeline bulletSize={12} lineWidth={2} data-testid="process-audit">
                {(audit.data?.items ?? []).map((entry) => (
                  <Timeline.Item key={entry.id} title={auditSentence(t, entry, sentence)}>
                    {/* Staff see which comments the client reads; the client reads public ones only. */}
                    {!data.clientView && commentVisibility(entry) && (
                      <VisibilityBadge visibility={commentVisibility(entry)!} />
                    )}
                    {auditQuote(entry) && (
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {auditQuote(entry)}
                      </Text>
                    )}
                    {isFileList(entry.detail.files) && <FileList files={entry.detail.files} testId="audit-files" />}
                    <Text size="xs" c="dimmed">
                      {format.dateTime(new Date(entry.createdAt))}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
      <Modal opened={cancelOpened} onClose={cancelDialog.close} title={t('process.cancel')}>
        <Stack>
          <Textarea
            label={t('process.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={cancelDialog.close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              onClick={() => cancel.mutate()}
              data-testid="process-cancel-confirm"
            >
              {t('process.cancelConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}
