import { Badge, Button, Card, Group, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { actOnStep, fetchTeamQueue, type StepAction, type TeamQueueItem } from './inbox-queries';

/**
 * The caller's team queue: steps sent to their team, each with who has it (nobody yet, a member by name, or the
 * caller). A member claims one (of several claiming at once exactly one wins), the holder releases it, a manager
 * assigns it. Live events refresh it (its query key starts with 'inbox'), so everyone sees a claim at once.
 */
export function TeamQueue({ selected, onOpen }: { selected?: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const queue = useQuery({ queryKey: ['inbox', 'queue'], queryFn: fetchTeamQueue });
  const items = queue.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card withBorder padding="xs" data-testid="team-queue">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={700}>{t('teamQueue.title')}</Text>
          <Text size="xs" c="dimmed">
            {t('teamQueue.hint', { team: items[0]!.team.name })}
          </Text>
        </Stack>
        <Badge variant="light">{items.filter((item) => item.claimedBy === null).length}</Badge>
      </Group>
      <Stack gap={4}>
        {items.map((item) => (
          <TeamQueueRow key={item.id} item={item} selected={item.id === selected} onOpen={() => onOpen(item.id)} />
        ))}
      </Stack>
    </Card>
  );
}

function TeamQueueRow({ item, selected, onOpen }: { item: TeamQueueItem; selected: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [assignee, setAssignee] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (action: StepAction) => actOnStep(item.id, action),
    onSuccess: (_result, action) => {
      notifications.show({ color: 'teal', message: t(`actions.done.${action.type}`) });
      setAssignee(null);
    },
    onError: async (error) => {
      // Someone else was quicker: say who, by name, from the refreshed queue.
      const fresh = await client.fetchQuery({ queryKey: ['inbox', 'queue'], queryFn: fetchTeamQueue });
      const holder = fresh.items.find((entry) => entry.id === item.id)?.claimedBy;
      const message =
        error instanceof ApiError && error.status === 409 && holder
          ? t('teamQueue.lost', { name: holder.name })
          : problemText(t, error);
      notifications.show({ color: 'red', title: t('actions.failed'), message });
    },
    onSettled: () => {
      for (const key of [['inbox'], ['step'], ['process'], ['processes']]) {
        void client.invalidateQueries({ queryKey: key });
      }
    },
  });
  const canAssign = item.actions.includes('assign');
  const people = useQuery({
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    enabled: canAssign,
    staleTime: 60_000,
  });
  const members = (people.data?.items ?? []).filter(
    (person) =>
      person.teamId === item.team.id &&
      !person.disabled &&
      person.role !== 'observer' &&
      person.id !== item.claimedBy?.id
  );
  const holder = item.mine
    ? t('teamQueue.yours')
    : item.claimedBy
      ? t('teamQueue.takenBy', { name: item.claimedBy.name })
      : t('teamQueue.nobody');
  return (
    <div
      data-testid={`team-queue-item-${item.id}`}
      style={{
        padding: 8,
        borderRadius: 6,
        background: selected ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" align="center">
        <UnstyledButton onClick={onOpen} style={{ minWidth: 0, flex: '1 1 180px' }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {item.title}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {[item.processName, item.dueAt ? format.date(new Date(item.dueAt)) : null].filter(Boolean).join(' · ')}
          </Text>
          <Text
            size="xs"
            c={item.claimedBy ? (item.mine ? 'teal' : 'dimmed') : 'blue'}
            fw={item.claimedBy ? 400 : 600}
            data-testid="team-queue-holder"
          >
            {holder}
          </Text>
        </UnstyledButton>
        <Group gap={6} wrap="wrap" style={{ flexShrink: 0 }}>
          {item.actions.includes('claim') && (
            <Button size="xs" loading={act.isPending} onClick={() => act.mutate({ type: 'claim' })}>
              {t('teamQueue.claim')}
            </Button>
          )}
          {item.actions.includes('release') && (
            <Button size="xs" variant="light" loading={act.isPending} onClick={() => act.mutate({ type: 'release' })}>
              {t('teamQueue.release')}
            </Button>
          )}
          {canAssign && (
            <Group gap={4} wrap="nowrap">
              <Select
                size="xs"
                w={160}
                aria-label={t('teamQueue.assignTo')}
                placeholder={t('teamQueue.assignTo')}
                data={members.map((person) => ({ value: person.id, label: person.name }))}
                value={assignee}
                onChange={setAssignee}
                comboboxProps={{ withinPortal: true }}
              />
              <Button
                size="xs"
                variant="default"
                disabled={assignee === null}
                loading={act.isPending}
                onClick={() => assignee && act.mutate({ type: 'assign', to: assignee })}
              >
                {t('teamQueue.assign')}
              </Button>
            </Group>
          )}
        </Group>
      </Group>
    </div>
  );
}
