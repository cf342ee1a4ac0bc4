import type { TFunction } from 'i18next';
import type { DeadlineSpec } from '../../../../workflows/deadline';
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
