import { describe, expect, it } from 'vitest';
import { buildStepRecord, peopleIn, type StepAuditRow } from './step-record';

let seq = 0;
const entry = (action: string, actor: string, detail: Record<string, unknown>): StepAuditRow => ({
  id: String(++seq),
  action,
  actor,
  detail,
  createdAt: new Date(Date.UTC(2026, 11, 1, 9, seq)).toISOString(),
});

describe('a step record', () => {
  const tasks = [
    { id: '11', round: 1, status: 'returned', assignee: 'anna', reviewer: 'maria' },
    { id: '12', round: 2, status: 'inReview', assignee: 'anna', reviewer: 'maria' },
  ];
  const audit = [
    entry('started', 'anna', { round: 1 }),
    entry('timeLogged', 'anna', { round: 1, minutes: 30 }),
    entry('timeLogged', 'anna', { round: 1, minutes: 15 }),
    entry('decisionRequested', 'anna', { round: 1, question: 'Hall A or B?', to: 'maria' }),
    entry('decisionAnswered', 'maria', { round: 1, answer: 'B' }),
    entry('submitted', 'anna', { round: 1, values: { result: 'v1' }, checklist: ['brief-read'] }),
    entry('returnedForRework', 'maria', { round: 1, comment: 'Add delivery times' }),
    entry('commented', 'anna', { round: 2, text: 'On it' }),
    entry('submitted', 'anna', { round: 2, values: { result: 'v2' } }),
  ];
  const record = buildStepRecord(tasks, audit);

  it('keeps what each round submitted, the time logged and how its review ended', () => {
    expect(record.rounds[0]).toMatchObject({
      round: 1,
      stepId: '11',
      values: { result: 'v1' },
      checklist: ['brief-read'],
      minutes: 45,
      outcome: 'returned',
      reviewComment: 'Add delivery times',
      reviewedBy: 'maria',
    });
    expect(record.rounds[0]?.timeLog.map((log) => log.minutes)).toEqual([30, 15]);
    // A submission from before checklists were audited says nothing about them (null), not "none ticked".
    expect(record.rounds[1]).toMatchObject({ round: 2, values: { result: 'v2' }, checklist: null, outcome: null });
  });

  it('pairs each decision request with its answer', () => {
    expect(record.decisions).toEqual([
      expect.objectContaining({
        question: 'Hall A or B?',
        askedBy: 'anna',
        to: 'maria',
        answer: 'B',
        answeredBy: 'maria',
      }),
    ]);
  });

  it('lists comments and review comments in order, and the whole history', () => {
    expect(record.comments.map((comment) => [comment.kind, comment.text, comment.round])).toEqual([
      ['return', 'Add delivery times', 1],
      ['comment', 'On it', 2],
    ]);
    expect(record.history.map((item) => item.action)).toEqual(audit.map((item) => item.action));
  });

  it('names everyone it mentions once, never the system', () => {
    expect(peopleIn(record, ['olga', null, 'system']).sort()).toEqual(['anna', 'maria', 'olga']);
  });
});
