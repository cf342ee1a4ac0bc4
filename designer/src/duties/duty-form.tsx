import {
  Alert,
  Button,
  Chip,
  Drawer,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput, TimeInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { usePeople } from '../processes/start-process-page';
import { useSession } from '../session/session';
import { fetchTemplates, fetchVersion } from '../templates/template-queries';
import { localizeTemplate } from '../../../workflows/template/translations';
import { ParameterSchema, type Parameter } from '../../../workflows/template';
import { ParameterForm } from '../processes/parameter-form';
import { initialValues, toProcessParams, type FieldError, type FormValues } from '../processes/parameter-form.model';
import { z } from 'zod';
import {
  defaultScheduleForm,
  fromSchedule,
  fromStartTrigger,
  SCHEDULE_KINDS,
  toSchedule,
  type ScheduleForm,
  type ScheduleKind,
} from './schedule-builder.model';

const ZONES = ['Europe/Warsaw', 'Europe/Prague', 'Europe/Moscow', 'Europe/London', 'Europe/Berlin', 'UTC'];

export interface DutyBeingChanged {
  id: string;
  name: string;
  schedule: Record<string, unknown>;
  overlap: string;
  templateId: string;
  owner: string;
  assignee: string;
}

/** One occurrence of the preview, as the API returns it. */
interface PreviewOccurrence {
  nominalDate: string;
  date: string;
  at: string;
  moved: boolean;
  skipped?: 'nonBusinessDay' | 'skipNext';
}

/**
 * Creates a duty from a published template with a schedule builder, or changes a duty's schedule; the next 12
 * occurrences on the team calendar, each move explained, show before anything is saved.
 */
export function DutyForm({
  opened,
  onClose,
  changing,
  presetTemplateId,
}: {
  opened: boolean;
  onClose: () => void;
  changing?: DutyBeingChanged;
  /** A template just published with a repeating start node: chosen, its rule as the schedule. */
  presetTemplateId?: string;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const me = useSession().data;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = DateTime.now().toISODate() ?? '2026-01-01';
  const initial = useMemo(() => {
    const base = defaultScheduleForm(today, ZONES.includes(zone) ? zone : 'Europe/Warsaw');
    return changing
      ? { ...fromSchedule(changing.schedule, base), overlap: changing.overlap as ScheduleForm['overlap'] }
      : base;
  }, [changing, today, zone]);
  const [form, setForm] = useState<ScheduleForm>(initial);
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState<string | null>(presetTemplateId ?? null);
  const [assignee, setAssignee] = useState<string | null>(changing?.assignee ?? null);
  const [owner, setOwner] = useState<string | null>(me?.id ?? null);
  const set = <K extends keyof ScheduleForm>(key: K, value: ScheduleForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const templates = useQuery({
    queryKey: ['templates', 'published'],
    queryFn: () => fetchTemplates(),
    enabled: opened,
  });
  const people = usePeople(opened);
  const published = (templates.data?.items ?? []).filter((template) => template.latestVersion !== null);
  const chosenTemplate = published.find((template) => template.id === templateId);
  const version = useQuery({
    queryKey: ['version', templateId, String(chosenTemplate?.latestVersion)],
    queryFn: () => fetchVersion(templateId ?? '', chosenTemplate?.latestVersion ?? 0),
    enabled: opened && chosenTemplate !== undefined,
    staleTime: Infinity,
  });
  // The preset template's start-node rule fills the schedule once, and its name the duty's, when they arrive.
  const [presetApplied, setPresetApplied] = useState(false);
  if (!presetApplied && presetTemplateId !== undefined && version.data && chosenTemplate) {
    setPresetApplied(true);
    const start = version.data.template.nodes.find((node) => node.type === 'start');
    const trigger = (start?.data as { trigger?: unknown } | undefined)?.trigger;
    setForm((current) => ({ ...fromStartTrigger(trigger, current), overlap: current.overlap }));
    if (name.trim() === '') setName(chosenTemplate.title);
  }
  const parameters = useMemo(
    () =>
      z
        .array(ParameterSchema)
        .catch([])
        .parse(localizeTemplate(version.data?.template, i18n.language)?.parameters ?? []),
    [version.data, i18n.language]
  );
  // Each occurrence's process gets the assignee in one of the template's person parameters.
  const personParameters = parameters.filter((parameter) => parameter.type === 'person');
  const [assigneeParameter, setAssigneeParameter] = useState<string | null>(null);
  const target =
    assigneeParameter ??
    personParameters.find((parameter) => parameter.name === 'assignee')?.name ??
    personParameters[0]?.name ??
    null;
  const otherParameters: Parameter[] = parameters.filter((parameter) => parameter.name !== target);
  const [values, setValues] = useState<{ template: string | null; values: FormValues }>();
  const paramValues =
    values?.template === templateId && values ? values.values : initialValues(otherParameters, form.timeZone);
  const [paramErrors, setParamErrors] = useState<Record<string, FieldError>>({});
  const person = (roles: readonly string[]) =>
    (people.data?.items ?? [])
      .filter((entry) => roles.includes(entry.role))
      .map((entry) => ({
        value: entry.id,
        label: entry.id === me?.id ? `${entry.name} (${t('dutyForm.me')})` : entry.name,
      }));

  const schedule = toSchedule(form);
  const [debounced] = useDebouncedValue(schedule, 400);
  const previewTemplate = changing?.templateId ?? templateId ?? undefined;
  const previewOwner = changing?.owner ?? owner ?? undefined;
  const preview = useQuery({
    queryKey: ['duty-preview', debounced, previewTemplate, previewOwner],
    queryFn: () =>
      ok(
        api.api.duties.preview.$post({
          json: {
            schedule: debounced,
            count: 12,
            ...(previewTemplate ? { templateId: previewTemplate } : {}),
            ...(previewOwner ? { owner: previewOwner } : {}),
          },
        })
      ),
    enabled: opened,
    retry: false,
  });
  const daysOff = new Map((preview.data?.daysOff ?? []).map((day) => [day.date, day]));
  const why = (occurrence: PreviewOccurrence) => {
    const off = daysOff.get(occurrence.nominalDate);
    if (off) return off.name ?? t('dutyForm.companyDayOff');
    return t('dutyForm.weekend');
  };
  const day = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(`${iso}T12:00:00Z`)
    );
  const firstRun = (preview.data?.occurrences ?? []).find((occurrence) => !occurrence.skipped);

  const save = useMutation({
    mutationFn: async () => {
      if (changing) {
        const view = await ok(
          api.api.duties[':id'].schedule.$post({
            param: { id: changing.id },
            header: { 'idempotency-key': idempotencyKey() },
            json: { schedule, overlap: form.overlap },
          })
        );
        if (assignee === null || assignee === changing.assignee) return view;
        return ok(
          api.api.duties[':id'].assignee.$post({
            param: { id: changing.id },
            header: { 'idempotency-key': idempotencyKey() },
            json: { assignee },
          })
        );
      }
      const conversion = toProcessParams(otherParameters, paramValues, form.timeZone);
      setParamErrors(conversion.errors);
      if (Object.keys(conversion.errors).length > 0) throw new Error(t('dutyForm.fixParameters'));
      return ok(
        api.api.duties.$post({
          header: { 'idempotency-key': idempotencyKey() },
          json: {
            templateId: templateId ?? '',
            name: name.trim(),
            assignee: assignee ?? '',
            ...(owner ? { owner } : {}),
            ...(target ? { assigneeParameter: target } : {}),
            params: conversion.params,
            schedule,
            overlap: form.overlap,
          },
        })
      );
    },
    onSuccess: () => {
      const date = firstRun ? format.dateTime(new Date(firstRun.at)) : '';
      notifications.show({
        color: 'teal',
        message: changing ? t('dutyForm.changed', { date }) : t('dutyForm.created', { date }),
      });
      void client.invalidateQueries({ queryKey: ['duties'] });
      onClose();
    },
  });

  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value: String(value), label: t(`weekdays.${value}`) }));
  const months = Array.from({ length: 12 }, (_, index) => ({
    value: String(index + 1),
    label: new Intl.DateTimeFormat(i18n.language, { month: 'long' }).format(new Date(Date.UTC(2026, index, 15))),
  }));
  const ready = changing !== undefined || (name.trim() !== '' && templateId !== null && assignee !== null);

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Title order={3}>{changing ? t('dutyForm.editTitle', { name: changing.name }) : t('dutyForm.title')}</Title>
      }
      data-testid="duty-form"
    >
      <Stack gap="sm">
        {!changing && (
          <>
            <TextInput
              label={t('dutyForm.name')}
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              data-testid="duty-name"
            />
            <Select
              label={t('dutyForm.template')}
              placeholder={t('dutyForm.pickTemplate')}
              required
              searchable
              data={published.map((template) => ({ value: template.id, label: template.title }))}
              value={templateId}
              onChange={(value) => {
                setTemplateId(value);
                const chosen = published.find((template) => template.id === value);
                if (chosen && name.trim() === '') setName(chosen.name);
              }}
              data-testid="duty-template"
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Select
                label={t('dutyForm.assignee')}
                placeholder={t('dutyForm.pickPerson')}
                required
                searchable
                data={person(['assistant', 'manager'])}
                value={assignee}
                onChange={setAssignee}
                data-testid="duty-assignee"
              />
              <Select
                label={t('dutyForm.owner')}
                searchable
                data={person(['manager', 'observer', 'admin'])}
                value={owner}
                onChange={setOwner}
                allowDeselect={false}
                data-testid="duty-owner"
              />
            </SimpleGrid>
            {personParameters.length > 1 && (
              <Select
                label={t('dutyForm.assigneeParameter')}
                data={personParameters.map((parameter) => ({
                  value: parameter.name,
                  label: parameter.label ?? parameter.name,
                }))}
                value={target}
                onChange={setAssigneeParameter}
                allowDeselect={false}
              />
            )}
            {otherParameters.length > 0 && (
              <Paper withBorder p="sm">
                <Text size="sm" fw={600} mb={4}>
                  {t('dutyForm.parameters')}
                </Text>
                <ParameterForm
                  parameters={otherParameters}
                  values={paramValues}
                  errors={paramErrors}
                  people={(people.data?.items ?? []).map((entry) => ({ value: entry.id, label: entry.name }))}
                  onChange={(field, value) =>
                    setValues({ template: templateId, values: { ...paramValues, [field]: value } })
                  }
                />
              </Paper>
            )}
          </>
        )}
        {changing && (
          <Select
            label={t('dutyForm.assignee')}
            description={t('dutyForm.assigneeFromNext')}
            searchable
            data={person(['assistant', 'manager'])}
            value={assignee}
            onChange={(value) => value && setAssignee(value)}
            allowDeselect={false}
            data-testid="duty-assignee"
          />
        )}
        <Select
          label={t('dutyForm.repeats')}
          data={SCHEDULE_KINDS.map((kind) => ({ value: kind, label: t(`dutyForm.kinds.${kind}`) }))}
          value={form.kind}
          onChange={(value) => value && set('kind', value as ScheduleKind)}
          allowDeselect={false}
          data-testid="duty-kind"
        />
        {(form.kind === 'daily' || form.kind === 'weekly') && (
          <NumberInput
            label={form.kind === 'daily' ? t('dutyForm.everyDays') : t('dutyForm.everyWeeks')}
            min={1}
            max={form.kind === 'daily' ? 366 : 52}
            allowDecimal={false}
            value={form.interval}
            onChange={(value) => set('interval', Math.max(1, Number(value) || 1))}
            w={200}
          />
        )}
        {form.kind === 'weekly' && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('dutyForm.days')}
            </Text>
            <Chip.Group multiple value={form.days.map(String)} onChange={(values) => set('days', values.map(Number))}>
              <Group gap={6}>
                {weekdays.map((weekday) => (
                  <Chip key={weekday.value} value={weekday.value} size="xs">
                    {weekday.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Stack>
        )}
        {form.kind === 'monthlyWeekday' && (
          <Group grow>
            <Select
              label={t('dutyForm.nth')}
              data={[
                { value: '1', label: t('dutyForm.n1') },
                { value: '2', label: t('dutyForm.n2') },
                { value: '3', label: t('dutyForm.n3') },
                { value: '4', label: t('dutyForm.n4') },
                { value: '-1', label: t('dutyForm.nlast') },
              ]}
              value={String(form.nth)}
              onChange={(value) => value && set('nth', Number(value) as ScheduleForm['nth'])}
              allowDeselect={false}
            />
            <Select
              label={t('dutyForm.weekday')}
              data={weekdays}
              value={String(form.weekday)}
              onChange={(value) => value && set('weekday', Number(value))}
              allowDeselect={false}
            />
          </Group>
        )}
        {form.kind === 'quarterly' && (
          <Select
            label={t('dutyForm.monthOfQuarter')}
            data={[1, 2, 3].map((value) => ({ value: String(value), label: t(`dutyForm.mq${value}`) }))}
            value={String(form.monthOfQuarter)}
            onChange={(value) => value && set('monthOfQuarter', Number(value) as ScheduleForm['monthOfQuarter'])}
            allowDeselect={false}
          />
        )}
        {form.kind === 'yearly' && (
          <Select
            label={t('dutyForm.month')}
            data={months}
            value={String(form.month)}
            onChange={(value) => value && set('month', Number(value))}
            allowDeselect={false}
          />
        )}
        {(form.kind === 'monthly' || form.kind === 'quarterly' || form.kind === 'yearly') && (
          <NumberInput
            label={t('dutyForm.day')}
            min={1}
            max={31}
            allowDecimal={false}
            value={form.day}
            onChange={(value) => set('day', Math.min(31, Math.max(1, Number(value) || 1)))}
            w={200}
            data-testid="duty-day"
          />
        )}
        {form.kind === 'rrule' && (
          <TextInput
            label={t('dutyForm.rule')}
            description={t('dutyForm.ruleHint')}
            value={form.rule}
            onChange={(event) => set('rule', event.currentTarget.value)}
            data-testid="duty-rule"
          />
        )}
        <Group grow align="start">
          <TimeInput
            label={t('dutyForm.time')}
            value={form.timeOfDay}
            onChange={(event) => set('timeOfDay', event.currentTarget.value)}
            data-testid="duty-time"
          />
          <Select
            label={t('dutyForm.timeZone')}
            searchable
            data={[...new Set([form.timeZone, ...ZONES])]}
            value={form.timeZone}
            onChange={(value) => value && set('timeZone', value)}
            allowDeselect={false}
          />
        </Group>
        <Select
          label={t('dutyForm.nonBusinessDay')}
          data={(['previousBusinessDay', 'nextBusinessDay', 'skip'] as const).map((rule) => ({
            value: rule,
            label: t(`dutyForm.nonBusiness.${rule}`),
          }))}
          value={form.nonBusinessDay}
          onChange={(value) => value && set('nonBusinessDay', value as ScheduleForm['nonBusinessDay'])}
          allowDeselect={false}
        />
        <Select
          label={t('dutyForm.overlap')}
          data={(['startAnyway', 'skip', 'escalate'] as const).map((rule) => ({
            value: rule,
            label: t(`dutyForm.overlapRule.${rule}`),
          }))}
          value={form.overlap}
          onChange={(value) => value && set('overlap', value as ScheduleForm['overlap'])}
          allowDeselect={false}
        />
        <Group grow align="start">
          <DateInput
            label={t('dutyForm.startDate')}
            valueFormat="LL"
            value={form.startDate}
            onChange={(value) => value && set('startDate', value.slice(0, 10))}
          />
          <DateInput
            label={t('dutyForm.endDate')}
            valueFormat="LL"
            clearable
            value={form.endDate || null}
            onChange={(value) => set('endDate', value ? value.slice(0, 10) : '')}
          />
        </Group>
        <Paper withBorder p="sm" data-testid="duty-preview">
          <Text fw={600}>{t('dutyForm.preview')}</Text>
          <Text size="xs" c="dimmed" mb={6}>
            {t('dutyForm.next12')}
          </Text>
          {preview.error && (
            <Alert color="red" p="xs">
              {problemText(t, preview.error)}
            </Alert>
          )}
          {preview.data && preview.data.occurrences.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('dutyForm.previewEmpty')}
            </Text>
          )}
          <Stack gap={2}>
            {(preview.data?.occurrences ?? []).map((occurrence) => (
              <Group key={`${occurrence.nominalDate}-${occurrence.date}`} gap={6} wrap="wrap">
                <Text
                  size="sm"
                  td={occurrence.skipped ? 'line-through' : undefined}
                  c={occurrence.skipped ? 'dimmed' : undefined}
                >
                  {occurrence.skipped
                    ? day(occurrence.nominalDate)
                    : format.dateTime(new Date(occurrence.at), form.timeZone)}
                </Text>
                {occurrence.skipped ? (
                  <Text size="xs" c="orange">
                    {occurrence.skipped === 'skipNext'
                      ? t('dutyForm.skippedByRequest')
                      : t('dutyForm.skippedBecause', { why: why(occurrence) })}
                  </Text>
                ) : (
                  occurrence.moved && (
                    <Text size="xs" c="orange">
                      {t('dutyForm.movedFrom', { date: day(occurrence.nominalDate), why: why(occurrence) })}
                    </Text>
                  )
                )}
              </Group>
            ))}
          </Stack>
        </Paper>
        {save.error && (
          <Alert color="red" role="alert" data-testid="duty-error">
            {problemText(t, save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!ready || preview.isError}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="duty-save"
          >
            {changing ? t('dutyForm.saveSchedule') : t('dutyForm.create')}
          </Button>
        </Group>
      </Stack>
    </Drawer>
  );
}
