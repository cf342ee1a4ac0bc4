import { Alert, Anchor, Badge, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { problemText } from '../api/api';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../i18n/format';
import { useSession } from '../session/session';
import { fetchTemplates } from '../templates/template-queries';
import { usePeople } from './start-process-page';
import { fetchProcesses, type ProcessFilters } from './process-queries';

const STATUSES = ['running', 'completed', 'cancelled', 'failed', 'rejected'] as const;
export const PROCESS_STATUS_COLORS: Record<string, string> = {
  running: 'blue',
  completed: 'teal',
  cancelled: 'gray',
  failed: 'red',
  rejected: 'orange',
};

/** Every process the caller may see, filtered by template, status, assignee and overdue steps. */
export function ProcessesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession().data;
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [overdue, setOverdue] = useState(false);
  const filters: ProcessFilters = {
    limit: '100',
    ...(templateId ? { templateId } : {}),
    ...(status ? { status: status as (typeof STATUSES)[number] } : {}),
    ...(assignee ? { assignee } : {}),
    ...(overdue ? { overdue: 'true' as const } : {}),
  };
  const processes = useQuery({ queryKey: ['processes', filters], queryFn: () => fetchProcesses(filters) });
  const templates = useQuery({ queryKey: ['templates'], queryFn: () => fetchTemplates(), enabled: staff });
  const people = usePeople(staff);
  const names = new Map((people.data?.items ?? []).map((person) => [person.id, person.name]));

  return (
    <div className="baton-page">
      <Stack>
        <Title order={2}>{t('processes.title')}</Title>
        <Group align="end">
          {staff && (
            <Select
              label={t('processes.template')}
              clearable
              data={(templates.data?.items ?? []).map((template) => ({ value: template.id, label: template.name }))}
              value={templateId}
              onChange={setTemplateId}
            />
          )}
          <Select
            label={t('processes.status')}
            clearable
            data={STATUSES.map((value) => ({ value, label: t(`processStatus.${value}`) }))}
            value={status}
            onChange={setStatus}
            data-testid="filter-status"
          />
          {staff && (
            <Select
              label={t('processes.assignee')}
              clearable
              searchable
              data={(people.data?.items ?? []).map((person) => ({ value: person.id, label: person.name }))}
              value={assignee}
              onChange={setAssignee}
            />
          )}
          <Switch
            label={t('processes.overdue')}
            checked={overdue}
            onChange={(event) => setOverdue(event.currentTarget.checked)}
          />
        </Group>
        {processes.error && <Alert color="red">{problemText(t, processes.error)}</Alert>}
        {processes.data?.items.length === 0 && <Text c="dimmed">{t('processes.none')}</Text>}
        {processes.data && processes.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover data-testid="processes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('processes.template')}</Table.Th>
                  <Table.Th>{t('processes.status')}</Table.Th>
                  <Table.Th>{t('processes.starter')}</Table.Th>
                  <Table.Th>{t('processes.started')}</Table.Th>
                  <Table.Th>{t('processes.openSteps')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {processes.data.items.map((process) => (
                  <Table.Tr key={process.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/processes/${process.id}`} data-testid={`process-${process.id}`}>
                        {process.templateName} v{process.templateVersion}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge
                        color={PROCESS_STATUS_COLORS[process.status] ?? 'gray'}
                        variant="light"
                        styles={{ root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } }}
                      >
                        {t(`processStatus.${process.status}`, { defaultValue: process.status })}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{process.starterName ?? names.get(process.starter) ?? ''}</Table.Td>
                    <Table.Td>{format.dateTime(new Date(process.startedAt))}</Table.Td>
                    <Table.Td>
                      {process.openSteps}
                      {process.overdueSteps > 0 && (
                        <Badge ml="xs" color="red" size="sm">
                          {t('processes.overdueCount', { count: process.overdueSteps })}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </div>
  );
}
