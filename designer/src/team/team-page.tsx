import { Alert, Anchor, Avatar, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../api/api';
import { useFormat } from '../i18n/format';
import { StatusBadge } from '../inbox/step-panel';

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
  return (
    <div className="baton-page">
      <Stack>
        <Title order={2}>{t('team.title')}</Title>
        {team.error && <Alert color="red">{team.error.message}</Alert>}
        {team.data && people.length === 0 && <Text c="dimmed">{t('team.empty')}</Text>}
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {people.map((person) => (
            <Card key={person.id} withBorder data-testid={`team-person-${person.id}`}>
              <Group justify="space-between" wrap="nowrap" mb="xs">
                <Group gap="xs" wrap="nowrap">
                  <Avatar color="blue" radius="xl">
                    {initials(person.name)}
                  </Avatar>
                  <Text fw={700}>{person.name}</Text>
                </Group>
                <Group gap={4}>
                  {person.overdue > 0 && <Badge color="red">{t('team.overdueCount', { count: person.overdue })}</Badge>}
                  {person.atRisk > 0 && <Badge color="orange">{t('team.atRiskCount', { count: person.atRisk })}</Badge>}
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
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/processes/${step.processId}`} size="sm" fw={600} lineClamp={1}>
                        {step.title}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {step.processName ?? ''}
                        {step.round > 1 ? ` · ${t('inbox.round', { round: step.round })}` : ''}
                        {step.actingForName ? ` · ${t('stepView.actingFor', { name: step.actingForName })}` : ''}
                      </Text>
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
      </Stack>
    </div>
  );
}
