import { describe, expect, it } from 'vitest';
import { atLocalTime } from '../calendar';
import { warsaw } from '../calendar/calendar.fixtures';
import { computeDue } from '../deadline/compute-due';
import { parseDeadline } from '../deadline/deadline-spec';
import { DEADLINE_MESSAGE_KEYS, deadlineMessages, type DeadlineMessage } from './deadline-messages';
import { deadlineText } from './deadline-text';
import { LANGUAGE_CODES } from './languages';
import { pausedForDecision } from '../interpreter/due-messages';

const at = (date: string, time: string) => atLocalTime(warsaw, date, time);
const ZONE = warsaw.calendar.timeZone;

/** Real due dates from the engine on the Polish calendar (11 Nov 2026 a holiday, 31 Dec a company day off). */
function cases(): [string, DeadlineMessage[]][] {
  const due = (rule: string, anchors: Parameters<typeof computeDue>[1], options = {}, name?: string) => {
    const spec = parseDeadline(rule);
    return deadlineMessages(computeDue(spec, anchors, warsaw, options), spec, name);
  };
  return [
    ['holiday skipped', due('sign.done + 3bd @17:00', { nodes: { sign: at('2026-11-09', '10:15') } }, {}, 'Podpis')],
    ['day off skipped', due('start + 2bd', { start: at('2026-12-30', '10:00') })],
    [
      'moved to the next business day',
      due('occurrence @17:00', { occurrence: at('2026-11-14', '00:00') }, { nonBusinessDay: 'next' }),
    ],
    [
      'moved to the previous business day',
      due('occurrence @17:00', { occurrence: at('2026-11-11', '00:00') }, { nonBusinessDay: 'previous' }),
    ],
    ['moved to working time', due('start + 4h', { start: at('2026-11-13', '16:00') }, { workingTime: true })],
    ['kept on a holiday', due('occurrence @17:00', { occurrence: at('2026-11-11', '00:00') })],
    [
      'a parameter',
      due('eventDate - 2d', { parameters: { eventDate: at('2026-11-20', '12:00') } }, {}, 'Data wydarzenia'),
    ],
    [
      'paused while a decision was pending',
      [
        ...due('start + 1bd', { start: at('2026-11-16', '10:00') }),
        pausedForDecision(at('2026-11-16', '12:00').toISOString(), at('2026-11-16', '15:30').toISOString()),
      ],
    ],
  ];
}

describe('deadline explanations as keys with parameters', () => {
  it('cover every kind of clause', () => {
    const keys = new Set(cases().flatMap(([, messages]) => messages.map((message) => message.key)));
    expect([...keys].sort()).toEqual([...DEADLINE_MESSAGE_KEYS].sort());
  });

  it('carry no sentence: ISO dates, counts, units and reasons', () => {
    const [, archive] = cases()[0]!;
    expect(archive).toEqual([
      {
        key: 'offset',
        params: {
          due: '2026-11-13T16:00:00.000Z',
          count: 3,
          unit: 'businessDays',
          direction: 'after',
          from: '2026-11-09T09:15:00.000Z',
          anchorKind: 'node',
          anchor: 'Podpis',
        },
      },
      { key: 'skippedHoliday', params: { day: '2026-11-11', name: 'Narodowe Święto Niepodległości' } },
    ]);
  });

  for (const [name, messages] of cases()) {
    it(`say "${name}" in every language, with no key or placeholder left`, () => {
      const texts = Object.fromEntries(LANGUAGE_CODES.map((code) => [code, deadlineText(messages, code, ZONE)]));
      for (const text of Object.values(texts)) {
        expect(text).not.toMatch(/\{\{|deadline\.|undefined|Invalid Date/);
        expect(text.split('; ')).toHaveLength(messages.length);
      }
      for (const code of ['pl', 'cs', 'ru'] as const) expect(texts[code]).not.toBe(texts.en);
    });
  }

  it('writes them as a reader of each language would', () => {
    const [, archive] = cases()[0]!;
    expect(deadlineText(archive, 'en', ZONE)).toBe(
      'Fri, November 13 at 05:00 PM: 3 business days after completion of “Podpis” (Mon, November 9 at 10:15 AM); ' +
        'Wed, November 11 is a public holiday (Narodowe Święto Niepodległości)'
    );
    expect(deadlineText(archive, 'pl', ZONE)).toContain('3 dni robocze po ukończeniu „Podpis”');
    expect(deadlineText(archive, 'pl', ZONE)).toContain('to święto (Narodowe Święto Niepodległości)');
    expect(deadlineText(archive, 'cs', ZONE)).toContain('3 pracovní dny po dokončení „Podpis“');
    expect(deadlineText(archive, 'ru', ZONE)).toContain('3 рабочих дня после завершения «Podpis»');
    const [, moved] = cases()[4]!;
    expect(deadlineText(moved, 'ru', ZONE)).toContain('(вне рабочего времени) на ближайшее рабочее время');
    expect(deadlineText(moved, 'cs', ZONE)).toContain('(mimo pracovní dobu)');
    const [, single] = cases()[6]!;
    expect(deadlineText(single, 'pl', ZONE)).toContain('2 dni przed „Data wydarzenia”');
  });

  it('skips what is not a clause and falls back to English for an unknown language', () => {
    const [, archive] = cases()[0]!;
    expect(deadlineText([...archive, { key: 'nonsense' }, 42], 'de', ZONE)).toBe(deadlineText(archive, 'en', ZONE));
  });
});
