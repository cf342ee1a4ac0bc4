import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent } from '../workflows/interpreter';
import type { EscalationRung } from '../workflows/template';
import { noticeText } from '../workflows/i18n/notice-text';
import { oneTaskTemplate } from './support/one-task-template';

const MONDAY = '2026-11-09T08:00:00.000Z';
const base: EngineContext = {
  calendar: calendarContext({ country: 'PL' }),
  org: { managers: { anna: 'olga', boss: 'director' } },
  stepNotices: true,
  ladderTargets: true,
};
const ladder: EscalationRung[] = [
  { at: { relation: 'before', amount: 2, unit: 'hours' }, action: { kind: 'remindAssignee' } },
  { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
];

/** Every notice of a process: its start, both rungs firing, a risk flagged and a comment mentioning the boss. */
function notices(ctx: EngineContext): Extract<Effect, { type: 'notify' }>[] {
  const template = oneTaskTemplate({ due: 'start + 3bd @17:00', escalation: ladder }, 'notices');
  const first = startProcess('wf-notices', template, {}, 'boss', MONDAY, ctx);
  let state = first.state;
  const effects: Effect[] = [...first.effects];
  const events: ProcessEvent[] = [
    ...first.effects.flatMap((effect) =>
      effect.type === 'scheduleTimer'
        ? [{ type: 'timerFired', timerId: effect.timerId, at: effect.at } as ProcessEvent]
        : []
    ),
    { type: 'flagRisk', nodeId: 'task', actor: 'anna', text: 'Sprzedawca nie odpowiada', at: MONDAY } as ProcessEvent,
  ];
  for (const event of events) {
    const next = apply(state, event, ctx);
    state = next.state;
    effects.push(...next.effects);
  }
  return effects.flatMap((effect) => (effect.type === 'notify' ? [effect] : []));
}

describe('notices as keys with parameters', () => {
  it('writes each notice with its key and the step it names, beside the English text', () => {
    const written = notices({ ...base, noticeKeys: true });
    expect(written.map((effect) => [effect.recipient, effect.notice])).toEqual([
      ['anna', { key: 'stepNew', params: { step: 'Prepare' } }],
      ['anna', { key: 'remind', params: { step: 'Prepare' } }],
      ['boss', { key: 'escalateDelegator', params: { step: 'Prepare' } }],
      ['boss', { key: 'riskFlagged', params: { step: 'Prepare', text: 'Sprzedawca nie odpowiada' } }],
    ]);
    expect(written[1]?.subject).toBe('Reminder: a step is due soon');
    // Rendered for the recipient in their language with the shared catalog.
    expect(noticeText(written[1]?.notice, 'pl', written[1]!)).toMatchObject({
      subject: 'Przypomnienie: zbliża się termin kroku',
      message: 'Termin kroku „Prepare” wkrótce mija.',
    });
    expect(noticeText(written[3]?.notice, 'ru', written[3]!)).toMatchObject({
      subject: 'Отмечен риск: Prepare',
      message: 'Sprzedawca nie odpowiada',
    });
  });

  it('writes English text only for processes started before notice keys (their histories replay unchanged)', () => {
    const written = notices(base);
    expect(written).toHaveLength(4);
    expect(written.every((effect) => effect.notice === undefined)).toBe(true);
  });
});
