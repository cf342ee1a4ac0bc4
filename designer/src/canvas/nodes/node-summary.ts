import type { TFunction } from 'i18next';
import { formatDeadline, type DeadlineSpec } from '../../../../workflows/deadline';
import type { Assignee } from '../../../../workflows/template';

/** A deadline as its text form, whether the template holds the text or the structured spec. */
export function deadlineText(due: string | DeadlineSpec | undefined): string | undefined {
  if (due === undefined) return undefined;
  return typeof due === 'string' ? due : formatDeadline(due);
}

export function assigneeText(t: TFunction, assignee: Assignee | undefined): string | undefined {
  if (!assignee) return undefined;
  switch (assignee.kind) {
    case 'person':
      return assignee.personId;
    case 'team':
      return t('assignee.teamShort', { id: assignee.teamId });
    case 'parameter':
      return t('assignee.parameterShort', { name: assignee.name });
    case 'starter':
      return t('assignee.starter');
  }
}
