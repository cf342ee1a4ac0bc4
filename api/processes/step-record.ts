/**
 * A step as a record both sides read: every round with what was submitted (form values, ticked checklist), the time
 * logged, the review's outcome and comment; the decision requests with their answers; the comments in order; and
 * the step's own history. Built from the process audit and the task rows, which the workflow writes.
 */

export interface StepAuditRow {
  id: string;
  action: string;
  actor: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface StepTaskRow {
  id: string;
  round: number;
  status: string;
  assignee: string;
  reviewer: string | null;
}

export interface StepRound {
  round: number;
  stepId: string;
  status: string;
  assignee: string;
  reviewer: string | null;
  submittedAt: string | null;
  values: Record<string, unknown> | null;
  checklist: string[] | null;
  timeLog: { by: string; minutes: number; at: string }[];
  /** Checklist items ticked in the round so far, with who ticked each and when. */
  ticked: { item: string; by: string; at: string }[];
  minutes: number;
  outcome: 'approved' | 'returned' | 'rejected' | null;
  reviewComment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface StepDecision {
  round: number;
  question: string;
  askedBy: string;
  askedAt: string;
  to: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

export interface StepRecord {
  rounds: StepRound[];
  decisions: StepDecision[];
  /** `visibility`: public comments the process's client reads too; every other entry is internal. */
  comments: {
    round: number;
    by: string;
    text: string;
    at: string;
    kind: string;
    visibility: 'public' | 'internal';
    /** Files sent with a comment (names, sizes, types; read through /api/files/{id}). */
    files?: { id: string; name: string; size: number; contentType: string }[];
  }[];
  history: {
    id: string;
    round: number | null;
    action: string;
    actor: string;
    detail: Record<string, unknown>;
    at: string;
  }[];
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function roundOf(detail: Record<string, unknown>): number | null {
  const value = detail.round;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

export function buildStepRecord(tasks: readonly StepTaskRow[], audit: readonly StepAuditRow[]): StepRecord {
  const rounds = new Map<number, StepRound>();
  for (const task of [...tasks].sort((a, b) => a.round - b.round)) {
    rounds.set(task.round, {
      round: task.round,
      stepId: task.id,
      status: task.status,
      assignee: task.assignee,
      reviewer: task.reviewer,
      submittedAt: null,
      values: null,
      checklist: null,
      timeLog: [],
      ticked: [],
      minutes: 0,
      outcome: null,
      reviewComment: null,
      reviewedBy: null,
      reviewedAt: null,
    });
  }
  const decisions: StepDecision[] = [];
  const comments: StepRecord['comments'] = [];
  const history: StepRecord['history'] = [];
  const latest = Math.max(0, ...rounds.keys());

  for (const entry of audit) {
    const round = roundOf(entry.detail) ?? latest;
    history.push({
      id: entry.id,
      round: roundOf(entry.detail),
      action: entry.action,
      actor: entry.actor,
      detail: entry.detail,
      at: entry.createdAt,
    });
    const target = rounds.get(round);
    switch (entry.action) {
      case 'submitted':
        if (target) {
          const values = entry.detail.values;
          target.values = values !== null && typeof values === 'object' ? (values as Record<string, unknown>) : {};
          const checklist = entry.detail.checklist;
          target.checklist = Array.isArray(checklist) ? checklist.filter((id) => typeof id === 'string') : null;
          target.submittedAt = entry.createdAt;
        }
        break;
      case 'checklistTicked': {
        const item = str(entry.detail.item);
        if (target && item) {
          target.ticked = target.ticked.filter((tick) => tick.item !== item);
          if (entry.detail.done === true) target.ticked.push({ item, by: entry.actor, at: entry.createdAt });
        }
        break;
      }
      case 'timeLogged': {
        const minutes = Number(entry.detail.minutes);
        if (target && Number.isFinite(minutes)) {
          target.timeLog.push({ by: entry.actor, minutes, at: entry.createdAt });
          target.minutes += minutes;
        }
        break;
      }
      case 'approved':
      case 'rejected':
      case 'returnedForRework':
        if (target) {
          target.outcome =
            entry.action === 'approved' ? 'approved' : entry.action === 'rejected' ? 'rejected' : 'returned';
          target.reviewComment = str(entry.detail.comment);
          target.reviewedBy = entry.actor;
          target.reviewedAt = entry.createdAt;
        }
        if (entry.action === 'returnedForRework' && str(entry.detail.comment)) {
          comments.push({
            round,
            by: entry.actor,
            text: String(entry.detail.comment),
            at: entry.createdAt,
            kind: 'return',
            visibility: 'internal',
          });
        }
        break;
      case 'commented':
        if (str(entry.detail.text)) {
          comments.push({
            round,
            by: entry.actor,
            text: String(entry.detail.text),
            at: entry.createdAt,
            kind: 'comment',
            // Comments from before visibility existed are internal.
            visibility: entry.detail.visibility === 'public' ? 'public' : 'internal',
            ...(Array.isArray(entry.detail.files) && {
              files: entry.detail.files as NonNullable<StepRecord['comments'][number]['files']>,
            }),
          });
        }
        break;
      case 'riskFlagged':
        if (str(entry.detail.text)) {
          comments.push({
            round,
            by: entry.actor,
            text: String(entry.detail.text),
            at: entry.createdAt,
            kind: 'risk',
            visibility: 'internal',
          });
        }
        break;
      case 'decisionRequested':
        decisions.push({
          round,
          question: String(entry.detail.question ?? ''),
          askedBy: entry.actor,
          askedAt: entry.createdAt,
          to: str(entry.detail.to),
          answer: null,
          answeredBy: null,
          answeredAt: null,
        });
        break;
      case 'decisionAnswered': {
        const open = [...decisions].reverse().find((decision) => decision.answer === null);
        if (open) {
          open.answer = String(entry.detail.answer ?? '');
          open.answeredBy = entry.actor;
          open.answeredAt = entry.createdAt;
        }
        break;
      }
    }
  }
  return { rounds: [...rounds.values()], decisions, comments, history };
}

/** Audit detail fields that hold a person's id (whom a rung reached, a deputy, …). */
export const PERSON_DETAIL_KEYS = [
  'to',
  'target',
  'from',
  'deputy',
  'actingFor',
  'waitingOn',
  'manager',
  'person',
] as const;

/** Every person id a record names, so their names can be looked up in one query. */
export function peopleIn(record: StepRecord, extra: readonly (string | null | undefined)[]): string[] {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id && id !== 'system') ids.add(id);
  };
  for (const round of record.rounds) {
    add(round.assignee);
    add(round.reviewer);
    add(round.reviewedBy);
    for (const entry of round.timeLog) add(entry.by);
    for (const tick of round.ticked) add(tick.by);
  }
  for (const decision of record.decisions) {
    add(decision.askedBy);
    add(decision.to);
    add(decision.answeredBy);
  }
  for (const comment of record.comments) add(comment.by);
  for (const entry of record.history) {
    add(entry.actor);
    for (const key of PERSON_DETAIL_KEYS) {
      const value = entry.detail[key];
      if (typeof value === 'string') add(value);
    }
  }
  for (const id of extra) add(id);
  return [...ids];
}
