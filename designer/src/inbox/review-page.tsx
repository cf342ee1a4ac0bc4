import { Alert, Card, Grid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchInbox } from './inbox-queries';
import { byDueDate, StepRow } from './inbox-page';
import { StepPanel } from './step-panel';

/** The manager's review queue: submitted steps to approve or return, and decision requests to answer. */
export function ReviewPage() {
  const { t } = useTranslation();
  const inbox = useQuery({ queryKey: ['review'], queryFn: () => fetchInbox() });
  const [selected, setSelected] = useState<string>();
  const items = byDueDate((inbox.data?.items ?? []).filter((item) => item.as === 'reviewer'));

  return (
    <div className="baton-page">
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Title order={2}>{t('review.title')}</Title>
            {inbox.error && <Alert color="red">{inbox.error.message}</Alert>}
            {inbox.data && items.length === 0 && <Text c="dimmed">{t('review.empty')}</Text>}
            <Card withBorder padding="xs" data-testid="review-queue">
              {items.map((item) => (
                <StepRow
                  key={item.id}
                  item={item}
                  selected={item.id === selected}
                  onOpen={() => setSelected(item.id)}
                />
              ))}
            </Card>
          </Stack>
        </Grid.Col>
        {selected && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder>
              <StepPanel key={selected} stepId={selected} />
            </Card>
          </Grid.Col>
        )}
      </Grid>
    </div>
  );
}
