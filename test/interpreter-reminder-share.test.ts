import { describe, expect, it } from 'vitest';
import { atLocalTime } from '../workflows/calendar';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { startProcess } from '../workflows/interpreter';
import type { EngineContext } from '../workflows/interpreter';
import {
  describeRungTiming,
  formatRungTiming,
  parseRungTiming,
  RungTimingSchema,
  type EscalationRung,
} from '../workflows/template';
import { oneTaskTemplate } from './support/one-task-template';

const warsaw = calendarContext({ country: 'PL' });
const ctx: EngineContext = { calendar: warsaw, org: { managers: {} }, ladderTargets: true, workingTimeDue: true };
const at = (date: string, time: string) => atLocalTime(warsaw, date, time).toISOString();

/** The instants of the rung timers a process schedules when its one step opens. */
function rungTimers(due: string, escalation: EscalationRung[], startedAt: string): string[] {
  const { effects } = startProcess(
    'wf-share',
    oneTaskTemplate({ due, escalation }, 'share'),
    {},
    'boss',
    startedAt,
    ctx
  );
  return effects.flatMap((effect) => (effect.type === 'scheduleTimer' ? [effect.at] : []));
}

describe('reminders as a share of the time allowed (`at 50 %`)', () => {
  it('reads and writes `at 50 %` beside the other reminder times, and refuses what is not one', () => {
    expect(parseRungTiming('at 50 %')).toEqual({ relation: 'share', percent: 50 });
    expect(parseRungTiming('75%')).toEqual({ relation: 'share', percent: 75 });
    for (const text of ['at 50 %', 'at due', '2bh before', '1bd after', '30min before', '1mo after']) {
      expect(formatRungTiming(parseRungTiming(text))).toBe(text);
    }
    expect(() => parseRungTiming('at 0 %')).toThrow();
    expect(() => parseRungTiming('at 150 %')).toThrow(/not a reminder time/);
    expect(() => parseRungTiming('soon')).toThrow(/write `at due`, `at 50 %`/);
    expect(RungTimingSchema.safeParse({ relation: 'share', percent: 100 }).success).toBe(false);
    expect(describeRungTiming({ relation: 'share', percent: 50 })).toBe('when 50 % of the time allowed has passed');
  });

  it('fires halfway through the working time between the step’s opening and its due time', () => {
    const remind = (percent: number): EscalationRung => ({
      at: { relation: 'share', percent },
      action: { kind: 'remindAssignee' },
    });
    // Friday 13 November 2026 16:00 + 4bh is Monday 12:00: half of the four working hours is Monday 10:00, not
    // Saturday, as half the clock time would be.
    expect(rungTimers('start + 4bh', [remind(50)], at('2026-11-13', '16:00'))).toEqual([at('2026-11-16', '10:00')]);
    expect(rungTimers('start + 4bh', [remind(25), remind(75)], at('2026-11-13', '16:00'))).toEqual([
      at('2026-11-13', '17:00'),
      at('2026-11-16', '11:00'),
    ]);
    // Two business days from Monday 09:00 (due Wednesday 09:00): 16 working hours, 50 % is Monday 17:00.
    expect(rungTimers('start + 2bd', [remind(50)], at('2026-11-16', '09:00'))).toEqual([at('2026-11-16', '17:00')]);
    // With no working time in between (a weekend deadline that says `any day`), the share is of the clock time.
    expect(rungTimers('start + 1d any day', [remind(50)], at('2026-11-14', '10:00'))).toEqual([
      at('2026-11-14', '22:00'),
    ]);
  });
});
