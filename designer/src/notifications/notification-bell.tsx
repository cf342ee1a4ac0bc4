import { ActionIcon, Anchor, Badge, Button, Group, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../api/api';
import { useFormat } from '../i18n/format';

function fetchNotifications() {
  return ok(api.api.notifications.$get({ query: { limit: '30' } }));
}

/** The bell in the header: unread count, the latest notices with a link to their process, mark read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [opened, setOpened] = useState(false);
  // Live events invalidate this query; the interval is a fallback for a dropped stream.
  const notices = useQuery({ queryKey: ['notifications'], queryFn: fetchNotifications, refetchInterval: 60_000 });
  const refresh = () => void client.invalidateQueries({ queryKey: ['notifications'] });
  const markOne = useMutation({
    mutationFn: (id: string) => ok(api.api.notifications[':id'].read.$post({ param: { id } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => ok(api.api.notifications['read-all'].$post()),
    onSuccess: refresh,
  });
  const unread = notices.data?.unreadCount ?? 0;
  const items = notices.data?.items ?? [];

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          color="red"
          disabled={unread === 0}
          offset={4}
          data-testid="bell-count"
        >
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t('bell.open', { count: unread })}
            onClick={() => setOpened((open) => !open)}
            data-testid="bell"
          >
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden
            >
              <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="bell-list">
        {/* Wraps, so a long "mark all read" (Polish) goes under the title on a phone instead of being cut. */}
        <Group justify="space-between" mb={6} gap={4} wrap="wrap">
          <Text fw={700}>{t('bell.title')}</Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => markAll.mutate()} data-testid="bell-read-all">
              {t('bell.markAll')}
            </Button>
          )}
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('bell.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={380}>
            <Stack gap={6}>
              {items.map((notice) => (
                <div
                  key={notice.id}
                  data-testid={`notice-${notice.id}`}
                  style={{
                    padding: 6,
                    borderRadius: 6,
                    background: notice.readAt ? undefined : 'var(--mantine-color-blue-0)',
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" gap={4} align="start">
                    <Text size="sm" fw={notice.readAt ? 400 : 700} style={{ overflowWrap: 'anywhere' }}>
                      {notice.title}
                    </Text>
                    {!notice.readAt && (
                      <Badge
                        size="xs"
                        variant="light"
                        style={{ cursor: 'pointer', flexShrink: 0 }}
                        onClick={() => markOne.mutate(notice.id)}
                      >
                        {t('bell.markRead')}
                      </Badge>
                    )}
                  </Group>
                  {notice.body && (
                    <Text size="sm" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
                      {notice.body}
                    </Text>
                  )}
                  <Group gap={6}>
                    <Text size="xs" c="dimmed">
                      {format.dateTime(new Date(notice.createdAt))}
                    </Text>
                    {notice.processId && (
                      <Anchor
                        component={Link}
                        to={`/processes/${notice.processId}`}
                        size="xs"
                        onClick={() => {
                          if (!notice.readAt) markOne.mutate(notice.id);
                          setOpened(false);
                        }}
                      >
                        {t('bell.openProcess')}
                      </Anchor>
                    )}
                  </Group>
                </div>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
