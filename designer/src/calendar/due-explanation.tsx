import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { deadlineText } from '../../../workflows/i18n/deadline-text';

/**
 * Why a running step is due when it is, said in the reader's language from the clauses the API sends (the shared
 * deadline catalog), dates and times in the reader's locale and time zone. Nothing for a date set by hand.
 */
export function DueExplanation(props: { messages: readonly unknown[] | null | undefined; testId?: string }) {
  const { i18n } = useTranslation();
  if (!props.messages?.length) return null;
  const text = deadlineText(props.messages, i18n.language, Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (text === '') return null;
  return (
    <Text size="xs" c="dimmed" data-testid={props.testId ?? 'due-explanation'}>
      {text}
    </Text>
  );
}
