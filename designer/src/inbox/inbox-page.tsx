import { problemText } from '../api/api';
import {
  Alert,
  Badge,
  Card,
  Grid,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useFormat } from '../i18n/format';
import { fetchInbox, type InboxItem } from './inbox-queries';
import { StatusBadge, StepPanel } from './step-panel';
import { TeamQueue } from './team-queue';
import { NonWorkingDayMark, ProcessCalendarsProvider } from '../calendar/non-working-day';

const QUADRANTS = ['doFirst', 'schedule', 'delegate', 'drop'] as const;
const QUADRANT_COLORS = { doFirst: 'red', schedule: 'blue', delegate: 'yellow', drop: 'gray' } as const;

export function byDueDate(items: readonly InboxItem[]): InboxItem[] {
  // Steps without a due date come last; ties keep the API's order.
  return [...items].sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
}

export function StepRow({ item, selected, onOpen }: { item: InboxItem; selected: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  // Whom this person stands in for here: as the reviewer's deputy on a review, else as the assignee's.
  const actingFor = item.as === 'reviewer' ? item.reviewerActingForName : item.actingForName;
  return (
    <UnstyledButton
      onClick={onOpen}
      data-testid={`inbox-item-${item.id}`}
      style={{
        display: 'block',
        width: '100%',
        padding: 8,
        borderRadius: 6,
        background: selected ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={600} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {item.title}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {item.processName ?? ''}
          </Text>
          {actingFor && (
            <Text size="xs" c="orange.8" truncate data-testid="acting-for">
              {t('stepView.actingFor', { name: actingFor })}
            </Text>
          )}
        </Stack>
        <Stack gap={2} align="end" style={{ flexShrink: 0 }}>
          <Group gap={4} wrap="nowrap">
            {item.round > 1 && (
              <Badge size="xs" color="orange" variant="light">
                {t('inbox.round', { round: item.round })}
              </Badge>
            )}
            <StatusBadge status={item.status} />
          </Group>
          {item.dueAt && (
            <Text size="xs" c={item.overdue ? 'red' : 'dimmed'}>
              {format.date(new Date(item.dueAt))}
            </Text>
          )}
          {item.escalationLevel > 0 && (
            <Badge size="xs" color="red">
              {t('inbox.escalated', { level: item.escalationLevel })}
            </Badge>
          )}
        </Stack>
      </Group>
      {/* On a line of its own: a long holiday name never squeezes the step's title. */}
      {item.dueAt && <NonWorkingDayMark at={item.dueAt} process={item.processId} />}
    </UnstyledButton>
  );
}

/** The assistant's inbox: the urgent/important quadrants or a list by due date, and the open step beside it. */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { stepId } = useParams();
  const phone = useMediaQuery('(max-width: 48em)');
  const [view, setView] = useState<'quadrants' | 'due'>('quadrants');
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => fetchInbox() });
  const items = (inbox.data?.items ?? []).filter((item) => item.as !== 'reviewer');
  const open = (item: InboxItem) => void navigate(`/inbox/${item.id}`);

  const dated = items.flatMap((item) => (item.dueAt ? [item.processId] : []));

  const list = (
    <ProcessCalendarsProvider processes={dated}>
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('inbox.title')}</Title>
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(value) => setView(value as 'quadrants' | 'due')}
            data={[
              { value: 'quadrants', label: t('inbox.quadrants') },
              { value: 'due', label: t('inbox.byDue') },
            ]}
          />
        </Group>
        {inbox.error && <Alert color="red">{problemText(t, inbox.error)}</Alert>}
        <TeamQueue selected={stepId} onOpen={(id) => void navigate(`/inbox/${id}`)} />
        {inbox.data && items.length === 0 && <Text c="dimmed">{t('inbox.empty')}</Text>}
        {view === 'quadrants' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {QUADRANTS.map((quadrant) => {
              const inQuadrant = byDueDate(items.filter((item) => item.quadrant === quadrant));
              return (
                <Card key={quadrant} withBorder padding="xs" data-testid={`quadrant-${quadrant}`}>
                  <Group justify="space-between" mb={4}>
                    <Text fw={700} c={QUADRANT_COLORS[quadrant]}>
                      {t(`inbox.quadrant.${quadrant}`)}
                    </Text>
                    <Badge color={QUADRANT_COLORS[quadrant]} variant="light">
                      {inQuadrant.length}
                    </Badge>
                  </Group>
                  {inQuadrant.map((item) => (
                    <StepRow key={item.id} item={item} selected={item.id === stepId} onOpen={() => open(item)} />
                  ))}
                </Card>
              );
            })}
          </SimpleGrid>
        ) : (
          <Card withBorder padding="xs" data-testid="inbox-by-due">
            {byDueDate(items).map((item) => (
              <StepRow key={item.id} item={item} selected={item.id === stepId} onOpen={() => open(item)} />
            ))}
          </Card>
        )}
      </Stack>
    </ProcessCalendarsProvider>
  );

  // On a phone the step replaces the list; a back link returns to it.
  if (phone && stepId) {
    return (
      <div className="baton-page">
        <UnstyledButton onClick={() => void navigate('/inbox')} mb="sm" data-testid="inbox-back">
          ← {t('inbox.title')}
        </UnstyledButton>
        <StepPanel key={stepId} stepId={stepId} onOpenStep={(id) => void navigate(`/inbox/${id}`)} />
      </div>
    );
  }
  return (
    <div className="baton-page">
      <Grid>
        <Grid.Col span={{ base: 12, md: stepId ? 6 : 12 }}>{list}</Grid.Col>
        {stepId && (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card withBorder>
              <StepPanel key={stepId} stepId={stepId} onOpenStep={(id) => void navigate(`/inbox/${id}`)} />
            </Card>
          </Grid.Col>
        )}
      </Grid>
    </div>
  );
}
