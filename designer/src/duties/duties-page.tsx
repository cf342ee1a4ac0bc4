import { Alert, Badge, Button, Card, Group, Indicator, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Calendar } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Occurrence } from '../../../workflows/duty/duty.messages';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { useSession } from '../session/session';
import { useDutyDaysOff } from './duty-days-off';
import { DutyForm, type DutyBeingChanged } from './duty-form';

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
    // A new duty's workflow fills in its next occurrence a moment after it is created: look again soon until it has.
    refetchInterval: (query) =>
      query.state.data?.items.some((duty) => duty.status === 'active' && duty.nextOccurrenceAt === null)
        ? 2000
        : 60_000,
  });
  const items = duties.data?.items ?? [];
  const upcoming = useQueries({
    queries: items.map((duty) => ({
      queryKey: ['duties', duty.id, 'upcoming'],
      queryFn: () => fetchUpcoming(duty.id),
      enabled: duty.status === 'active' || duty.status === 'paused',
    })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const me = useSession().data;
  const staff = me?.role === 'admin' || me?.role === 'manager';
  // `?schedule=<template>`: the designer's offer after publishing a template whose start node repeats.
  const [search, setSearch] = useSearchParams();
  const preset = search.get('schedule') ?? undefined;
  const [creating, setCreating] = useState(false);
  const [changing, setChanging] = useState<DutyBeingChanged>();
  // Every non-working day of the two months shown (and the next) on the duties' own calendars, named with its reason.
  // Two months side by side do not fit a phone: one there.
  const wide = useMediaQuery('(min-width: 48em)') ?? true;
  const [month, setMonth] = useState(() => DateTime.now().startOf('month').toISODate() ?? '');
  const daysOff = useDutyDaysOff(
    items.map((duty) => duty.id),
    month,
    DateTime.fromISO(month).plus({ months: 3 }).toISODate() ?? month
  );
  // Skipped occurrences do not run: they get no dot, only a line in the day's list.
  const byDate = new Map<string, { duty: string; dutyId: string; occurrence: Occurrence }[]>();
  items.forEach((duty, index) => {
    for (const occurrence of upcoming[index]?.data ?? []) {
      const day = occurrence.skipped ? occurrence.nominalDate : occurrence.date;
      const list = byDate.get(day) ?? [];
      list.push({ duty: duty.name, dutyId: duty.id, occurrence });
      byDate.set(day, list);
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
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });

  return (
    <div className="baton-page">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('duties.title')}</Title>
          {staff && (
            <Button onClick={() => setCreating(true)} data-testid="duty-new">
              {t('dutyForm.newDuty')}
            </Button>
          )}
        </Group>
        {duties.error && <Alert color="red">{problemText(t, duties.error)}</Alert>}
        {duties.data && items.length === 0 && <Text c="dimmed">{t('duties.none')}</Text>}
        <Group align="start">
          <Calendar
            numberOfColumns={wide ? 2 : 1}
            // Weekends come from the duties' calendars (a Russian working Saturday is not one), not Mantine's default.
            weekendDays={[]}
            onDateChange={(date) => setMonth(date.slice(0, 7) + '-01')}
            getDayProps={(date) => ({
              selected: date === selected,
              onClick: () => setSelected(date),
              ...(daysOff.on(date).length > 0
                ? { style: { color: 'var(--mantine-color-red-7)', fontWeight: 700 } }
                : {}),
            })}
            renderDay={(date) => {
              const day = Number(date.slice(8, 10));
              const count = (byDate.get(date) ?? []).filter((entry) => !entry.occurrence.skipped).length;
              const off = daysOff.on(date);
              return (
                <Indicator size={6} color="blue" offset={-2} disabled={count === 0}>
                  <div
                    title={off.length > 0 ? off.map((entry) => entry.text).join('\n') : undefined}
                    data-testid={off.length > 0 ? `day-off-${date}` : undefined}
                    data-reason={off[0]?.day.reason}
                  >
                    {day}
                  </div>
                </Indicator>
              );
            }}
          />
          <Stack gap="xs" miw={260}>
            {selected &&
              daysOff.on(selected).map((entry) => (
                <Text key={entry.calendar.calendarId} size="sm" c="red" data-testid="selected-day-off">
                  {entry.text}
                </Text>
              ))}
            {selected &&
              (byDate.get(selected) ?? []).map(({ duty, dutyId, occurrence }) => (
                <Card key={`${duty}-${occurrence.at}`} withBorder padding="xs">
                  <Text fw={600}>{duty}</Text>
                  <Text size="sm">{format.dateTime(new Date(occurrence.at))}</Text>
                  {occurrence.skipped ? (
                    <Text size="xs" c="orange">
                      {occurrence.skipped === 'skipNext'
                        ? t('dutyForm.skippedByRequest')
                        : t('dutyForm.skippedBecause', {
                            why: daysOff.why(dutyId, occurrence.nominalDate) ?? t('dutyForm.weekend'),
                          })}
                    </Text>
                  ) : (
                    occurrence.moved && (
                      <Text size="xs" c="dimmed">
                        {t('dutyForm.movedFrom', {
                          date: format.date(new Date(`${occurrence.nominalDate}T12:00:00Z`)),
                          why: daysOff.why(dutyId, occurrence.nominalDate) ?? t('dutyForm.weekend'),
                        })}
                      </Text>
                    )
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
                <Badge color={duty.status === 'active' ? 'teal' : duty.status === 'failed' ? 'red' : 'gray'}>
                  {t(`duties.status.${duty.status}`)}
                </Badge>
              </Group>
              <Text size="sm" data-testid={`duty-people-${duty.id}`}>
                {t('duties.people', { assignee: duty.assigneeName, owner: duty.ownerName })}
              </Text>
              <Text size="sm" c="dimmed">
                {duty.status === 'failed'
                  ? (duty.failure ?? '')
                  : duty.status === 'paused'
                    ? t('dutyDone.pause')
                    : duty.nextOccurrenceAt
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
                {(staff || duty.owner === me?.id) && (duty.status === 'active' || duty.status === 'paused') && (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() =>
                      setChanging({
                        id: duty.id,
                        name: duty.name,
                        schedule: duty.schedule,
                        overlap: duty.overlap,
                        templateId: duty.templateId,
                        owner: duty.owner,
                        assignee: duty.assignee,
                      })
                    }
                    data-testid={`duty-change-${duty.id}`}
                  >
                    {t('dutyForm.changeSchedule')}
                  </Button>
                )}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
      {creating && <DutyForm opened onClose={() => setCreating(false)} />}
      {preset && staff && (
        <DutyForm opened presetTemplateId={preset} onClose={() => setSearch({}, { replace: true })} />
      )}
      {changing && <DutyForm opened changing={changing} onClose={() => setChanging(undefined)} />}
    </div>
  );
}
