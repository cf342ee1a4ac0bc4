import {
  Affix,
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { actOnStep, type StepAction } from '../inbox/inbox-queries';
import { useWorkerChoices } from '../inbox/manage-step';
import { StatusBadge } from '../inbox/step-panel';
import { NonWorkingDayMark, ProcessCalendarsProvider } from '../calendar/non-working-day';

const PRIORITIES = {
  doFirst: { urgent: true, important: true },
  schedule: { urgent: false, important: true },
  delegate: { urgent: true, important: false },
  drop: { urgent: false, important: false },
} as const;

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** What a team lead looks at every morning: each person's open steps, overdue and at-risk first. Live. */
export function TeamPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const team = useQuery({
    queryKey: ['inbox', 'team'],
    queryFn: () => ok(api.api.inbox.team.$get()),
    refetchInterval: 60_000,
  });
  const people = team.data?.people ?? [];
  const client = useQueryClient();
  // Several steps picked at once: handed to one person or given one priority, each step its own action.
  const [picked, setPicked] = useState<string[]>([]);
  const [to, setTo] = useState<string | null>(null);
  const choices = useWorkerChoices(picked.length > 0);
  const bulk = useMutation({
    mutationFn: async (action: StepAction) => {
      const refused: string[] = [];
      const queued = new Set(
        people.flatMap((person) => (person.role === 'team' ? person.steps.map((step) => step.id) : []))
      );
      for (const id of picked) {
        // A step still in its team's queue is assigned to the person rather than handed on.
        const each: StepAction =
          action.type === 'reassign' && queued.has(id) ? { type: 'assign', to: action.to } : action;
        await actOnStep(id, each).catch((error: unknown) => refused.push(problemText(t, error)));
      }
      return { done: picked.length - refused.length, refused };
    },
    onSuccess: ({ done, refused }) => {
      notifications.show({
        color: refused.length > 0 ? 'orange' : 'teal',
        message:
          t('team.bulkDone', { count: done }) +
          (refused.length > 0 ? ` ${t('team.bulkRefused', { count: refused.length, reason: refused[0] })}` : ''),
      });
      setPicked([]);
      setTo(null);
      for (const key of [['inbox'], ['step'], ['process'], ['processes']])
        void client.invalidateQueries({ queryKey: key });
    },
  });
  const toggle = (id: string, on: boolean) =>
    setPicked((current) => (on ? [...new Set([...current, id])] : current.filter((other) => other !== id)));
  return (
    <div className="baton-page">
      <Stack>
        <Title order={2}>{t('team.title')}</Title>
        {team.error && <Alert color="red">{problemText(t, team.error)}</Alert>}
        {team.data && people.length === 0 && <Text c="dimmed">{t('team.empty')}</Text>}
        <ProcessCalendarsProvider
          processes={people.flatMap((person) => person.steps.flatMap((step) => (step.dueAt ? [step.processId] : [])))}
        >
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            {people.map((person) => (
              <Card key={person.id} withBorder data-testid={`team-person-${person.id}`}>
                <Group justify="space-between" wrap="nowrap" mb="xs">
                  <Group gap="xs" wrap="nowrap">
                    <Avatar color="blue" radius="xl">
                      {initials(person.name)}
                    </Avatar>
                    <Text fw={700}>
                      {person.role === 'team' ? t('team.queueOf', { team: person.name }) : person.name}
                    </Text>
                  </Group>
                  <Group gap={4}>
                    {person.overdue > 0 && (
                      <Badge color="red">{t('team.overdueCount', { count: person.overdue })}</Badge>
                    )}
                    {person.atRisk > 0 && (
                      <Badge color="orange">{t('team.atRiskCount', { count: person.atRisk })}</Badge>
                    )}
                    <Badge variant="light">{t('team.openCount', { count: person.steps.length })}</Badge>
                  </Group>
                </Group>
                <Stack gap={6}>
                  {person.steps.map((step) => (
                    <Group
                      key={step.id}
                      justify="space-between"
                      wrap="nowrap"
                      gap="xs"
                      data-testid={`team-step-${step.id}`}
                      style={{
                        borderLeft: `3px solid var(--mantine-color-${step.overdue ? 'red' : step.atRisk ? 'orange' : 'gray'}-5)`,
                        paddingLeft: 8,
                      }}
                    >
                      <Checkbox
                        aria-label={t('team.pick', { title: step.title })}
                        checked={picked.includes(step.id)}
                        onChange={(event) => toggle(step.id, event.currentTarget.checked)}
                        data-testid={`team-pick-${step.id}`}
                      />
                      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                        <Anchor component={Link} to={`/inbox/${step.id}`} size="sm" fw={600} lineClamp={1}>
                          {step.title}
                        </Anchor>
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {step.processName ?? ''}
                          {step.round > 1 ? ` · ${t('inbox.round', { round: step.round })}` : ''}
                          {step.actingForName ? ` · ${t('stepView.actingFor', { name: step.actingForName })}` : ''}
                        </Text>
                        {/* Under the title, not beside the date: a long holiday name never squeezes the title. */}
                        {step.dueAt && (
                          <div>
                            <NonWorkingDayMark at={step.dueAt} process={step.processId} />
                          </div>
                        )}
                      </Stack>
                      <Stack gap={2} align="end" style={{ flexShrink: 0 }}>
                        <StatusBadge status={step.status} />
                        {step.dueAt && (
                          <Text size="xs" c={step.overdue ? 'red' : step.atRisk ? 'orange' : 'dimmed'}>
                            {format.date(new Date(step.dueAt))}
                          </Text>
                        )}
                        {step.escalationLevel > 0 && (
                          <Badge size="xs" color="red">
                            {t('inbox.escalated', { level: step.escalationLevel })}
                          </Badge>
                        )}
                      </Stack>
                    </Group>
                  ))}
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </ProcessCalendarsProvider>
      </Stack>
      {picked.length > 0 && (
        <Affix position={{ bottom: 12, left: 12, right: 12 }}>
          <Paper withBorder shadow="md" p="sm" maw={900} mx="auto" data-testid="team-bulk">
            <Group gap="xs" wrap="wrap" align="end">
              <Text fw={600} style={{ flex: '1 1 100%' }}>
                {t('team.picked', { count: picked.length })}
              </Text>
              <Select
                label={t('manage.giveTo')}
                searchable
                data={choices}
                value={to}
                onChange={setTo}
                style={{ flex: '1 1 180px' }}
                data-testid="team-bulk-to"
              />
              <Button
                disabled={to === null}
                loading={bulk.isPending}
                onClick={() => to && bulk.mutate({ type: 'reassign', to })}
                data-testid="team-bulk-reassign"
              >
                {t('manage.give')}
              </Button>
              <Select
                label={t('team.setPriority')}
                data={(Object.keys(PRIORITIES) as (keyof typeof PRIORITIES)[]).map((key) => ({
                  value: key,
                  label: t(`inbox.quadrant.${key}`),
                }))}
                value={null}
                onChange={(key) =>
                  key && bulk.mutate({ type: 'setPriority', ...PRIORITIES[key as keyof typeof PRIORITIES] })
                }
                style={{ flex: '1 1 180px' }}
                data-testid="team-bulk-priority"
              />
              <Button variant="default" onClick={() => setPicked([])}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Paper>
        </Affix>
      )}
    </div>
  );
}
