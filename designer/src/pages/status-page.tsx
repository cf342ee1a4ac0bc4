import { Alert, Anchor, Badge, Card, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api';

/** Readiness answers 503 with the same body when a dependency is down, which is still an answer to show. */
async function fetchReadiness() {
  const response = await api.api.ready.$get();
  return response.json();
}

/** What Baton runs on and whether each part is reachable, refreshed every few seconds. */
export function StatusPage() {
  const { t } = useTranslation();
  const readiness = useQuery({ queryKey: ['readiness'], queryFn: fetchReadiness, refetchInterval: 5000 });
  const checks = readiness.data?.checks;

  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={2}>{t('status.title')}</Title>
        <Text c="dimmed">{t('status.lead')}</Text>
        {readiness.isError && (
          <Alert color="red" role="alert">
            {t('status.apiDown', { error: String(readiness.error) })}
          </Alert>
        )}
        {readiness.isPending && <Loader size="sm" aria-label={t('status.checking')} />}
        {checks &&
          (['postgres', 'temporal'] as const).map((key) => (
            <Card key={key} withBorder data-testid={`check-${key}`}>
              <Group justify="space-between">
                <Text fw={600}>{t(`status.${key}`)}</Text>
                <Badge color={checks[key].ok ? 'teal' : 'red'}>
                  {checks[key].ok ? t('status.reachable') : t('status.unreachable')}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {checks[key].detail}
              </Text>
            </Card>
          ))}
        <Text>
          {t('status.apiReference')} <Anchor href="/api/openapi.json">/api/openapi.json</Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
