import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../session/session';
import { parseUserEvent, USER_EVENT_TYPES, type UserEvent } from './user-event';

/** Queries whose data a live event may change; they refetch when one arrives. */
const LIVE_QUERIES = [['inbox'], ['review'], ['step'], ['processes'], ['process'], ['notifications']] as const;

/**
 * The caller's Server-Sent Events stream (`GET /api/events`): new steps and escalations raise a toast, every event
 * refreshes the inbox, review queue and process views. The browser's EventSource reconnects by itself and sends
 * Last-Event-ID, so nothing is missed across a dropped connection.
 */
export function LiveEvents({ me }: { me: NonNullable<Me> }) {
  const { t } = useTranslation();
  const client = useQueryClient();

  useEffect(() => {
    // A relative URL on purpose: the stream is on the app's own origin, with its session cookie.
    const source = new EventSource('/api/events');
    const onEvent = (message: MessageEvent<string>) => {
      const event = parseUserEvent(message.data);
      if (!event) return;
      for (const key of LIVE_QUERIES) void client.invalidateQueries({ queryKey: [...key] });
      toast(event);
    };
    const toast = (event: UserEvent) => {
      const title = typeof event.data.title === 'string' ? event.data.title : event.processId;
      if (event.type === 'step.created') {
        notifications.show({ color: 'blue', title: t('live.newStep'), message: title, autoClose: 8000 });
      } else if (event.type === 'escalation') {
        notifications.show({ color: 'orange', title: t('live.escalation'), message: title, autoClose: 12000 });
      } else if (event.type === 'decision') {
        // New notices only count up on the bell (a new step already has its toast); a decision is worth a toast.
        const detail = (event.data.detail ?? {}) as { question?: unknown; answer?: unknown };
        const asked = event.data.action === 'decisionRequested';
        const text = asked ? detail.question : detail.answer;
        notifications.show({
          color: 'yellow',
          title: asked ? t('live.decisionAsked', { title }) : t('live.decisionAnswered', { title }),
          message: typeof text === 'string' ? text : title,
          autoClose: 10000,
        });
      }
    };
    for (const type of USER_EVENT_TYPES) {
      source.addEventListener(type, onEvent);
    }
    return () => source.close();
  }, [client, me.id, t]);

  return <span data-testid="live-events" hidden />;
}
