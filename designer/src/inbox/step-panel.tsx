import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ParameterSchema, type Parameter } from '../../../workflows/template';
import { ParameterForm } from '../processes/parameter-form';
import {
  fromProcessParams,
  toProcessParams,
  type FieldError,
  type FormValues,
} from '../processes/parameter-form.model';
import { problemText } from '../api/api';
import { actOnStep, fetchStep, outcomeUnknown, type StepAction, type StepDetail } from './inbox-queries';
import { ManageStep } from './manage-step';
import { SensitiveValuesView } from './sensitive-values-view';
import { VisibilitySwitch, type CommentVisibility } from '../processes/comment-visibility';
import { MarkdownText } from './markdown-text';
import {
  CommentsView,
  DecisionsView,
  RoundsView,
  StepHistory,
  SubmittedValues,
  TimeLogView,
  useStepWords,
} from './step-record-view';
import { FileAttach, isFileList, type FileRef } from '../files/file-attach';
import { runningSince, startTimer, stopTimer } from './time-tracker';
import { NonWorkingDayMark } from '../calendar/non-working-day';
import { DueExplanation } from '../calendar/due-explanation';

// A step's form fields have the shape of parameters (file fields apart); unknown extras fall back to a text field.
interface StepFileField {
  name: string;
  label: string;
  required: boolean;
  accept?: string[] | undefined;
  maxFiles?: number | undefined;
}

/** A step's file fields with their limits (the form's passthrough keeps them). */
function stepFileFields(step: StepDetail): StepFileField[] {
  return step.form
    .filter((field) => field.type === 'file')
    .map((field) => {
      const extra = field as Record<string, unknown>;
      return {
        name: field.name,
        label: field.label ?? field.name,
        required: field.required === true,
        accept: Array.isArray(extra.accept) ? (extra.accept as string[]) : undefined,
        maxFiles: typeof extra.maxFiles === 'number' ? extra.maxFiles : undefined,
      };
    });
}

/** The form's fields marked as a password or credential: typed into a hidden input. */
function credentialFields(step: StepDetail): Set<string> {
  return new Set(
    step.form
      .filter((field) => (field as Record<string, unknown>).sensitive === 'credential')
      .map((field) => field.name)
  );
}

function formParameters(step: StepDetail): Parameter[] {
  return step.form
    .filter((field) => field.type !== 'file')
    .map((field) => {
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
    <Badge
      color={STATUS_COLORS[status] ?? 'gray'}
      variant="light"
      data-testid="step-status"
      styles={{ root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } }}
    >
      {t(`stepStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/**
 * One step as a record both sides read: instructions, the form (editable by the assignee, its submitted values for
 * everyone else), the checklist, time logged, decision requests, comments, earlier rounds and the step's history;
 * with every action the caller may take.
 */
/** How long, and how often, a step whose action's outcome is unknown is read again. */
const UNSURE_REFRESH_MS = 180_000;
const UNSURE_REFRESH_EVERY_MS = 3_000;

export function StepPanel({ stepId, onOpenStep }: { stepId: string; onOpenStep?: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // Sent with no answer yet ("outcome unknown"): the step is read again every few seconds for a while, so it shows
  // whether the action was done without a reload (a time entry or a tick moves no task row, so no live event says so).
  const [unsureSince, setUnsureSince] = useState<number>();
  const step = useQuery({
    queryKey: ['step', stepId],
    queryFn: () => fetchStep(stepId),
    refetchInterval: () =>
      unsureSince !== undefined && Date.now() - unsureSince < UNSURE_REFRESH_MS ? UNSURE_REFRESH_EVERY_MS : false,
  });
  const parameters = useMemo(() => (step.data ? formParameters(step.data) : []), [step.data]);
  // The values submitted in the round before, when this round came back for rework.
  const previous = useMemo(() => {
    const rounds = step.data?.record.rounds ?? [];
    return [...rounds].reverse().find((round) => round.round < (step.data?.round ?? 0) && round.values !== null);
  }, [step.data]);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const fileFields = useMemo(() => (step.data ? stepFileFields(step.data) : []), [step.data]);
  const [files, setFiles] = useState<Record<string, FileRef[]>>({});
  const [fileErrors, setFileErrors] = useState<Record<string, boolean>>({});
  // Ticks live on the step (who and when, for everyone); a click shows at once and the server's answer follows.
  const [pendingTicks, setPendingTicks] = useState<Record<string, boolean>>({});
  const serverTicks = useMemo(
    () =>
      step.data?.record.rounds.find((round) => round.round === step.data?.round)?.ticked.map((tick) => tick.item) ?? [],
    [step.data]
  );
  const checked = useMemo(() => {
    const all = new Set(serverTicks);
    for (const [item, done] of Object.entries(pendingTicks)) {
      if (done) all.add(item);
      else all.delete(item);
    }
    return [...all];
  }, [serverTicks, pendingTicks]);
  useEffect(() => setPendingTicks({}), [serverTicks]);
  const [text, setText] = useState('');
  // Files for the next comment: uploaded at once, attached with the comment's visibility when it is sent.
  const [commentFiles, setCommentFiles] = useState<FileRef[]>([]);
  const [minutes, setMinutes] = useState<number | string>('');
  const [since, setSince] = useState<number | undefined>(() => runningSince(stepId));
  const [now, setNow] = useState(Date.now());

  // The form is filled once per step (not on every refetch, which would wipe what is being typed).
  const [filledFor, setFilledFor] = useState<string>();
  useEffect(() => {
    if (!step.data || filledFor === stepId) return;
    setValues(fromProcessParams(parameters, previous?.values ?? {}));
    setErrors({});
    // A round returned for rework keeps the files sent before (they stay attached to the step).
    setFiles(
      Object.fromEntries(
        stepFileFields(step.data).map((field) => {
          const before = previous?.values?.[field.name];
          return [field.name, isFileList(before) ? before : []];
        })
      )
    );
    setFilledFor(stepId);
  }, [step.data, parameters, previous, stepId, filledFor]);
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  // A round returned for rework while open here: the panel moves on to the new round by itself.
  const superseded = step.data !== undefined && step.data.latestStepId !== stepId;
  const followLatest = superseded && step.data?.status === 'returned';
  useEffect(() => {
    if (followLatest && step.data && onOpenStep) onOpenStep(step.data.latestStepId);
  }, [followLatest, step.data, onOpenStep]);

  const act = useMutation({
    mutationFn: (action: StepAction) => actOnStep(stepId, action),
    onSuccess: (result, action) => {
      if (action.type !== 'check') setText('');
      if (action.type === 'comment') setCommentFiles([]);
      if (action.type === 'logTime') setMinutes('');
      // A tick shows on the box itself; everything else is confirmed, or said to be on its way when the answer is late.
      if (outcomeUnknown(result)) {
        setUnsureSince(Date.now());
        notifications.show({ color: 'yellow', message: t('actions.outcomeUnknown') });
      } else if (action.type !== 'check')
        notifications.show({ color: 'teal', message: t(`actions.done.${action.type}`) });
      for (const key of [['step'], ['inbox'], ['review'], ['process'], ['processes'], ['notifications']]) {
        void client.invalidateQueries({ queryKey: key });
      }
      // The answer names the caller's next step in this process (its row is already written): open it at once.
      const next = (result as { nextStepId?: unknown }).nextStepId;
      if (typeof next === 'string' && onOpenStep) onOpenStep(next);
    },
    onError: (error, action) => {
      if (action.type === 'check') setPendingTicks({});
      notifications.show({ color: 'red', title: t('actions.failed'), message: problemText(t, error) });
      // A refusal usually means the page is behind (the step was finished or handed on meanwhile): read it again.
      for (const key of [['step'], ['inbox'], ['review']]) void client.invalidateQueries({ queryKey: key });
    },
  });

  if (step.isPending) return <Loader />;
  if (step.error) return <Alert color="red">{problemText(t, step.error)}</Alert>;
  const data = step.data;
  return (
    <StepView
      data={data}
      stepId={stepId}
      onOpenStep={onOpenStep}
      parameters={parameters}
      fileFields={fileFields}
      files={files}
      setFiles={(name, chosen) => {
        setFiles((all) => ({ ...all, [name]: chosen }));
        setFileErrors((all) => ({ ...all, [name]: false }));
      }}
      fileErrors={fileErrors}
      previousRound={previous?.round}
      values={values}
      setValues={setValues}
      errors={errors}
      checked={checked}
      tick={(item, done) => {
        setPendingTicks((all) => ({ ...all, [item]: done }));
        act.mutate({ type: 'check', item, done });
      }}
      text={text}
      setText={setText}
      commentFiles={commentFiles}
      setCommentFiles={setCommentFiles}
      minutes={minutes}
      setMinutes={setMinutes}
      since={since}
      setSince={setSince}
      now={now}
      pending={act.isPending}
      act={(action) => act.mutate(action)}
      submit={() => {
        const conversion = toProcessParams(parameters, values);
        setErrors(conversion.errors);
        const missingFiles = Object.fromEntries(
          fileFields.map((field) => [field.name, field.required && (files[field.name] ?? []).length === 0])
        );
        setFileErrors(missingFiles);
        if (Object.keys(conversion.errors).length > 0 || Object.values(missingFiles).some(Boolean)) return;
        const fileIds = Object.fromEntries(
          fileFields.map((field) => [field.name, (files[field.name] ?? []).map((file) => file.id)])
        );
        act.mutate({ type: 'submit', values: { ...conversion.params, ...fileIds }, checklist: checked });
      }}
    />
  );
}

interface ViewProps {
  data: StepDetail;
  stepId: string;
  onOpenStep?: (id: string) => void;
  parameters: Parameter[];
  fileFields: StepFileField[];
  files: Record<string, FileRef[]>;
  setFiles: (name: string, files: FileRef[]) => void;
  fileErrors: Record<string, boolean>;
  previousRound: number | undefined;
  values: FormValues;
  setValues: (update: (all: FormValues) => FormValues) => void;
  errors: Record<string, FieldError>;
  checked: string[];
  tick: (item: string, done: boolean) => void;
  text: string;
  setText: (text: string) => void;
  commentFiles: FileRef[];
  setCommentFiles: (files: FileRef[]) => void;
  minutes: number | string;
  setMinutes: (minutes: number | string) => void;
  since: number | undefined;
  setSince: (since: number | undefined) => void;
  now: number;
  pending: boolean;
  act: (action: StepAction) => void;
  submit: () => void;
}

function StepView(props: ViewProps) {
  const { data, stepId, checked, tick, text, setText, since, act } = props;
  const { t, name, when, value } = useStepWords(data);
  const can = (action: string) => data.actions.includes(action);
  // A staff comment is internal unless its author switches it to public.
  const [commentVisibility, setCommentVisibility] = useState<CommentVisibility>('internal');
  const working = can('submit');
  const requiredDone = data.checklist.filter((item) => item.required).every((item) => checked.includes(item.id));
  const current = data.record.rounds.find((round) => round.round === data.round);
  const returned = data.record.rounds.find((round) => round.round === data.round - 1 && round.outcome === 'returned');
  const pendingDecision = data.record.decisions.find((decision) => decision.answer === null);
  const shownParameters = data.processParameters.filter(
    (parameter) => parameter.value !== null && parameter.value !== ''
  );

  return (
    <Stack data-testid="step-panel" gap="sm">
      <Group justify="space-between" align="start" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0, flex: '1 1 200px' }}>
          <Title order={3} data-testid="step-title" style={{ overflowWrap: 'anywhere' }}>
            {data.title}
          </Title>
          <Anchor component={Link} to={`/processes/${data.processId}`} size="sm">
            {data.processName ?? t('auditText.aStep')}
          </Anchor>
          <Text size="xs" c="dimmed" data-testid="step-people">
            {t('stepView.people', {
              assignee:
                data.team && data.assignee === `team:${data.team.id}`
                  ? t('teamQueue.inQueue', { team: data.team.name })
                  : name(data.assignee),
            })}
            {data.actingFor ? ` (${t('stepView.actingFor', { name: name(data.actingFor) })})` : ''}
            {data.reviewer && data.reviewerActingFor
              ? ` · ${t('stepView.reviewerActingFor', { name: name(data.reviewer), person: name(data.reviewerActingFor) })}`
              : data.reviewer
                ? ` · ${t('stepView.reviewer', { name: name(data.reviewer) })}`
                : ''}
          </Text>
        </div>
        <Group gap={6} wrap="wrap">
          <StatusBadge status={data.status} />
          {data.round > 1 && <Badge color="orange">{t('inbox.round', { round: data.round })}</Badge>}
          {data.escalationLevel > 0 && (
            <Badge color="red">{t('inbox.escalated', { level: data.escalationLevel })}</Badge>
          )}
        </Group>
      </Group>
      {data.latestStepId !== stepId && (
        <Alert color="orange" data-testid="step-superseded">
          <Stack gap={6} align="start">
            <Text size="sm">
              {t('stepView.superseded', { round: data.record.rounds.at(-1)?.round ?? data.round + 1 })}
            </Text>
            {props.onOpenStep && (
              <Button size="xs" variant="light" onClick={() => props.onOpenStep?.(data.latestStepId)}>
                {t('stepView.openLatest', { round: data.record.rounds.at(-1)?.round ?? data.round + 1 })}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {data.dueAt && (
        <Group gap={6}>
          <Text size="sm" c={data.overdue ? 'red' : undefined} data-testid="step-due">
            {t('inbox.due', { date: when(data.dueAt) })}
          </Text>
          <NonWorkingDayMark at={data.dueAt} process={data.processId} />
        </Group>
      )}
      {data.dueAt && <DueExplanation messages={data.dueMessages} testId="step-due-explanation" />}
      {pendingDecision && (
        <Alert color="yellow" data-testid="decision-paused">
          {t('stepView.pausedSince', {
            date: when(pendingDecision.askedAt),
            name: name(pendingDecision.to ?? data.reviewer),
          })}
        </Alert>
      )}
      {returned?.reviewComment && data.status !== 'done' && (
        <Alert color="orange" data-testid="returned-notice">
          {t('stepView.returnedNotice', {
            name: name(returned.reviewedBy),
            round: returned.round,
            comment: returned.reviewComment,
          })}
        </Alert>
      )}
      {shownParameters.length > 0 && (
        <Paper withBorder p="sm" data-testid="step-process-parameters">
          <Text fw={600} size="sm" mb={4}>
            {t('stepView.about')}
          </Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {shownParameters.map((parameter) => (
                <Table.Tr key={parameter.name}>
                  <Table.Td c="dimmed" w="40%" style={{ verticalAlign: 'top' }}>
                    {parameter.label}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {value(parameter.name, parameter.value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {data.instructions && (
        <Paper withBorder p="sm" data-testid="step-instructions">
          <MarkdownText text={data.instructions} />
        </Paper>
      )}
      {working && data.checklist.length > 0 && (
        <Stack gap={4} data-testid="step-checklist">
          <Group justify="space-between">
            <Text fw={600}>{t('inbox.checklist')}</Text>
            <Text size="xs" c="dimmed">
              {t('stepView.checklistProgress', {
                done: data.checklist.filter((item) => checked.includes(item.id)).length,
                total: data.checklist.length,
              })}
            </Text>
          </Group>
          {data.checklist.map((item) => {
            const ticked = current?.ticked.find((entry) => entry.item === item.id);
            return (
              <Checkbox
                key={item.id}
                label={item.required ? `${item.text} *` : item.text}
                // A tick on its way already takes the line its "who, when" will fill: the controls below do not
                // jump when the server confirms it (a tap aimed at them would land elsewhere).
                description={
                  !checked.includes(item.id)
                    ? undefined
                    : ticked
                      ? `${name(ticked.by)} · ${when(ticked.at)}`
                      : t('stepView.tickSaving')
                }
                checked={checked.includes(item.id)}
                // Read the box now: React clears the event's target once the handler returns.
                onChange={(event) => tick(item.id, event.currentTarget.checked)}
                data-testid={`check-${item.id}`}
              />
            );
          })}
        </Stack>
      )}
      {working && (props.parameters.length > 0 || props.fileFields.length > 0) && (
        <Stack gap={4}>
          {props.previousRound !== undefined && (
            <Text size="xs" c="dimmed" data-testid="form-prefilled">
              {t('stepView.prefilled', { round: props.previousRound })}
            </Text>
          )}
          <ParameterForm
            parameters={props.parameters}
            values={props.values}
            errors={props.errors}
            people={Object.entries(data.people).map(([id, label]) => ({ value: id, label }))}
            secret={credentialFields(data)}
            onChange={(field, fieldValue) => props.setValues((all) => ({ ...all, [field]: fieldValue }))}
          />
          {props.fileFields.map((field) => (
            <FileAttach
              key={field.name}
              label={field.required ? `${field.label} *` : field.label}
              value={props.files[field.name] ?? []}
              onChange={(chosen) => props.setFiles(field.name, chosen)}
              accept={field.accept}
              max={field.maxFiles}
              error={props.fileErrors[field.name] ? t('files.required') : undefined}
              testId={`file-field-${field.name}`}
            />
          ))}
        </Stack>
      )}
      {!working && current && current.submittedAt !== null && (
        <Paper withBorder p="sm" data-testid="review-submitted">
          <Text fw={600} size="sm" mb={4}>
            {t('stepView.form')}
          </Text>
          <SubmittedValues step={data} round={current} />
        </Paper>
      )}
      <Group gap="xs" wrap="wrap">
        {can('claim') && (
          <Button onClick={() => act({ type: 'claim' })} data-testid="action-claim">
            {t('teamQueue.claim')}
          </Button>
        )}
        {can('release') && (
          <Button variant="default" onClick={() => act({ type: 'release' })} data-testid="action-release">
            {t('teamQueue.release')}
          </Button>
        )}
        {can('start') && (
          <Button variant="light" onClick={() => act({ type: 'start' })} data-testid="action-start">
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
                props.setSince(Date.now());
              }}
            >
              {t('inbox.timerStart')}
            </Button>
          ) : (
            <Button
              color="orange"
              data-testid="timer-stop"
              onClick={() => {
                const logged = stopTimer(stepId);
                props.setSince(undefined);
                if (logged > 0) act({ type: 'logTime', minutes: logged });
              }}
            >
              {t('inbox.timerStop', { elapsed: formatElapsed(props.now - since) })}
            </Button>
          ))}
        {working && (
          <Button onClick={props.submit} disabled={!requiredDone} loading={props.pending} data-testid="action-submit">
            {t('actions.submit')}
          </Button>
        )}
        {can('approve') && (
          <Button
            color="teal"
            onClick={() => act({ type: 'approve', comment: text.trim() || undefined })}
            data-testid="action-approve"
          >
            {t('actions.approve')}
          </Button>
        )}
        {can('reject') && (
          <Button
            color="red"
            variant="light"
            onClick={() => act({ type: 'reject', comment: text.trim() || undefined })}
            data-testid="action-reject"
          >
            {t('actions.reject')}
          </Button>
        )}
      </Group>
      {can('logTime') && (
        <Group gap="xs" align="end" wrap="nowrap">
          <NumberInput
            label={t('stepView.minutes')}
            size="xs"
            w={110}
            min={1}
            max={24 * 60}
            allowDecimal={false}
            value={props.minutes}
            onChange={props.setMinutes}
            data-testid="time-minutes"
          />
          <Button
            size="xs"
            variant="default"
            disabled={!(Number(props.minutes) >= 1)}
            onClick={() => act({ type: 'logTime', minutes: Math.min(24 * 60, Math.round(Number(props.minutes))) })}
            data-testid="time-add"
          >
            {t('stepView.addTime')}
          </Button>
        </Group>
      )}
      <Divider />
      <Textarea
        label={t('inbox.message')}
        description={
          can('answerDecision')
            ? t('stepView.answerHint')
            : can('requestDecision')
              ? `${t('stepView.decisionHint')} ${t('stepView.mentionHint')}`
              : `${t('inbox.messageHint')} ${t('stepView.mentionHint')}`
        }
        autosize
        minRows={2}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        data-testid="step-text"
      />
      {can('comment') && (
        <FileAttach value={props.commentFiles} onChange={props.setCommentFiles} testId="step-comment-files" />
      )}
      {can('comment') && <VisibilitySwitch value={commentVisibility} onChange={setCommentVisibility} />}
      <Group gap="xs" wrap="wrap">
        {can('answerDecision') && (
          <Button
            size="xs"
            color="yellow"
            disabled={!text.trim()}
            onClick={() => act({ type: 'answerDecision', answer: text.trim() })}
            data-testid="action-answer-decision"
          >
            {t('actions.answerDecision')}
          </Button>
        )}
        {can('comment') && (
          <Button
            size="xs"
            variant="default"
            disabled={!text.trim()}
            onClick={() => {
              act({
                type: 'comment',
                text: text.trim(),
                visibility: commentVisibility,
                ...(props.commentFiles.length > 0 && { files: props.commentFiles.map((file) => file.id) }),
              });
              // Each comment starts internal again: public is a choice made per comment.
              setCommentVisibility('internal');
            }}
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
            onClick={() => act({ type: 'returnForRework', comment: text.trim() })}
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
            onClick={() => act({ type: 'requestDecision', question: text.trim() })}
            data-testid="action-request-decision"
          >
            {t('actions.requestDecision')}
          </Button>
        )}
        {can('flagRisk') && (
          <Button
            size="xs"
            color="red"
            variant="outline"
            disabled={!text.trim()}
            onClick={() => act({ type: 'flagRisk', text: text.trim() })}
            data-testid="action-flag-risk"
          >
            {t('actions.flagRisk')}
          </Button>
        )}
      </Group>
      <ManageStep data={data} act={act} pending={props.pending} />
      <DecisionsView step={data} />
      <CommentsView step={data} />
      <SensitiveValuesView step={data} />
      <TimeLogView
        step={data}
        onRemove={
          can('logTime') && data.status !== 'inReview'
            ? (minutes) => act({ type: 'logTime', minutes: -minutes })
            : undefined
        }
      />
      <RoundsView step={data} />
      <StepHistory step={data} />
    </Stack>
  );
}

function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
