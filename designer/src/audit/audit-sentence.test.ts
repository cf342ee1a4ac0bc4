import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepEn } from '../i18n/locales/step.en';
import { stepPl } from '../i18n/locales/step.pl';
import { auditQuote, auditSentence, duration, type SentenceContext } from './audit-sentence';
import { REFUSAL_CATALOGS } from '../../../workflows/i18n/refusals';

const people: Record<string, string> = { u1: 'Anna Kowalska', u2: 'Maria Nowak' };
const ctx: SentenceContext = {
  name: (id) => (id ? (people[id] ?? 'someone') : 'someone'),
  step: () => 'Prepare the supplier comparison',
  value: (_name, value) => String(value),
  parameter: (name) => (name === 'eventDate' ? 'Event date' : name),
};

describe('audit entries as sentences', () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({
      lng: 'en',
      resources: { en: { translation: stepEn }, pl: { translation: stepPl } },
      interpolation: { escapeValue: false },
    });
  });

  it('says who stands in for whom in every role, who got a step when no deputy was free, and who is back', () => {
    const entry = (action: string, detail: Record<string, unknown>) =>
      auditSentence(t.t, { action, actor: 'system', detail }, ctx);
    expect(entry('actingFor', { role: 'reviewer', deputy: 'u2', actingFor: 'u1' })).toBe(
      'Prepare the supplier comparison: Maria Nowak reviews it, standing in for Anna Kowalska'
    );
    expect(entry('deputiesUnavailable', { manager: 'u2', actingFor: 'u1' })).toBe(
      'Prepare the supplier comparison: no deputy of Anna Kowalska is available, so it went to their manager Maria Nowak'
    );
    expect(entry('backFromAbsence', { person: 'u1', from: 'u2' })).toBe(
      'Anna Kowalska is back: Prepare the supplier comparison returned to them from Maria Nowak'
    );
  });

  it('names people and steps, never ids or keys', () => {
    expect(auditSentence(t.t, { action: 'submitted', actor: 'u1', detail: { round: 2 } }, ctx)).toBe(
      'Anna Kowalska submitted round 2 of Prepare the supplier comparison'
    );
    expect(auditSentence(t.t, { action: 'returnedForRework', actor: 'u2', detail: { round: 1 } }, ctx)).toBe(
      'Maria Nowak returned round 1 of Prepare the supplier comparison for rework'
    );
    expect(auditSentence(t.t, { action: 'escalated', actor: 'system', detail: { level: 2, target: 'u2' } }, ctx)).toBe(
      'Prepare the supplier comparison is late: escalated to Maria Nowak (level 2)'
    );
    expect(auditSentence(t.t, { action: 'decisionRequested', actor: 'u1', detail: { round: 1, to: 'u2' } }, ctx)).toBe(
      'Anna Kowalska asked Maria Nowak for a decision on Prepare the supplier comparison'
    );
    expect(
      auditSentence(
        t.t,
        { action: 'parameterChanged', actor: 'u2', detail: { name: 'eventDate', from: 'a', to: 'b' } },
        ctx
      )
    ).toBe('Maria Nowak changed Event date from a to b');
  });

  it('says where a manager moved a deadline to, in the reader’s date format, with the reason as its quote', () => {
    const entry = {
      action: 'dueChanged',
      actor: 'u2',
      detail: { from: '2026-12-10T16:00:00.000Z', to: '2026-12-18T16:00:00.000Z', reason: 'the supplier is late' },
    };
    expect(auditSentence(t.t, entry, { ...ctx, when: (iso) => `[${iso.slice(0, 10)}]` })).toBe(
      'Maria Nowak moved the deadline of Prepare the supplier comparison to [2026-12-18]'
    );
    expect(auditQuote(entry)).toBe('the supplier is late');
  });

  it('tells a team queue’s claims, releases, assignments and reminders, naming people, never a team id', () => {
    const say = (action: string, actor: string, detail: Record<string, unknown>) =>
      auditSentence(t.t, { action, actor, detail }, ctx);
    expect(say('claimed', 'u1', { round: 1, team: 'x' })).toBe(
      'Anna Kowalska claimed Prepare the supplier comparison from the team queue'
    );
    expect(say('released', 'u1', { round: 1, team: 'x' })).toBe(
      'Anna Kowalska put Prepare the supplier comparison back in the team queue'
    );
    expect(say('assigned', 'u2', { round: 1, team: 'x', to: 'u1' })).toBe(
      'Maria Nowak gave Prepare the supplier comparison from the team queue to Anna Kowalska'
    );
    expect(say('escalated', 'system', { level: 1, target: 'team:0b8f4c1e' })).toBe(
      'Prepare the supplier comparison is late: everyone in the team queue was reminded (level 1)'
    );
  });

  it('speaks the reader’s language', async () => {
    await t.changeLanguage('pl');
    expect(auditSentence(t.t, { action: 'approved', actor: 'u2', detail: {} }, ctx)).toBe(
      'Maria Nowak zatwierdził(a): Prepare the supplier comparison'
    );
    expect(duration(t.t, 65)).toBe('1 godz. 05 min');
    await t.changeLanguage('en');
    expect(duration(t.t, 45)).toBe('45 min');
  });
});

describe('a refusal in the history', () => {
  it('says why the process refused an action in the reader’s language, and an older entry’s text as it is', async () => {
    const t = i18next.createInstance();
    await t.init({
      lng: 'pl',
      resources: {
        en: { translation: { ...stepEn, refusal: REFUSAL_CATALOGS.en } },
        pl: { translation: { ...stepPl, refusal: REFUSAL_CATALOGS.pl } },
      },
      interpolation: { escapeValue: false },
    });
    const refused = (detail: Record<string, unknown>) =>
      auditSentence(t.t, { action: 'rejected', actor: 'system', nodeId: 'compare', detail }, ctx);
    const sentence = refused({
      message: 'round limit reached: step "compare" allows 3 rounds',
      refusal: { key: 'roundLimit', params: { max: 3 } },
    });
    expect(sentence).toContain('Limit rund tego kroku (3) został wyczerpany');
    expect(sentence).not.toContain('round limit');
    expect(sentence).not.toContain('compare"');
    // Written before refusals had keys: the English text is all there is.
    expect(refused({ message: 'step "compare" is not open' })).toContain('step "compare" is not open');
    // A key this web app does not know yet: the English text stands in rather than the key.
    expect(refused({ message: 'something new', refusal: { key: 'fromTheFuture' } })).toContain('something new');
  });
});
