import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ParameterSchema, type Parameter } from '../../../workflows/template';
import { useFormat } from '../i18n/format';
import { ParameterForm } from '../processes/parameter-form';
import { initialValues, toProcessParams, type FieldError, type FormValues } from '../processes/parameter-form.model';
import { actOnStep, fetchAudit, fetchStep, type StepAction, type StepDetail } from './inbox-queries';
import { runningSince, startTimer, stopTimer } from './time-tracker';

/** Instructions with their links clickable (plain text otherwise, never HTML). */
export function TextWithLinks({ text }: { text: string }): ReactNode {
  const parts = text.split(/(https?:\/\/[^\s)]+)/g);
  return parts.map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <Anchor key={index} href={part} target="_blank" rel="noreferrer">
        {part}
      </Anchor>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    )
  );
}

// A step's form fields have the shape of parameters; unknown extras fall back to a text field.
function formParameters(step: StepDetail): Parameter[] {
  return step.form.map((field) => {
    const parsed = ParameterSchema.safeParse(field);
    return parsed.success ? parsed.data : { name: field.name, label: field.label, type: 'text', required: false };
  });
}

const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  inProgress: 'cyan',
  inReview: 'grape',
  done: 'teal',
  returned: 'orange',
  cancelled: 'gray',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" data-testid="step-status">
      {t(`stepStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** One step: what to do, the checklist and form, a time tracker, and every action the caller may take. */
export function StepPanel({ stepId }: { stepId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const step = useQuery({ queryKey: ['step', stepId], queryFn: () => fetchStep(stepId) });
  const audit = useQuery({
    queryKey: ['process', step.data?.processId, 'audit'],
    queryFn: () => fetchAudit(step.data?.processId ?? ''),
    enabled: step.data !== undefined,
  });
  const parameters = useMemo(() => (step.data ? formParameters(step.data) : []), [step.data]);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [checked, setChecked] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [since, setSince] = useState<number | undefined>(() => runningSince(stepId));
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    setValues(initialValues(parameters));
    setChecked([]);
    setErrors({});
    setSince(runningSince(stepId));
  }, [parameters, stepId]);
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);

  const act = useMutation({
    mutationFn: (action: StepAction) => actOnStep(stepId, action),
    onSuccess: (_result, action) => {
      setText('');
      notifications.show({ color: 'teal', message: t(`actions.done.${action.type}`) });
      for (const key of [['step'], ['inbox'], ['review'], ['process'], ['processes']]) {
        void client.invalidateQueries({ queryKey: key });
      }
    },
    onError: (error) => notifications.show({ color: 'red', title: t('actions.failed'), message: error.message }),
  });

  if (step.isPending) return <Loader />;
  if (step.error) return <Alert color="red">{step.error.message}</Alert>;
  const data = step.data;
  const can = (action: string) => data.actions.includes(action);
  const requiredDone = data.checklist.filter((item) => item.required).every((item) => checked.includes(item.id));
  const comments = (audit.data?.items ?? []).filter(
    (entry) =>
      entry.nodeId === data.nodeId &&
      ['comment', 'flagRisk', 'returnForRework', 'requestDecision', 'answerDecision', 'returned', 'risk'].some((kind) =>
        entry.action.includes(kind)
      )
  );

  const submit = () => {
    const conversion = toProcessParams(parameters, values);
    setErrors(conversion.errors);
    if (Object.keys(conversion.errors).length > 0) return;
    act.mutate({ type: 'submit', values: conversion.params, checklist: checked });
  };

  return (
    <Stack data-testid="step-panel">
      <Group justify="space-between" align="start">
        <div>
          <Title order={3} data-testid="step-title">
            {data.title}
          </Title>
          <Anchor component={Link} to={`/processes/${data.processId}`} size="sm">
            {data.processName ?? data.processId}
          </Anchor>
        </div>
        <Group gap={6}>
          <StatusBadge status={data.status} />
          {data.round > 1 && <Badge color="orange">{t('inbox.round', { round: data.round })}</Badge>}
          {data.escalationLevel > 0 && (
            <Badge color="red">{t('inbox.escalated', { level: data.escalationLevel })}</Badge>
          )}
        </Group>
      </Group>
      {data.dueAt && (
        <Text size="sm" c={data.overdue ? 'red' : undefined}>
          {t('inbox.due', { date: format.dateTime(new Date(data.dueAt)) })}
        </Text>
      )}
      {data.instructions && (
        <Paper withBorder p="sm">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <TextWithLinks text={data.instructions} />
          </Text>
        </Paper>
      )}
      {data.checklist.length > 0 && (
        <Stack gap={4}>
          <Text fw={600}>{t('inbox.checklist')}</Text>
          {data.checklist.map((item) => (
            <Checkbox
              key={item.id}
              label={item.required ? `${item.text} *` : item.text}
              checked={checked.includes(item.id)}
              onChange={(event) =>
                setChecked((all) =>
                  event.currentTarget.checked ? [...all, item.id] : all.filter((id) => id !== item.id)
                )
              }
              data-testid={`check-${item.id}`}
            />
          ))}
        </Stack>
      )}
      {parameters.length > 0 && can('submit') && (
        <ParameterForm
          parameters={parameters}
          values={values}
          errors={errors}
          people={[]}
          onChange={(name, value) => setValues((all) => ({ ...all, [name]: value }))}
        />
      )}
      <Group>
        {can('start') && (
          <Button variant="light" onClick={() => act.mutate({ type: 'start' })} data-testid="action-start">
            {t('actions.start')}
          </Button>
        )}
        {can('logTime') &&
          (since === undefined ? (
            <Button
              variant="default"
              data-testid="timer-start"
              onClick={() => {
                startTimer(stepId);
                setSince(Date.now());
              }}
            >
              {t('inbox.timerStart')}
            </Button>
          ) : (
            <Button
              color="orange"
              data-testid="timer-stop"
              onClick={() => {
                const minutes = stopTimer(stepId);
                setSince(undefined);
                if (minutes > 0) act.mutate({ type: 'logTime', minutes });
              }}
            >
              {t('inbox.timerStop', { elapsed: formatElapsed(now - since) })}
            </Button>
          ))}
        {can('submit') && (
          <Button onClick={submit} disabled={!requiredDone} loading={act.isPending} data-testid="action-submit">
            {t('actions.submit')}
          </Button>
        )}
        {can('approve') && (
          <Button
            color="teal"
            onClick={() => act.mutate({ type: 'approve', comment: text || undefined })}
            data-testid="action-approve"
          >
            {t('actions.approve')}
          </Button>
        )}
        {can('reject') && (
          <Button
            color="red"
            variant="light"
            onClick={() => act.mutate({ type: 'reject', comment: text || undefined })}
          >
            {t('actions.reject')}
          </Button>
        )}
      </Group>
      <Divider />
      <Textarea
        label={t('inbox.message')}
        description={t('inbox.messageHint')}
        autosize
        minRows={2}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        data-testid="step-text"
      />
      <Group>
        {can('comment') && (
          <Button
            size="xs"
            variant="default"
            disabled={!text.trim()}
            onClick={() => act.mutate({ type: 'comment', text })}
            data-testid="action-comment"
          >
            {t('actions.comment')}
          </Button>
        )}
        {can('returnForRework') && (
          <Button
            size="xs"
            color="orange"
            disabled={!text.trim()}
            onClick={() => act.mutate({ type: 'returnForRework', comment: text })}
            data-testid="action-return"
          >
            {t('actions.returnForRework')}
          </Button>
        )}
        {can('requestDecision') && (
          <Button
            size="xs"
            variant="light"
            disabled={!text.trim()}
            onClick={() => act.mutate({ type: 'requestDecision', question: text })}
            data-testid="action-request-decision"
          >
            {t('actions.requestDecision')}
          </Button>
        )}
        {can('answerDecision') && (
          <Button
            size="xs"
            variant="light"
            disabled={!text.trim()}
            onClick={() => act.mutate({ type: 'answerDecision', answer: text })}
            data-testid="action-answer-decision"
          >
            {t('actions.answerDecision')}
          </Button>
        )}
        {can('flagRisk') && (
          <Button
            size="xs"
            color="red"
            variant="outline"
            disabled={!text.trim()}
            onClick={() => act.mutate({ type: 'flagRisk', text })}
            data-testid="action-flag-risk"
          >
            {t('actions.flagRisk')}
          </Button>
        )}
      </Group>
      {comments.length > 0 && (
        <Timeline bulletSize={14} lineWidth={2}>
          {comments.map((entry) => (
            <Timeline.Item key={entry.id} title={t(`audit.${entry.action}`, { defaultValue: entry.action })}>
              <Text size="sm">{describeDetail(entry.detail)}</Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(new Date(entry.createdAt))}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

export function describeDetail(detail: Record<string, unknown>): string {
  for (const key of ['text', 'comment', 'question', 'answer', 'reason', 'title']) {
    const value = detail[key];
    if (typeof value === 'string' && value) return value;
  }
  return '';
}

function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
