import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { auditQuote, auditSentence, duration, personName } from '../audit/audit-sentence';
import { commentVisibility, VisibilityBadge } from '../processes/comment-visibility';
import { formatValue } from '../i18n/format-value';
import { useFormat } from '../i18n/format';
import { FileList, isFileList, type FileRef } from '../files/file-attach';
import type { StepDetail } from './inbox-queries';

type Round = StepDetail['record']['rounds'][number];

/** The names and formats a step's record needs, from the step detail. */
export function useStepWords(step: StepDetail) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const name = (id: string | null | undefined) => personName(t, step.people, id);
  const when = (iso: string | null | undefined) => (iso ? format.dateTime(new Date(iso)) : '');
  const fieldType = (fieldName: string) => step.form.find((field) => field.name === fieldName)?.type;
  const value = (fieldName: string, raw: unknown) =>
    formatValue(raw, fieldType(fieldName), { t, locale: i18n.language, people: step.people });
  return { t, name, when, value, format };
}

/** What was submitted in a round: each form field with its value, and the checklist as it was ticked. */
export function SubmittedValues({ step, round }: { step: StepDetail; round: Round }) {
  const { t, name, when, value } = useStepWords(step);
  if (round.submittedAt === null) return <Text c="dimmed">{t('stepView.notSubmitted')}</Text>;
  const ticked = new Set(round.checklist ?? []);
  return (
    <Stack gap={6} data-testid={`submitted-${round.round}`}>
      <Text size="xs" c="dimmed">
        {t('stepView.submittedBy', { name: name(round.assignee), date: when(round.submittedAt) })}
      </Text>
      {step.form.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} data-testid="submitted-values">
          <Table.Tbody>
            {step.form.map((field) => (
              <Table.Tr key={field.name}>
                <Table.Td c="dimmed" w="40%" style={{ verticalAlign: 'top' }}>
                  {field.label ?? field.name}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {isFileList(round.values?.[field.name] as unknown) ? (
                    <FileList files={round.values?.[field.name] as unknown as FileRef[]} />
                  ) : (
                    value(field.name, round.values?.[field.name])
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {step.checklist.length > 0 && round.checklist !== null && (
        <List size="sm" spacing={2} data-testid="submitted-checklist">
          {step.checklist.map((item) => (
            <List.Item
              key={item.id}
              icon={
                <ThemeIcon size={16} radius="xl" color={ticked.has(item.id) ? 'teal' : 'gray'} variant="light">
                  {ticked.has(item.id) ? '✓' : '–'}
                </ThemeIcon>
              }
            >
              {item.text}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** Time logged on the step: each session with who and when, and the total. */
export function TimeLogView({ step, onRemove }: { step: StepDetail; onRemove?: (minutes: number) => void }) {
  const { t, name, when } = useStepWords(step);
  const sessions = step.record.rounds.flatMap((round) =>
    round.timeLog.map((entry) => ({ ...entry, round: round.round }))
  );
  const total = sessions.reduce((sum, entry) => sum + entry.minutes, 0);
  // Sessions of this round that may still be removed, newest first, within what is logged (corrections counted).
  const removable = new Set<number>();
  let budget = sessions.filter((entry) => entry.round === step.round).reduce((sum, entry) => sum + entry.minutes, 0);
  for (let index = sessions.length - 1; index >= 0; index -= 1) {
    const entry = sessions[index];
    if (!onRemove || !entry || entry.round !== step.round || entry.minutes <= 0 || entry.minutes > budget) continue;
    removable.add(index);
    budget -= entry.minutes;
  }
  return (
    <Stack gap={4} data-testid="time-log">
      <Group justify="space-between">
        <Text fw={600}>{t('stepView.time')}</Text>
        <Badge variant="light" data-testid="time-total">
          {t('stepView.timeTotal', { duration: duration(t, total) })}
        </Badge>
      </Group>
      {sessions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('stepView.noTime')}
        </Text>
      ) : (
        sessions.map((entry, index) => (
          <Group key={index} gap="xs" wrap="nowrap" justify="space-between" align="start">
            <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
              {entry.minutes < 0
                ? `−${duration(t, -entry.minutes)} (${t('stepView.correction')})`
                : duration(t, entry.minutes)}{' '}
              · {name(entry.by)} · {when(entry.at)}
            </Text>
            {removable.has(index) && onRemove && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                style={{ flexShrink: 0 }}
                onClick={() => onRemove(entry.minutes)}
                data-testid={`time-remove-${index}`}
              >
                {t('stepView.removeTime')}
              </Button>
            )}
          </Group>
        ))
      )}
    </Stack>
  );
}

/** Decision requests: the question, who was asked, the answer, who and when. */
export function DecisionsView({ step }: { step: StepDetail }) {
  const { t, name, when } = useStepWords(step);
  if (step.record.decisions.length === 0) return null;
  return (
    <Stack gap={6} data-testid="decisions">
      <Text fw={600}>{t('stepView.decisions')}</Text>
      {step.record.decisions.map((decision, index) => (
        <Paper key={index} withBorder p="xs" data-testid={`decision-${index}`}>
          <Text size="xs" c="dimmed">
            {decision.to
              ? t('stepView.asked', {
                  name: name(decision.askedBy),
                  to: name(decision.to),
                  date: when(decision.askedAt),
                })
              : t('stepView.askedNobody', { name: name(decision.askedBy), date: when(decision.askedAt) })}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <b>{t('stepView.question')}:</b> {decision.question}
          </Text>
          {decision.answer !== null ? (
            <>
              <Text
                size="sm"
                mt={4}
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                data-testid="decision-answer"
              >
                <b>{t('stepView.answer')}:</b> {decision.answer}
              </Text>
              <Text size="xs" c="dimmed">
                {t('stepView.answered', { name: name(decision.answeredBy), date: when(decision.answeredAt) })}
              </Text>
            </>
          ) : (
            <Text size="sm" c="orange" mt={4}>
              {t('stepView.waitingFor', { name: name(decision.to ?? step.reviewer) })}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

const KIND_COLORS: Record<string, string> = { comment: 'blue', risk: 'red', return: 'orange' };

/** Comments, risks and review comments in the order they were written. */
export function CommentsView({ step }: { step: StepDetail }) {
  const { t, name, when } = useStepWords(step);
  if (step.record.comments.length === 0) return null;
  return (
    <Stack gap={6} data-testid="comments">
      <Text fw={600}>{t('stepView.comments')}</Text>
      {step.record.comments.map((comment, index) => (
        <Paper key={index} withBorder p="xs">
          <Group gap={6} wrap="wrap">
            <Badge size="xs" variant="light" color={KIND_COLORS[comment.kind] ?? 'gray'}>
              {t(`stepView.kind.${comment.kind}`, { defaultValue: t('stepView.kind.comment') })}
            </Badge>
            {comment.kind === 'comment' && <VisibilityBadge visibility={comment.visibility} />}
            <Text size="xs" c="dimmed">
              {name(comment.by)} · {when(comment.at)}
              {step.record.rounds.length > 1 ? ` · ${t('stepView.round', { round: comment.round })}` : ''}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {comment.text}
          </Text>
          {comment.files && <FileList files={comment.files} />}
        </Paper>
      ))}
    </Stack>
  );
}

/** Earlier rounds of the step with what was submitted and how the review ended. */
export function RoundsView({ step }: { step: StepDetail }) {
  const { t, name, when } = useStepWords(step);
  const earlier = step.record.rounds.filter((round) => round.round !== step.round);
  if (earlier.length === 0) return null;
  return (
    <Stack gap={6} data-testid="rounds">
      <Text fw={600}>{t('stepView.rounds')}</Text>
      {earlier.map((round) => (
        <Card key={round.round} withBorder padding="xs">
          <Group justify="space-between" mb={4}>
            <Title order={6}>{t('stepView.round', { round: round.round })}</Title>
            {round.outcome && (
              <Badge color={round.outcome === 'approved' ? 'teal' : 'orange'} variant="light">
                {t(`stepView.${round.outcome}By`, { name: name(round.reviewedBy), date: when(round.reviewedAt) })}
              </Badge>
            )}
          </Group>
          <SubmittedValues step={step} round={round} />
          {round.reviewComment && (
            <Alert color="orange" variant="light" p="xs" mt={4}>
              {round.reviewComment}
            </Alert>
          )}
        </Card>
      ))}
    </Stack>
  );
}

/** The step's own history, each entry a sentence with names. */
export function StepHistory({ step }: { step: StepDetail }) {
  const { t, name, when, value } = useStepWords(step);
  if (step.record.history.length === 0) return null;
  const ctx = {
    name,
    step: () => step.title,
    value: (field: string, raw: unknown) => value(field, raw),
    parameter: (field: string) => field,
    checklistItem: (id: string) => step.checklist.find((item) => item.id === id)?.text ?? id,
    when: (iso: string) => when(iso),
  };
  return (
    <Stack gap={6}>
      <Text fw={600}>{t('stepView.history')}</Text>
      <Timeline bulletSize={12} lineWidth={2} data-testid="step-history">
        {step.record.history.map((entry) => (
          <Timeline.Item key={entry.id} title={auditSentence(t, entry, ctx)}>
            {commentVisibility(entry) && <VisibilityBadge visibility={commentVisibility(entry)!} />}
            {auditQuote(entry) && (
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {auditQuote(entry)}
              </Text>
            )}
            {isFileList(entry.detail.files) && <FileList files={entry.detail.files} testId="history-files" />}
            <Text size="xs" c="dimmed">
              {when(entry.at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
