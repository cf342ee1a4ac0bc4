import { Alert, Badge, Button, Card, Group, Indicator, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Calendar } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Occurrence } from '../../../workflows/duty/duty.messages';
import { api, idempotencyKey, ok } from '../api/api';
import { useFormat } from '../i18n/format';

type DutyAction = 'pause' | 'resume' | 'skip-next';

/** `GET /api/duties/{id}/upcoming`: the next 12 occurrences, each with its adjusted date and why it moved. */
async function fetchUpcoming(id: string): Promise<Occurrence[]> {
  return ok(api.api.duties[':id'].upcoming.$get({ param: { id }, query: { count: '12' } }));
}

/** Duties: a calendar of upcoming occurrences (moved ones explained), and pause / resume / skip the next one. */
export function DutiesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const duties = useQuery({
    queryKey: ['duties'],
    queryFn: () => ok(api.api.duties.$get({ query: { limit: '100' } })),
  });
  const items = duties.data?.items ?? [];
  const upcoming = useQueries({
    queries: items.map((duty) => ({
      queryKey: ['duties', duty.id, 'upcoming'],
      queryFn: () => fetchUpcoming(duty.id),
      enabled: duty.status !== 'ended',
    })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const byDate = new Map<string, { duty: string; occurrence: Occurrence }[]>();
  items.forEach((duty, index) => {
    for (const occurrence of upcoming[index]?.data ?? []) {
      const list = byDate.get(occurrence.date) ?? [];
      list.push({ duty: duty.name, occurrence });
      byDate.set(occurrence.date, list);
    }
  });

  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: DutyAction }) => {
      const endpoint = api.api.duties[':id'][action];
      if (!endpoint) throw new Error(`no duty route for ${action}`);
      return ok(endpoint.$post({ param: { id }, header: { 'idempotency-key': idempotencyKey() }, json: {} }));
    },
    onSuccess: (view: unknown, { id, action }) => {
      // The workflow answers with the duty as it now stands; its row follows a moment later, so show the answer now.
      const status = (view as { status?: unknown } | null)?.status;
      if (status === 'active' || status === 'paused' || status === 'ended') {
        client.setQueryData(['duties'], (old: typeof duties.data) =>
          old
            ? {
                ...old,
                items: old.items.map((duty) => (duty.id === id ? { ...duty, status } : duty)),
              }
            : old
        );
      }
      notifications.show({ color: 'teal', message: t(`dutyDone.${action}`) });
      void client.invalidateQueries({ queryKey: ['duties', id, 'upcoming'] });
      setTimeout(() => void client.invalidateQueries({ queryKey: ['duties'] }), 1500);
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });

  return (
    <div className="baton-page">
      <Stack>
        <Title order={2}>{t('duties.title')}</Title>
        {duties.error && <Alert color="red">{duties.error.message}</Alert>}
        {duties.data && items.length === 0 && <Text c="dimmed">{t('duties.none')}</Text>}
        <Group align="start">
          <Calendar
            numberOfColumns={2}
            getDayProps={(date) => ({ selected: date === selected, onClick: () => setSelected(date) })}
            renderDay={(date) => {
              const day = Number(date.slice(8, 10));
              const count = byDate.get(date)?.length ?? 0;
              return (
                <Indicator size={6} color="blue" offset={-2} disabled={count === 0}>
                  <div>{day}</div>
                </Indicator>
              );
            }}
          />
          <Stack gap="xs" miw={260}>
            {selected &&
              (byDate.get(selected) ?? []).map(({ duty, occurrence }) => (
                <Card key={`${duty}-${occurrence.at}`} withBorder padding="xs">
                  <Text fw={600}>{duty}</Text>
                  <Text size="sm">{format.dateTime(new Date(occurrence.at))}</Text>
                  {occurrence.moved && (
                    <Text size="xs" c="dimmed">
                      {t('duties.moved', { date: occurrence.nominalDate })}
                    </Text>
                  )}
                </Card>
              ))}
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {items.map((duty) => (
            <Card key={duty.id} withBorder data-testid={`duty-${duty.id}`}>
              <Group justify="space-between">
                <Text fw={600}>{duty.name}</Text>
                <Badge color={duty.status === 'active' ? 'teal' : 'gray'}>{t(`duties.status.${duty.status}`)}</Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {duty.nextOccurrenceAt
                  ? t('duties.next', { date: format.dateTime(new Date(duty.nextOccurrenceAt)) })
                  : t('duties.noNext')}
              </Text>
              <Group mt="xs" gap="xs">
                {duty.status === 'active' && (
                  <Button size="xs" variant="default" onClick={() => act.mutate({ id: duty.id, action: 'pause' })}>
                    {t('duties.pause')}
                  </Button>
                )}
                {duty.status === 'paused' && (
                  <Button size="xs" variant="default" onClick={() => act.mutate({ id: duty.id, action: 'resume' })}>
                    {t('duties.resume')}
                  </Button>
                )}
                {duty.status === 'active' && (
                  <Button size="xs" variant="default" onClick={() => act.mutate({ id: duty.id, action: 'skip-next' })}>
                    {t('duties.skipNext')}
                  </Button>
                )}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </div>
  );
}
