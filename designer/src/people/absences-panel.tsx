import { Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';

type Absence = Awaited<ReturnType<typeof fetchAbsences>>[number];

const fetchAbsences = (userId: string) => ok(api.api.users[':id'].absences.$get({ param: { id: userId } }));

/** Today as a calendar day in the browser's zone, YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * A person's absences with their deputy: record one, change its days or deputy, or end it now (the person is back and
 * their steps return to them). Managers see the people they look after; the server applies the org rules.
 */
export function AbsencesPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const users = useQuery({
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
  });
  const people = (users.data?.items ?? [])
    .filter((user) => user.role !== 'observer')
    .map((user) => ({ value: user.id, label: user.name }));
  const name = (id: string | null) => people.find((person) => person.value === id)?.label ?? '';
  const [userId, setUserId] = useState<string | null>(null);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [deputyId, setDeputyId] = useState<string | null>(null);
  /** The absence being edited, with its form values. */
  const [editing, setEditing] = useState<{
    id: string;
    range: [string | null, string | null];
    deputyId: string | null;
  }>();
  const absences = useQuery({
    queryKey: ['absences', userId],
    queryFn: () => fetchAbsences(userId ?? ''),
    enabled: userId !== null,
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['absences', userId] });
    void client.invalidateQueries({ queryKey: ['inbox'] });
  };
  const fail = (error: Error) => notifications.show({ color: 'red', message: problemText(t, error) });
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.api.users[':id'].absences.$post({
          param: { id: userId ?? '' },
          header: { 'idempotency-key': idempotencyKey() },
          json: { startsOn: range[0] ?? '', endsOn: range[1] ?? range[0] ?? '', deputyId },
        })
      ),
    onSuccess: () => {
      setRange([null, null]);
      refresh();
    },
    onError: fail,
  });
  const save = useMutation({
    mutationFn: (edit: NonNullable<typeof editing>) =>
      ok(
        api.api.users[':id'].absences[':absenceId'].$patch({
          param: { id: userId ?? '', absenceId: edit.id },
          json: {
            startsOn: edit.range[0] ?? undefined,
            endsOn: edit.range[1] ?? edit.range[0] ?? undefined,
            deputyId: edit.deputyId,
          },
        })
      ),
    onSuccess: () => {
      setEditing(undefined);
      notifications.show({ color: 'green', message: t('absencesPage.saved') });
      refresh();
    },
    onError: fail,
  });
  const end = useMutation({
    mutationFn: (absence: Absence) =>
      ok(api.api.users[':id'].absences[':absenceId'].end.$post({ param: { id: userId ?? '', absenceId: absence.id } })),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('absencesPage.endedNotice', { name: name(userId) }) });
      refresh();
    },
    onError: fail,
  });
  const day = today();

  return (
    <Stack data-testid="absences-panel">
      <Select
        label={t('admin.person')}
        searchable
        data={people}
        value={userId}
        onChange={(value) => {
          setUserId(value);
          setEditing(undefined);
        }}
        maw={320}
        data-testid="absence-person"
      />
      {userId && (
        <>
          {(absences.data ?? []).length === 0 && <Text c="dimmed">{t('absencesPage.none')}</Text>}
          <Table.ScrollContainer minWidth={300}>
            <Table data-testid="absences">
              <Table.Tbody>
                {(absences.data ?? []).map((absence) => {
                  const over = absence.endedAt !== null || absence.endsOn < day;
                  const current = !over && absence.startsOn <= day;
                  if (editing?.id === absence.id) {
                    return (
                      <Table.Tr key={absence.id}>
                        <Table.Td colSpan={3}>
                          <Group align="end" wrap="wrap" gap="xs">
                            <DatePickerInput
                              type="range"
                              label={t('admin.absence')}
                              value={editing.range}
                              onChange={(value) => setEditing({ ...editing, range: [value[0], value[1]] })}
                              miw={240}
                              data-testid="absence-edit-range"
                            />
                            <Select
                              label={t('admin.deputy')}
                              clearable
                              data={people.filter((person) => person.value !== userId)}
                              value={editing.deputyId}
                              onChange={(value) => setEditing({ ...editing, deputyId: value })}
                              data-testid="absence-edit-deputy"
                            />
                            <Button
                              loading={save.isPending}
                              onClick={() => save.mutate(editing)}
                              data-testid="absence-save"
                            >
                              {t('absencesPage.save')}
                            </Button>
                            <Button variant="default" onClick={() => setEditing(undefined)}>
                              {t('common.cancel')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  }
                  return (
                    <Table.Tr key={absence.id} data-testid={`absence-${absence.id}`}>
                      <Table.Td>
                        <Text size="sm">
                          {format.date(new Date(absence.startsOn))} – {format.date(new Date(absence.endsOn))}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {absence.deputyId ? t('admin.deputyIs', { name: name(absence.deputyId) }) : ''}
                          {absence.note ? ` · ${absence.note}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {absence.endedAt !== null ? (
                          <Text size="xs" c="dimmed" data-testid="absence-ended">
                            {t('absencesPage.endedEarly', { date: format.dateTime(new Date(absence.endedAt)) })}
                          </Text>
                        ) : current ? (
                          <Badge color="orange" variant="light">
                            {t('absencesPage.current')}
                          </Badge>
                        ) : over ? (
                          <Badge color="gray" variant="light">
                            {t('absencesPage.over')}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {!over && (
                          <Group gap={6} justify="end" wrap="wrap">
                            <Button
                              size="xs"
                              variant="default"
                              data-testid="absence-change"
                              onClick={() =>
                                setEditing({
                                  id: absence.id,
                                  range: [absence.startsOn, absence.endsOn],
                                  deputyId: absence.deputyId,
                                })
                              }
                            >
                              {t('absencesPage.edit')}
                            </Button>
                            {current && (
                              <Button
                                size="xs"
                                color="orange"
                                loading={end.isPending}
                                onClick={() => end.mutate(absence)}
                                data-testid="absence-end"
                              >
                                {t('absencesPage.endNow')}
                              </Button>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group align="end" wrap="wrap">
            <DatePickerInput
              type="range"
              label={t('admin.absence')}
              value={range}
              onChange={(value) => setRange([value[0], value[1]])}
              miw={260}
            />
            <Select
              label={t('admin.deputy')}
              clearable
              data={people.filter((person) => person.value !== userId)}
              value={deputyId}
              onChange={setDeputyId}
            />
            <Button disabled={!range[0]} loading={create.isPending} onClick={() => create.mutate()}>
              {t('admin.addAbsence')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

/** Absences for managers (admins have them under Admin too). */
export function AbsencesPage() {
  const { t } = useTranslation();
  return (
    <div className="baton-page">
      <Title order={2} mb="md">
        {t('admin.absences')}
      </Title>
      <AbsencesPanel />
    </div>
  );
}
