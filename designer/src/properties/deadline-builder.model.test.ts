import { describe, expect, it } from 'vitest';
import { exampleCalendar, exampleDue, readDeadline } from './deadline-builder.model';
import { conditionFromRuleSet, parseRuleValue, ruleSetFromCondition } from './condition-rules';

describe('deadline builder model', () => {
  it('reads text and structured deadlines into one spec and text form', () => {
    const text = readDeadline('eventDate - 14d @9:00');
    expect(text).toEqual({
      ok: true,
      text: 'eventDate - 14d @09:00',
      spec: {
        anchor: { kind: 'parameter', name: 'eventDate' },
        offset: { amount: 14, unit: 'days', direction: 'before' },
        timeOfDay: '09:00',
      },
    });
    const structured = readDeadline({
      anchor: { kind: 'start' },
      offset: { amount: 3, unit: 'businessDays', direction: 'after' },
    });
    expect(structured).toMatchObject({ ok: true, text: 'start + 3bd' });
    const bad = readDeadline('start + 3 fortnights');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toMatch(/unknown unit "fortnights"/);
  });

  it('computes an example due date on the Polish calendar, skipping the weekend and a holiday', async () => {
    const start = new Date('2026-11-06T10:00:00+01:00'); // a Friday; 11 Nov is Independence Day
    const ctx = await exampleCalendar('pl-warsaw', start);
    const read = readDeadline('start + 3bd @17:00');
    if (!read.ok) throw new Error(read.error);
    const result = exampleDue(read.spec, { start, parameterDate: '2026-12-10', nodeDone: start }, ctx);
    if (!result.ok) throw new Error(result.error);
    // Mon 9, Tue 10, (Wed 11 holiday), Thu 12.
    expect(result.due.due.toISOString()).toBe('2026-11-12T16:00:00.000Z');
    expect(result.due.skipped.map((day) => day.date)).toContain('2026-11-11');
    expect(result.due.explanation).toMatch(/3 business days/);
  });

  it('anchors on the example parameter date', async () => {
    const start = new Date('2026-11-02T09:00:00Z');
    const read = readDeadline('eventDate - 14d');
    if (!read.ok) throw new Error(read.error);
    const result = exampleDue(
      read.spec,
      { start, parameterDate: '2027-03-31', nodeDone: start },
      await exampleCalendar('pl', start)
    );
    expect(result.ok && result.due.due.toISOString().slice(0, 10)).toBe('2027-03-17');
  });
});

describe('decision rules', () => {
  it('round-trips rules through JSON-logic', () => {
    const condition = { and: [{ '>': [{ var: 'budget' }, 10000] }, { '==': [{ var: 'urgent' }, true] }] };
    const set = ruleSetFromCondition(condition);
    expect(set).toEqual({
      kind: 'rules',
      combinator: 'all',
      rules: [
        { variable: 'budget', operator: '>', value: 10000 },
        { variable: 'urgent', operator: '==', value: true },
      ],
    });
    expect(conditionFromRuleSet(set)).toEqual(condition);
    expect(conditionFromRuleSet(ruleSetFromCondition({ '<': [{ var: 'n' }, 3] }))).toEqual({ '<': [{ var: 'n' }, 3] });
    expect(ruleSetFromCondition(true)).toEqual({ kind: 'always' });
  });

  it('keeps conditions the rule form cannot express as they are', () => {
    const nested = { or: [{ and: [{ '>': [{ var: 'a' }, 1] }] }] };
    expect(ruleSetFromCondition(nested)).toEqual({ kind: 'advanced', json: nested });
    expect(conditionFromRuleSet(ruleSetFromCondition(nested))).toBe(nested);
  });

  it('types entered values', () => {
    expect(parseRuleValue('42')).toBe(42);
    expect(parseRuleValue('false')).toBe(false);
    expect(parseRuleValue('PLN')).toBe('PLN');
    expect(parseRuleValue('')).toBe('');
  });
});
