import {
  Alert,
  Button,
  Card,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { AbsencesPanel } from '../people/absences-panel';
import type { BusinessCalendar } from '../../../workflows/calendar';
import { CalendarEditor } from './calendar-editor';
import type { Role } from '../session/session';

const ROLES: Role[] = ['admin', 'manager', 'assistant', 'observer'];

function useUsers() {
  return useQuery({ queryKey: ['people'], queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })) });
}
function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: () => ok(api.api.teams.$get()) });
}

/** Admin: people (role, team, reporting line, deputy), absences, teams and their business calendars. */
export function AdminPage() {
  const { t } = useTranslation();
  return (
    <div className="baton-page">
      <Title order={2} mb="md">
        {t('admin.title')}
      </Title>
      <Tabs defaultValue="people">
        <Tabs.List>
          <Tabs.Tab value="people">{t('admin.people')}</Tabs.Tab>
          <Tabs.Tab value="absences">{t('admin.absences')}</Tabs.Tab>
          <Tabs.Tab value="teams">{t('admin.teams')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="people" pt="md">
          <PeopleTab />
        </Tabs.Panel>
        <Tabs.Panel value="absences" pt="md">
          <AbsencesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsTab />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

function PeopleTab() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const users = useUsers();
  const teams = useTeams();
  const people = (users.data?.items ?? []).map((user) => ({ value: user.id, label: user.name }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const update = useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: Parameters<(typeof api.api.users)[':id']['$patch']>[0]['json'];
    }) => ok(api.api.users[':id'].$patch({ param: { id }, json: patch })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['people'] }),
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });
  const [draft, setDraft] = useState({ name: '', email: '', password: '', role: 'assistant' as Role });
  const create = useMutation({
    mutationFn: () => ok(api.api.users.$post({ header: { 'idempotency-key': idempotencyKey() }, json: { ...draft } })),
    onSuccess: () => {
      setDraft({ name: '', email: '', password: '', role: 'assistant' });
      void client.invalidateQueries({ queryKey: ['people'] });
    },
  });

  return (
    <Stack>
      {users.error && <Alert color="red">{problemText(t, users.error)}</Alert>}
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="admin-users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.name')}</Table.Th>
              <Table.Th>{t('admin.role')}</Table.Th>
              <Table.Th>{t('admin.team')}</Table.Th>
              <Table.Th>{t('admin.reportsTo')}</Table.Th>
              <Table.Th>{t('admin.deputy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text size="sm">{user.name}</Text>
                  <Text size="xs" c="dimmed">
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    allowDeselect={false}
                    data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                    value={user.role}
                    onChange={(role) => role && update.mutate({ id: user.id, patch: { role: role as Role } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    clearable
                    data={teamOptions}
                    value={user.teamId}
                    onChange={(teamId) => update.mutate({ id: user.id, patch: { teamId } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    clearable
                    searchable
                    data={people.filter((person) => person.value !== user.id)}
                    value={user.reportsTo}
                    onChange={(reportsTo) => update.mutate({ id: user.id, patch: { reportsTo } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    clearable
                    searchable
                    data={people.filter((person) => person.value !== user.id)}
                    value={user.deputyId}
                    onChange={(deputyId) => update.mutate({ id: user.id, patch: { deputyId } })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Card withBorder>
        <Title order={4} mb="xs">
          {t('admin.newUser')}
        </Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 5 }} spacing="xs">
            <TextInput
              label={t('admin.name')}
              required
              value={draft.name}
              onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })}
            />
            <TextInput
              label={t('login.email')}
              type="email"
              required
              value={draft.email}
              onChange={(event) => setDraft({ ...draft, email: event.currentTarget.value })}
            />
            <PasswordInput
              label={t('login.password')}
              required
              minLength={8}
              value={draft.password}
              onChange={(event) => setDraft({ ...draft, password: event.currentTarget.value })}
            />
            <Select
              label={t('admin.role')}
              allowDeselect={false}
              data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              value={draft.role}
              onChange={(role) => role && setDraft({ ...draft, role: role as Role })}
            />
            <Button type="submit" mt={24} loading={create.isPending}>
              {t('admin.create')}
            </Button>
          </SimpleGrid>
          {create.error && (
            <Alert color="red" mt="xs">
              {problemText(t, create.error)}
            </Alert>
          )}
        </form>
      </Card>
    </Stack>
  );
}

function TeamsTab() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const teams = useTeams();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => ok(api.api.teams.$post({ header: { 'idempotency-key': idempotencyKey() }, json: { name } })),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: ['teams'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });
  const update = useMutation({
    mutationFn: ({ id, calendar }: { id: string; calendar: BusinessCalendar }) =>
      ok(api.api.teams[':id'].$patch({ param: { id }, json: { calendar } })),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('admin.saved') });
      void client.invalidateQueries({ queryKey: ['teams'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });

  return (
    <Stack>
      {(teams.data ?? []).map((team) => (
        <Card withBorder key={team.id}>
          <Title order={4}>{team.name}</Title>
          <CalendarEditor
            initial={team.calendar ?? undefined}
            teamName={team.name}
            saving={update.isPending}
            onSave={(calendar) => update.mutate({ id: team.id, calendar })}
          />
        </Card>
      ))}
      <Group align="end">
        <TextInput label={t('admin.newTeam')} value={name} onChange={(event) => setName(event.currentTarget.value)} />
        <Button disabled={!name.trim()} loading={create.isPending} onClick={() => create.mutate()}>
          {t('admin.create')}
        </Button>
      </Group>
    </Stack>
  );
}
