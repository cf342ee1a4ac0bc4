import type { TFunction } from 'i18next';
import { refusalText } from '../i18n/refusal-text';

/** One audit entry as the API returns it (process or step history). */
export interface AuditEntry {
  action: string;
  actor: string;
  nodeId?: string | null;
  detail: Record<string, unknown>;
}

export interface SentenceContext {
  /** A person's name from their id ('system' and unknown ids get a word, never the raw id). */
  name: (id: string | null | undefined) => string;
  /** A step's title from its node id. */
  step: (nodeId: string | null | undefined) => string;
  /** A parameter value as a person reads it (dates, money, people). */
  value: (name: string, value: unknown) => string;
  /** A parameter's label. */
  parameter: (name: string) => string;
  /** A checklist item's text from its id, where the step is known. */
  checklistItem?: (id: string) => string;
  /** An instant (ISO) as the reader writes dates and times. */
  when?: (iso: string) => string;
}

/** A person's name from a names-by-id map, in the reader's words for the system and for anyone unknown: never an id. */
export function personName(t: TFunction, people: Readonly<Record<string, string>>, id: string | null | undefined) {
  if (!id) return t('auditText.someone');
  if (id === 'system') return t('auditText.system');
  return people[id] ?? t('auditText.someone');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Why the process refused a signal: its refusal key in the reader's language; entries from before keys, their text. */
function refusedText(t: TFunction, d: Record<string, unknown>): string {
  const refusal = d.refusal as { key?: unknown; params?: unknown } | undefined;
  return refusalText(t, refusal?.key, refusal?.params, text(d.message));
}

/** An audit entry as a sentence in the reader's language, naming people and steps, never ids or keys. */
export function auditSentence(t: TFunction, entry: AuditEntry, ctx: SentenceContext): string {
  const d = entry.detail;
  const actor = entry.actor === 'system' ? t('auditText.system') : ctx.name(entry.actor);
  const step = ctx.step(entry.nodeId);
  const round = typeof d.round === 'number' ? d.round : Number(d.round) || 1;
  const base = { actor, step, round };
  switch (entry.action) {
    case 'processStarted':
      return t('auditText.processStarted', base);
    case 'processCancelled':
      return t('auditText.processCancelled', base);
    case 'processFailed':
      return t('auditText.processFailed', { ...base, message: text(d.message) });
    case 'decided':
      return t('auditText.decided', {
        ...base,
        outcome: t(`outcome.${text(d.outcome)}`, { defaultValue: text(d.outcome) }),
      });
    case 'stepScheduled':
      return t('auditText.stepScheduled', { ...base, date: ctx.value('', d.opensAt) });
    case 'started':
      return t('auditText.started', base);
    case 'timeLogged': {
      const minutes = Number(d.minutes) || 0;
      return minutes < 0
        ? t('auditText.timeRemoved', { ...base, duration: duration(t, -minutes) })
        : t('auditText.timeLogged', { ...base, duration: duration(t, minutes) });
    }
    case 'dataError':
      return t('auditText.dataError', { ...base, message: text(d.message) });
    case 'checklistTicked':
      return t(d.done === true ? 'auditText.checked' : 'auditText.unchecked', {
        ...base,
        item: ctx.checklistItem?.(text(d.item)) ?? text(d.item),
      });
    case 'commented':
      // A comment on the process as a whole (a client's among them) names no step.
      return entry.nodeId ? t('auditText.commented', base) : t('auditText.commentedOnProcess', base);
    case 'riskFlagged':
      return t('auditText.riskFlagged', base);
    case 'reassigned':
      return t('auditText.reassigned', { ...base, to: ctx.name(text(d.to)) });
    case 'decisionRequested':
      return d.to
        ? t('auditText.decisionRequestedTo', { ...base, to: ctx.name(text(d.to)) })
        : t('auditText.decisionRequested', base);
    case 'decisionEscalated':
      return d.target
        ? t('auditText.decisionEscalated', { ...base, target: ctx.name(text(d.target)) })
        : t('auditText.decisionEscalatedNobody', { ...base, person: ctx.name(text(d.waitingOn)) });
    case 'decisionAnswered':
      return t('auditText.decisionAnswered', base);
    case 'submitted':
      return round > 1 ? t('auditText.submittedRound', base) : t('auditText.submitted', base);
    case 'approved':
      return t('auditText.approved', base);
    case 'rejected':
      return entry.actor === 'system'
        ? t('auditText.refused', { ...base, message: refusedText(t, d) })
        : t('auditText.rejected', base);
    case 'returnedForRework':
      return t('auditText.returnedForRework', base);
    case 'claimed':
      return t('auditText.claimed', base);
    case 'released':
      return t('auditText.released', base);
    case 'assigned':
      return t('auditText.assigned', { ...base, to: ctx.name(text(d.to)) });
    case 'escalated':
      // A reminder to a step still in its team's queue goes to every member.
      if (text(d.target).startsWith('team:')) return t('auditText.escalatedTeam', { ...base, level: d.level });
      return d.target
        ? t('auditText.escalated', { ...base, level: d.level, target: ctx.name(text(d.target)) })
        : t('auditText.escalatedNobody', { ...base, level: d.level });
    case 'parameterChanged':
      return t('auditText.parameterChanged', {
        ...base,
        name: ctx.parameter(text(d.name)),
        from: ctx.value(text(d.name), d.from),
        to: ctx.value(text(d.name), d.to),
      });
    case 'dueChanged':
      return t('auditText.dueChanged', {
        ...base,
        to: ctx.when ? ctx.when(text(d.to)) : text(d.to),
      }); // the reason is the entry's quote, shown under it
    case 'priorityChanged': {
      const to = (d.to ?? {}) as { urgent?: unknown; important?: unknown };
      const quadrant =
        to.urgent === true && to.important === true
          ? 'doFirst'
          : to.important === true
            ? 'schedule'
            : to.urgent === true
              ? 'delegate'
              : 'drop';
      return t('auditText.priorityChanged', { ...base, priority: t(`inbox.quadrant.${quadrant}`) });
    }
    case 'actingFor':
      return t(d.role === 'reviewer' ? 'auditText.actingForReview' : 'auditText.actingFor', {
        ...base,
        deputy: ctx.name(text(d.deputy)),
        person: ctx.name(text(d.actingFor)),
      });
    case 'deputiesUnavailable':
      return t('auditText.deputiesUnavailable', {
        ...base,
        manager: ctx.name(text(d.manager)),
        person: ctx.name(text(d.actingFor)),
      });
    case 'backFromAbsence':
      return t('auditText.backFromAbsence', {
        ...base,
        person: ctx.name(text(d.person)),
        from: ctx.name(text(d.from)),
      });
    default:
      return t('auditText.other', { ...base, action: entry.action });
  }
}

/** Minutes as hours and minutes in the reader's words ("1 h 05 min"). */
export function duration(t: TFunction, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return hours > 0
    ? t('auditText.hoursMinutes', { hours, minutes: String(rest).padStart(2, '0') })
    : t('auditText.minutes', { minutes: rest });
}

/** The text an entry carries for the reader (a comment, question, answer, reason), if any. */
export function auditQuote(entry: AuditEntry): string {
  for (const key of ['text', 'comment', 'question', 'answer', 'reason']) {
    const value = entry.detail[key];
    if (typeof value === 'string' && value) return value;
  }
  return '';
}
