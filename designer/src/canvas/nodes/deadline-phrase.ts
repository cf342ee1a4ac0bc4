import i18next, { type TFunction } from 'i18next';
import type { DeadlineSpec, DueDate } from '../../../../workflows/deadline';
import { readDeadline } from '../../../../workflows/deadline/timeline';

/** What the phrase needs to name an anchor in words: a parameter's label and a step's title. */
export interface DeadlineNames {
  parameter: (name: string) => string | undefined;
  node: (id: string) => string | undefined;
}

/**
 * A deadline as a manager reads it, in the reader's language: "3 business days after the start, at 17:00"
 * rather than the text form `start + 3bd @17:00`. A deadline that does not read is shown as written.
 */
export function deadlinePhrase(
  t: TFunction,
  due: string | DeadlineSpec | undefined,
  names: DeadlineNames
): string | undefined {
  if (due === undefined) return undefined;
  const read = readDeadline(due);
  if (!read.ok) return read.text;
  const { anchor, offset, timeOfDay } = read.spec;
  const values = {
    name: anchor.kind === 'parameter' ? (names.parameter(anchor.name) ?? anchor.name) : '',
    title: anchor.kind === 'node' ? (names.node(anchor.nodeId) ?? t('build.thisStep')) : '',
    date: anchor.kind === 'date' ? absoluteDate(anchor.value) : '',
  };
  const when =
    offset && offset.amount > 0
      ? t(`build.due.${anchor.kind}.${offset.direction}`, {
          ...values,
          offset: t(`build.units.${offset.unit}`, { count: offset.amount }),
        })
      : t(`build.due.${anchor.kind}.at`, values);
  return timeOfDay === undefined ? when : t('build.due.time', { when, time: timeOfDay });
}

/** An absolute anchor (`2027-03-31`, `2027-03-31T12:00`) in the reader's language; the time is the team's. */
function absoluteDate(value: string): string {
  const withTime = value.length > 10;
  return new Intl.DateTimeFormat(i18next.language || 'en', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${value.slice(0, 10)}T${withTime ? value.slice(11, 16) : '12:00'}:00Z`));
}

/**
 * Why a computed due date is what it is, in the reader's language (the engine's own explanation is one English
 * sentence): the rule in words, the non-working days skipped, a move off a day off, or a day off kept.
 */
export function dueExplanation(
  t: TFunction,
  due: DueDate,
  rule: string | DeadlineSpec,
  names: DeadlineNames,
  locale: string,
  /** The team's zone, for the time a due date moved from. */
  timeZone?: string
): string[] {
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(`${iso}T12:00:00Z`)
    );
  const lines = [deadlinePhrase(t, rule, names) ?? ''];
  if (due.skipped.length > 0) {
    lines.push(
      t('build.explain.skipped', { count: due.skipped.length, days: due.skipped.map((d) => day(d.date)).join(', ') })
    );
  }
  if (due.movedFrom) lines.push(t('build.explain.moved', { day: day(due.movedFrom.day.date) }));
  const moved = due.movedToWorkingTime;
  if (moved) {
    const from = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: timeZone ?? 'UTC',
    }).format(moved.instant);
    const why = moved.day
      ? moved.day.reason === 'publicHoliday'
        ? (moved.day.name ?? t('build.explain.why.holiday'))
        : t(`build.explain.why.${moved.day.reason}`)
      : t('build.explain.why.afterHours');
    lines.push(t('build.explain.movedToWork', { from, why }));
  }
  if (due.fallsOn) lines.push(t('build.explain.fallsOn', { day: day(due.fallsOn.date) }));
  return lines.filter((line) => line !== '');
}
