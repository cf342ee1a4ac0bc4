import { Alert, Badge, Group, Modal, ScrollArea, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate, nonBusinessReason, type CalendarContext } from '../../../workflows/calendar';
import { localizeTemplate } from '../../../workflows/template';
import { useNonWorkingReason } from '../calendar/non-working-day';
import { useDesignerStoreApi } from '../canvas/designer-store.context';
import { useFormat } from '../i18n/format';
import { deadlinePhrase, dueExplanation } from '../canvas/nodes/deadline-phrase';
import { deadlineProblemText } from './deadline-problem-text';
import { nodeTitle } from '../validation/issue-text';
import { useTemplateCalendar } from './template-calendar';
import { computeTimeline, dayWidthFor, monthSpans, timelineDays } from './timeline.model';

const LABEL_WIDTH = 260;
const MAX_DAYS = 500;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A Gantt chart of every step's due date for a chosen start and parameter values, computed by the deadline
 * engine the workflows use; weekends and holidays shaded, each bar explaining its date.
 */
export function TimelinePreview({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const store = useDesignerStoreApi();
  // Read once per opening: the preview shows the template as it was when opened, its texts in the reader's language.
  const template = useMemo(
    () => (opened ? localizeTemplate(store.getState().toTemplate(), i18n.language) : undefined),
    [opened, store, i18n.language]
  );
  const dateParameters = (template?.parameters ?? []).filter((p) => p.type === 'date' || p.type === 'datetime');
  const [startDay, setStartDay] = useState(() => isoDay(new Date()));
  const [values, setValues] = useState<Record<string, string>>({});

  const startAt = useMemo(() => new Date(`${startDay}T09:00:00`), [startDay]);
  // The calendar a process started now would run on, so every date and day-off mark is the one that process gets.
  const calendar = useTemplateCalendar(
    template?.calendarId ?? '',
    startAt,
    template !== undefined && !Number.isNaN(startAt.getTime())
  );

  const computed = useMemo(() => {
    if (!template || !calendar) return undefined;
    const start = startAt;
    const ctx = calendar;
    const parameters = Object.fromEntries(
      (template.parameters ?? [])
        .filter((p) => p.type === 'date' || p.type === 'datetime')
        .map((p) => [p.name, values[p.name] ?? isoDay(new Date(start.getTime() + 60 * 86_400_000))])
    );
    const rows = computeTimeline(template, { start, parameters, now: new Date() }, ctx);
    const instants = rows.flatMap((row) => (row.result.ok ? [row.result.due.due, row.result.due.anchorAt] : []));
    const first = new Date(Math.min(start.getTime(), ...instants.map((d) => d.getTime())));
    const last = new Date(Math.max(start.getTime(), ...instants.map((d) => d.getTime())));
    const days = timelineDays(ctx, first, last).slice(0, MAX_DAYS);
    return { ctx, rows, days, parameters };
  }, [template, startAt, calendar, values]);

  // The chart fits the dialog's width: days get narrower for a long plan instead of running off the right edge.
  const { ref: chartRef, width: chartWidth } = useElementSize();
  const dayWidth = dayWidthFor(Math.max(0, chartWidth - LABEL_WIDTH - 4), computed?.days.length ?? 0);
  const months = useMemo(() => (computed ? monthSpans(computed.days, format.locale) : []), [computed, format.locale]);
  const names = useMemo(
    () => ({
      parameter: (name: string) => template?.parameters?.find((parameter) => parameter.name === name)?.label,
      node: (id: string) => {
        const node = template?.nodes.find((candidate) => candidate.id === id);
        return node ? nodeTitle(t, node) : undefined;
      },
    }),
    [template, t]
  );
  const dayIndex = (date: Date) => computed?.days.findIndex((day) => day.date === localDate(computed.ctx, date)) ?? -1;

  return (
    <Modal opened={opened} onClose={onClose} title={t('timeline.title')} size="90%" data-testid="timeline">
      <Stack gap="xs">
        <Group gap="xs" align="flex-end">
          <TextInput
            size="xs"
            type="date"
            label={t('timeline.start')}
            value={startDay}
            onChange={(event) => event.currentTarget.value && setStartDay(event.currentTarget.value)}
          />
          {dateParameters.map((parameter) => (
            <TextInput
              key={parameter.name}
              size="xs"
              type="date"
              label={parameter.label ?? parameter.name}
              value={computed?.parameters[parameter.name]?.slice(0, 10) ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (value) setValues((current) => ({ ...current, [parameter.name]: value }));
              }}
              data-testid={`timeline-parameter-${parameter.name}`}
            />
          ))}
          {computed && (
            <Text size="xs" c="dimmed">
              {t('timeline.calendar', { zone: computed.ctx.calendar.timeZone, country: computed.ctx.calendar.country })}
            </Text>
          )}
        </Group>
        {computed && computed.rows.length === 0 && <Alert color="gray">{t('timeline.empty')}</Alert>}
        {computed && computed.rows.length > 0 && (
          <ScrollArea type="auto" ref={chartRef}>
            <div style={{ width: LABEL_WIDTH + computed.days.length * dayWidth, position: 'relative' }}>
              <div style={{ display: 'flex', marginLeft: LABEL_WIDTH }} data-testid="timeline-months">
                {months.map((month) => (
                  <div
                    key={month.label}
                    className="baton-month"
                    style={{ width: month.count * dayWidth }}
                    title={month.label}
                  >
                    {month.count * dayWidth >= 48 ? month.label : ''}
                  </div>
                ))}
              </div>
              <div style={{ display: 'flex', marginLeft: LABEL_WIDTH }}>
                {computed.days.map((day) => (
                  <Tooltip key={day.date} label={day.nonBusiness?.name ?? day.date} disabled={!day.nonBusiness}>
                    <div
                      className="baton-day"
                      data-nonbusiness={day.nonBusiness?.reason}
                      style={{ width: dayWidth, overflow: 'visible', whiteSpace: 'nowrap' }}
                      title={format.date(new Date(`${day.date}T12:00:00Z`), 'UTC')}
                    >
                      {dayWidth >= 16 || day.date.endsWith('-01') || new Date(`${day.date}T12:00:00Z`).getUTCDay() === 1
                        ? Number(day.date.slice(8))
                        : ''}
                    </div>
                  </Tooltip>
                ))}
              </div>
              {computed.rows.map((row) => {
                const from = row.result.ok ? Math.max(0, dayIndex(row.result.from)) : -1;
                const to = row.result.ok ? dayIndex(row.result.due.due) : -1;
                const warned = row.result.ok && row.result.warnings.length > 0;
                return (
                  <div key={row.nodeId} className="baton-gantt-row" data-testid="timeline-row">
                    <div style={{ width: LABEL_WIDTH }} className="baton-gantt-label">
                      <Text size="xs" fw={600} lineClamp={1}>
                        {row.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {deadlinePhrase(t, row.rule, names)}
                        {row.result.ok && ` → ${format.dateTime(row.result.due.due, computed.ctx.calendar.timeZone)}`}
                      </Text>
                      {row.result.ok &&
                        row.result.warnings.map((warning) => (
                          <Badge
                            key={warning}
                            size="xs"
                            color={warning === 'past' ? 'red' : warning === 'movedToWorkingTime' ? 'blue' : 'yellow'}
                            mr={4}
                          >
                            {t(`timeline.warnings.${warning}`)}
                          </Badge>
                        ))}
                      {row.result.ok && <DueDayOff ctx={computed.ctx} due={row.result.due.due} />}
                      {!row.result.ok && (
                        <Text size="xs" c="red">
                          {deadlineProblemText(t, row.result.problem, names)}
                        </Text>
                      )}
                    </div>
                    <div style={{ position: 'relative', flex: 1 }}>
                      {computed.days.map((day, index) =>
                        day.nonBusiness ? (
                          <div
                            key={day.date}
                            className="baton-gantt-shade"
                            style={{ left: index * dayWidth, width: dayWidth }}
                          />
                        ) : null
                      )}
                      {row.result.ok && to >= 0 && (
                        <Tooltip
                          label={dueExplanation(
                            t,
                            row.result.due,
                            row.rule,
                            names,
                            format.locale,
                            computed.ctx.calendar.timeZone
                          ).join('; ')}
                          multiline
                          maw={420}
                        >
                          <div
                            className="baton-gantt-bar"
                            data-warned={warned}
                            style={{
                              left: Math.min(from, to) * dayWidth,
                              width: (Math.abs(to - from) + 1) * dayWidth,
                            }}
                          />
                        </Tooltip>
                      )}
                    </div>
                  </div>
                );
              })}
            </div>
          </ScrollArea>
        )}
      </Stack>
    </Modal>
  );
}

/** The reason a due date falls on a non-working day (a deadline that says `any day`), beside the date. */
function DueDayOff({ ctx, due }: { ctx: CalendarContext; due: Date }) {
  const reasonOf = useNonWorkingReason();
  const day = nonBusinessReason(ctx, localDate(ctx, due));
  if (!day) return null;
  return (
    <Badge size="xs" color="orange" variant="light" tt="none" mr={4} data-testid="non-working-day">
      {reasonOf(day)}
    </Badge>
  );
}
