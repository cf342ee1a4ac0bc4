import { Alert, Badge, Card, Grid, Stack, Text, Title } from '@mantine/core';
import { problemText } from '../api/api';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { fetchInbox, fetchStep } from './inbox-queries';
import { byDueDate, StepRow } from './inbox-page';
import { decisionCandidates, decisionsForMe, toReview } from './review-queue.model';
import { StepPanel } from './step-panel';

/** The manager's review queue: decision requests to answer, with their questions, and submitted steps to review. */
export function ReviewPage() {
  const { t } = useTranslation();
  const me = useSession().data;
  const inbox = useQuery({ queryKey: ['review'], queryFn: () => fetchInbox({ status: 'all' }) });
  const [selected, setSelected] = useState<string>();
  const all = inbox.data?.items ?? [];
  const items = byDueDate(toReview(all));
  const asked = decisionsForMe(all, me?.id);
  const legacy = decisionCandidates(all, me?.id);
  const candidates = [...asked, ...legacy];
  // Each step's detail holds the question; for legacy steps it also says whether a request waits at all.
  const details = useQueries({
    queries: candidates.map((candidate) => ({
      queryKey: ['step', candidate.id],
      queryFn: () => fetchStep(candidate.id),
    })),
  });
  const detailOf = (id: string) => details[candidates.findIndex((candidate) => candidate.id === id)]?.data;
  const decisions = byDueDate(
    candidates.filter(
      (candidate, index) =>
        asked.includes(candidate) || details[index]?.data?.actions.includes('answerDecision') === true
    )
  );

  return (
    <div className="baton-page">
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Title order={2}>{t('review.title')}</Title>
            {inbox.error && <Alert color="red">{problemText(t, inbox.error)}</Alert>}
            {decisions.length > 0 && (
              <Card withBorder padding="xs" data-testid="decision-queue">
                <Text fw={700} mb={4}>
                  {t('review.decisions')}{' '}
                  <Badge color="orange" variant="light">
                    {decisions.length}
                  </Badge>
                </Text>
                {decisions.map((item) => {
                  const question = detailOf(item.id)?.record.decisions.find((decision) => decision.answer === null);
                  return (
                    <div key={item.id}>
                      <StepRow item={item} selected={item.id === selected} onOpen={() => setSelected(item.id)} />
                      {question && (
                        <Text
                          size="sm"
                          px={8}
                          pb={6}
                          c="dimmed"
                          lineClamp={3}
                          data-testid={`decision-question-${item.id}`}
                        >
                          {t('stepView.question')}: {question.question}
                        </Text>
                      )}
                    </div>
                  );
                })}
              </Card>
            )}
            {inbox.data && items.length === 0 && <Text c="dimmed">{t('review.empty')}</Text>}
            {items.length > 0 && (
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
            )}
          </Stack>
        </Grid.Col>
        {selected && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder>
              <StepPanel key={selected} stepId={selected} onOpenStep={setSelected} />
            </Card>
          </Grid.Col>
        )}
      </Grid>
    </div>
  );
}
