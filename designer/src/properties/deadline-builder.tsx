import { Alert, Button, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeadlineUnitSchema, formatDeadline, type DeadlineSpec } from '../../../workflows/deadline';
import type { TemplateNodeInput } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';
import { dueExplanation } from '../canvas/nodes/deadline-phrase';
import { deadlineProblemText } from '../timeline/deadline-problem-text';
import { nodeTitle } from '../validation/issue-text';
import { useFormat } from '../i18n/format';
import { useQuery } from '@tanstack/react-query';
import { exampleCalendarQuery, exampleDue, readDeadline, type DeadlineValue } from './deadline-builder.model';

const ANCHOR_KINDS = ['start', 'occurrence', 'parameter', 'node', 'date'] as const;
const DAY_MS = 86_400_000;

/**
 * Builds a deadline from anchor, offset (business days included) and time of day, or takes its text form;
 * shows the text form and the date the deadline engine computes for example values.
 */
export function DeadlineBuilder({
  label,
  value,
  onChange,
  optional = true,
  testId,
}: {
  label: string;
  value: DeadlineValue | undefined;
  onChange: (value: DeadlineValue | undefined) => void;
  optional?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  // Strings, not arrays, so the shallow compare keeps this from redrawing on every canvas change.
  const { calendarId, dateParameters, nodeIds, nodeLines, parameterLines } = useDesigner((state) => ({
    calendarId: state.meta.calendarId,
    dateParameters: (state.meta.parameters ?? [])
      .filter((parameter) => parameter.type === 'date' || parameter.type === 'datetime')
      .map((parameter) => parameter.name)
      .join('\n'),
    nodeIds: state.nodes
      .filter((node) => node.type !== 'stage')
      .map((node) => node.id)
      .join('\n'),
    nodeLines: state.nodes
      .map((node) => `${node.id}\t${nodeTitle(t, node as unknown as TemplateNodeInput)}`)
      .join('\n'),
    parameterLines: (state.meta.parameters ?? [])
      .map((parameter) => `${parameter.name}\t${parameter.label ?? parameter.name}`)
      .join('\n'),
  }));
  const titles = new Map(nodeLines.split('\n').map((line) => line.split('\t') as [string, string]));
  const labels = new Map(parameterLines.split('\n').map((line) => line.split('\t') as [string, string]));
  const names = { node: (id: string) => titles.get(id), parameter: (name: string) => labels.get(name) };
  const [start] = useState(() => new Date());
  const [parameterDate, setParameterDate] = useState(() =>
    new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10)
  );
  const read = value === undefined ? undefined : readDeadline(value);
  const [draftText, setDraftText] = useState<string>();

  const calendar = useQuery(exampleCalendarQuery(calendarId, start)).data;
  const timeZone = calendar?.calendar.timeZone;
  const example = useMemo(() => {
    const current = value === undefined ? undefined : readDeadline(value);
    if (!current?.ok || !calendar) return undefined;
    const anchors = { start, parameterDate, nodeDone: new Date(start.getTime() + DAY_MS) };
    return exampleDue(current.spec, anchors, calendar);
  }, [value, start, parameterDate, calendar]);

  if (value === undefined) {
    return (
      <Group justify="space-between" data-testid={testId}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Button
          size="xs"
          variant="light"
          onClick={() => onChange('start + 1bd @17:00')}
          data-testid={testId && `${testId}-add`}
        >
          {t('deadline.add')}
        </Button>
      </Group>
    );
  }

  const spec = read?.ok ? read.spec : undefined;
  // Edits write the text form, the way templates are written by hand and in the fixtures.
  const update = (next: DeadlineSpec) => onChange(formatDeadline(next));
  const anchorKind = spec?.anchor.kind;

  return (
    <Stack gap={6} data-testid={testId} className="baton-fieldset">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {optional && (
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange(undefined)}>
            {t('props.remove')}
          </Button>
        )}
      </Group>
      <TextInput
        size="xs"
        label={t('deadline.text')}
        value={draftText ?? read?.text ?? ''}
        error={read && !read.ok ? deadlineProblemText(t, read.problem, names) : undefined}
        onChange={(event) => setDraftText(event.currentTarget.value)}
        onBlur={() => {
          if (draftText !== undefined) onChange(draftText);
          setDraftText(undefined);
        }}
        data-testid={testId && `${testId}-text`}
      />
      {spec && (
        <>
          <Group gap="xs" grow wrap="nowrap">
            <Select
              size="xs"
              label={t('deadline.anchor')}
              allowDeselect={false}
              value={anchorKind ?? null}
              data={ANCHOR_KINDS.map((kind) => ({ value: kind, label: t(`deadline.anchors.${kind}`) }))}
              onChange={(kind) => {
                const first = (kind === 'parameter' ? dateParameters : nodeIds).split('\n')[0] || 'x';
                if (kind === 'start' || kind === 'occurrence') update({ ...spec, anchor: { kind } });
                if (kind === 'parameter') update({ ...spec, anchor: { kind, name: first } });
                if (kind === 'node') update({ ...spec, anchor: { kind, nodeId: first } });
                if (kind === 'date') update({ ...spec, anchor: { kind, value: parameterDate } });
              }}
            />
            {spec.anchor.kind === 'parameter' && (
              <Select
                size="xs"
                label={t('deadline.parameter')}
                value={spec.anchor.name}
                data={[...new Set([spec.anchor.name, ...dateParameters.split('\n').filter(Boolean)])].map((name) => ({
                  value: name,
                  label: labels.get(name) ?? name,
                }))}
                onChange={(name) => name && update({ ...spec, anchor: { kind: 'parameter', name } })}
              />
            )}
            {spec.anchor.kind === 'date' && (
              <DateInput
                size="xs"
                label={t('deadline.date')}
                valueFormat="LL"
                value={spec.anchor.value.slice(0, 10)}
                onChange={(day) =>
                  day &&
                  spec.anchor.kind === 'date' &&
                  update({ ...spec, anchor: { kind: 'date', value: day.slice(0, 10) + spec.anchor.value.slice(10) } })
                }
                data-testid={testId && `${testId}-date`}
              />
            )}
            {spec.anchor.kind === 'node' && (
              <Select
                size="xs"
                label={t('deadline.node')}
                value={spec.anchor.nodeId}
                data={[...new Set([spec.anchor.nodeId, ...nodeIds.split('\n').filter(Boolean)])].map((id) => ({
                  value: id,
                  label: titles.get(id) ?? id,
                }))}
                onChange={(nodeId) => nodeId && update({ ...spec, anchor: { kind: 'node', nodeId } })}
              />
            )}
          </Group>
          <Switch
            size="xs"
            label={t('deadline.withOffset')}
            checked={spec.offset !== undefined}
            onChange={(event) => {
              const { offset: _offset, ...rest } = spec;
              update(
                event.currentTarget.checked
                  ? { ...rest, offset: { amount: 1, unit: 'businessDays', direction: 'after' } }
                  : rest
              );
            }}
          />
          {spec.offset && (
            <Group gap="xs" wrap="nowrap">
              <Select
                size="xs"
                w={96}
                aria-label={t('deadline.direction')}
                allowDeselect={false}
                value={spec.offset.direction}
                data={(['after', 'before'] as const).map((direction) => ({
                  value: direction,
                  label: t(`deadline.directions.${direction}`),
                }))}
                onChange={(direction) =>
                  spec.offset &&
                  update({
                    ...spec,
                    offset: { ...spec.offset, direction: direction === 'before' ? 'before' : 'after' },
                  })
                }
              />
              <NumberInput
                size="xs"
                w={72}
                aria-label={t('deadline.amount')}
                min={0}
                allowDecimal={false}
                value={spec.offset.amount}
                onChange={(amount) =>
                  spec.offset &&
                  update({ ...spec, offset: { ...spec.offset, amount: Math.max(0, Number(amount) || 0) } })
                }
                data-testid={testId && `${testId}-amount`}
              />
              <Select
                size="xs"
                aria-label={t('deadline.unit')}
                allowDeselect={false}
                style={{ flex: 1, minWidth: 0 }}
                value={spec.offset.unit}
                data={DeadlineUnitSchema.options.map((unit) => ({
                  value: unit,
                  label: unit === 'hours' ? t('build.clockHours') : t(`deadline.units.${unit}`),
                }))}
                onChange={(unit) => {
                  const parsed = DeadlineUnitSchema.safeParse(unit);
                  if (parsed.success && spec.offset) update({ ...spec, offset: { ...spec.offset, unit: parsed.data } });
                }}
                data-testid={testId && `${testId}-unit`}
              />
            </Group>
          )}
          <Switch
            size="xs"
            label={t('deadline.anyDay')}
            checked={spec.anyDay === true}
            onChange={(event) => {
              const { anyDay: _anyDay, ...rest } = spec;
              update(event.currentTarget.checked ? { ...rest, anyDay: true } : rest);
            }}
            data-testid={testId && `${testId}-any-day`}
          />
          <TextInput
            size="xs"
            label={t('deadline.timeOfDay')}
            placeholder="17:00"
            value={spec.timeOfDay ?? ''}
            onChange={(event) => {
              const text = event.currentTarget.value;
              const { timeOfDay: _time, ...rest } = spec;
              if (text === '') update(rest);
              else if (/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) update({ ...rest, timeOfDay: text });
            }}
          />
          {spec.anchor.kind === 'parameter' && (
            <TextInput
              size="xs"
              type="date"
              label={t('deadline.exampleParameter', { name: spec.anchor.name })}
              value={parameterDate}
              onChange={(event) => event.currentTarget.value && setParameterDate(event.currentTarget.value)}
            />
          )}
          {example?.ok && (
            <Alert
              color={example.due.fallsOn ? 'yellow' : 'blue'}
              p="xs"
              title={t('deadline.example', { date: format.dateTime(example.due.due, timeZone) })}
              data-testid={testId && `${testId}-example`}
            >
              <Text size="xs">{t('deadline.exampleStart', { date: format.dateTime(start, timeZone) })}</Text>
              {dueExplanation(t, example.due, value, names, format.locale, timeZone).map((line) => (
                <Text key={line} size="xs">
                  {line}
                </Text>
              ))}
            </Alert>
          )}
          {example && !example.ok && (
            <Alert color="red" p="xs">
              <Text size="xs">{deadlineProblemText(t, example.problem, names)}</Text>
            </Alert>
          )}
        </>
      )}
    </Stack>
  );
}
