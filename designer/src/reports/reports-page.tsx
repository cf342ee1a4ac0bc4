import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Card, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { usePeople } from '../processes/start-process-page';
import { useSession } from '../session/session';
import { ReportChoiceSelect } from './report-choice-select';
import { completedByAssignee, hoursByPerson, periodFigures, type TimeBreakdown } from './report-figures';

type Period = 'daily' | 'weekly' | 'monthly';

/** Reports as charts and a table: on-time rate, time spent, escalations per period, completed steps per assistant. */
export function ReportsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession().data;
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const [period, setPeriod] = useState<Period>('weekly');
  const reports = useQuery({
    queryKey: ['reports', period],
    queryFn: () => ok(api.api.reports.$get({ query: { limit: '60', period } })),
  });
  const people = usePeople(staff);
  const names = new Map((people.data?.items ?? []).map((person) => [person.id, person.name]));
  const rows = reports.data?.items ?? [];
  const figures = periodFigures(rows);
  const byAssignee = completedByAssignee(rows).map((entry) => ({
    ...entry,
    assignee: names.get(entry.assignee) ?? entry.assignee,
  }));
  const hoursBy = (breakdown: TimeBreakdown) =>
    hoursByPerson(rows, breakdown).map((entry) => ({ ...entry, person: names.get(entry.person) ?? entry.person }));
  const breakdowns = [
    {
      key: 'timeByAssistant' as const,
      title: t('reports.timePerAssistant'),
      color: 'blue.6',
      data: hoursBy('timeByAssistant'),
    },
    { key: 'timeByClient' as const, title: t('reports.timePerClient'), color: 'cyan.6', data: hoursBy('timeByClient') },
  ];

  return (
    <div className="baton-page">
      <Stack>
        <Title order={2}>{t('reports.title')}</Title>
        <ReportChoiceSelect />
        <SegmentedControl
          w={320}
          value={period}
          onChange={(value) => setPeriod(value as Period)}
          data={(['daily', 'weekly', 'monthly'] as const).map((value) => ({
            value,
            label: t(`reports.periods.${value}`),
          }))}
        />
        {reports.error && <Alert color="red">{problemText(t, reports.error)}</Alert>}
        {reports.data && rows.length === 0 && <Text c="dimmed">{t('reports.none')}</Text>}
        {rows.length > 0 && (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Text fw={600} mb="xs">
                  {t('reports.onTimeRate')}
                </Text>
                <LineChart
                  h={220}
                  data={figures.map((figure) => ({ ...figure, onTimeRate: figure.onTimeRate ?? null }))}
                  dataKey="label"
                  yAxisProps={{ domain: [0, 100] }}
                  unit="%"
                  series={[{ name: 'onTimeRate', label: t('reports.onTimeRate'), color: 'teal.6' }]}
                />
              </Card>
              <Card withBorder>
                <Text fw={600} mb="xs">
                  {t('reports.hoursSpent')}
                </Text>
                <BarChart
                  h={220}
                  data={figures}
                  dataKey="label"
                  series={[{ name: 'hoursSpent', label: t('reports.hoursSpent'), color: 'blue.6' }]}
                />
              </Card>
              <Card withBorder>
                <Text fw={600} mb="xs">
                  {t('reports.escalations')}
                </Text>
                <BarChart
                  h={220}
                  data={figures}
                  dataKey="label"
                  series={[
                    { name: 'escalations', label: t('reports.escalations'), color: 'orange.6' },
                    { name: 'missed', label: t('reports.missed'), color: 'red.6' },
                  ]}
                />
              </Card>
              <Card withBorder>
                <Text fw={600} mb="xs">
                  {t('reports.perAssistant')}
                </Text>
                <BarChart
                  h={220}
                  data={byAssignee}
                  dataKey="assignee"
                  series={[{ name: 'completed', label: t('reports.completed'), color: 'grape.6' }]}
                />
              </Card>
              {breakdowns.map((breakdown) => (
                <Card withBorder key={breakdown.key} data-testid={`reports-${breakdown.key}`}>
                  <Text fw={600} mb="xs">
                    {breakdown.title}
                  </Text>
                  {breakdown.data.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('reports.noTime')}
                    </Text>
                  ) : (
                    <>
                      <BarChart
                        h={Math.max(120, breakdown.data.length * 32)}
                        data={breakdown.data}
                        dataKey="person"
                        orientation="vertical"
                        yAxisProps={{ width: 120 }}
                        series={[{ name: 'hours', label: t('reports.hoursSpent'), color: breakdown.color }]}
                      />
                      <Table mt="xs">
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('reports.person')}</Table.Th>
                            <Table.Th ta="right">{t('reports.hoursSpent')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {breakdown.data.map((entry) => (
                            <Table.Tr key={entry.person}>
                              <Table.Td>{entry.person}</Table.Td>
                              <Table.Td ta="right">{format.number(entry.hours)}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </>
                  )}
                </Card>
              ))}
            </SimpleGrid>
            <Table.ScrollContainer minWidth={560}>
              <Table data-testid="reports-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reports.period')}</Table.Th>
                    <Table.Th>{t('reports.completed')}</Table.Th>
                    <Table.Th>{t('reports.missed')}</Table.Th>
                    <Table.Th>{t('reports.onTimeRate')}</Table.Th>
                    <Table.Th>{t('reports.hoursSpent')}</Table.Th>
                    <Table.Th>{t('reports.escalations')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {figures.map((figure) => (
                    <Table.Tr key={figure.label}>
                      <Table.Td>{figure.label}</Table.Td>
                      <Table.Td>{format.number(figure.completed)}</Table.Td>
                      <Table.Td>{format.number(figure.missed)}</Table.Td>
                      <Table.Td>
                        {figure.onTimeRate === undefined ? '–' : `${format.number(figure.onTimeRate)} %`}
                      </Table.Td>
                      <Table.Td>{format.number(figure.hoursSpent)}</Table.Td>
                      <Table.Td>{format.number(figure.escalations)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </div>
  );
}
