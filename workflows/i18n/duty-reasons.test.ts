import { describe, expect, it } from 'vitest';
import { DUTY_REASON_KEYS, type DutyReason } from './duty-reasons';
import { noticeText } from './notice-text';

const english = { subject: 'old subject', message: 'old message' };
const problem = (reason: DutyReason, key = 'dutyProblem') => ({
  key,
  params: { duty: 'Weekly backup', date: '2026-12-04', person: 'Anna Nowak', text: 'English detail', ...reason },
});

describe('a duty occurrence’s reason as a key', () => {
  it('is said in every language for every reason, with no key, placeholder or English detail left', () => {
    for (const reason of DUTY_REASON_KEYS)
      for (const language of ['en', 'pl', 'cs', 'ru']) {
        const text = noticeText(
          problem({ reason, risks: 2, decisions: 1, steps: '“Copy”', status: 'failed' }),
          language,
          english
        ).message;
        expect(text).not.toMatch(/\{\{|dutyReason\.|English detail|undefined/);
      }
  });

  it('counts with the plurals of each language and names the steps', () => {
    const raised = problem({ reason: 'raised', risks: 2, decisions: 5 });
    expect(noticeText(raised, 'en', english).message).toContain('(raised 2 risks and 5 decision requests)');
    expect(noticeText(raised, 'pl', english).message).toContain('zgłoszono problem (2 ryzyka i 5 próśb o decyzję)');
    expect(noticeText(raised, 'cs', english).message).toContain('nahlášen problém (2 rizika a 5 žádostí o rozhodnutí)');
    expect(noticeText(raised, 'ru', english).message).toContain('сообщено о проблеме (2 риска и 5 запросов решения)');
    const one = problem({ reason: 'raised', risks: 1 });
    expect(noticeText(one, 'pl', english).message).toContain('(1 ryzyko)');
    const late = problem({ reason: 'lateSteps', steps: '“Kopia”' }, 'dutyLate');
    expect(noticeText(late, 'pl', english).message).toContain('(ukończono po terminie kroku “Kopia”)');
    const stopped = problem({ reason: 'processStopped', status: 'terminated' });
    expect(noticeText(stopped, 'ru', english).message).toContain('(его процесс был прерван)');
  });

  it('leaves an older notice without a reason as it was written', () => {
    const old = {
      key: 'dutyProblem',
      params: { duty: 'Backup', date: '2026-12-04', person: 'Anna', text: 'raised 1 risk(s)' },
    };
    expect(noticeText(old, 'pl', english).message).toContain('raised 1 risk(s)');
  });
});
