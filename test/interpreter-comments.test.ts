import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { EngineContext } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';

const MONDAY = '2026-11-09T08:00:00.000Z';
const withVisibility: EngineContext = { calendar: calendarContext({ country: 'PL' }), commentVisibility: true };
const before: EngineContext = { calendar: calendarContext({ country: 'PL' }) };
const started = (ctx: EngineContext) =>
  startProcess(
    'wf-1',
    parseTemplate(delegationCycleTemplate),
    { assistant: 'anna', taskTitle: 'Report' },
    'boss',
    MONDAY,
    ctx
  );

describe('comment visibility', () => {
  it('keeps a staff comment internal unless its author makes it public, in the step and the audit', () => {
    const { state } = started(withVisibility);
    const internal = apply(
      state,
      { type: 'comment', nodeId: 'do-task', actor: 'anna', at: MONDAY, text: 'pays late' },
      withVisibility
    );
    const open = apply(
      internal.state,
      { type: 'comment', nodeId: 'do-task', actor: 'anna', at: MONDAY, text: 'On it', visibility: 'public' },
      withVisibility
    );
    expect(open.state.steps['do-task']?.comments.map((c) => [c.text, c.visibility])).toEqual([
      ['pays late', 'internal'],
      ['On it', 'public'],
    ]);
    expect(internal.effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'commented',
        detail: expect.objectContaining({ visibility: 'internal' }),
      })
    );
    expect(open.effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'commented',
        detail: expect.objectContaining({ visibility: 'public' }),
      })
    );
  });

  it('records a client comment on the process as public and tells whom the API named, never its author', () => {
    const { state } = started(withVisibility);
    const { effects } = apply(
      state,
      {
        type: 'processComment',
        actor: 'client',
        at: MONDAY,
        text: 'Any news?',
        visibility: 'internal',
        byClient: true,
        tell: ['anna', 'client'],
      },
      withVisibility
    );
    expect(effects).toEqual([
      {
        type: 'audit',
        action: 'commented',
        actor: 'client',
        detail: { text: 'Any news?', visibility: 'public', byClient: true },
      },
      expect.objectContaining({ type: 'notify', recipient: 'anna', message: 'Any news?' }),
    ]);
  });

  it('leaves processes started before visibility as they were: no visibility, no comments on the process', () => {
    const { state } = started(before);
    const { effects } = apply(
      state,
      { type: 'comment', nodeId: 'do-task', actor: 'anna', at: MONDAY, text: 'x', visibility: 'public' },
      before
    );
    expect(effects.find((effect) => effect.type === 'audit')).toMatchObject({ detail: { text: 'x' } });
    expect(JSON.stringify(effects)).not.toContain('visibility');
    expect(() => apply(state, { type: 'processComment', actor: 'client', at: MONDAY, text: 'x' }, before)).toThrow(
      StepRejectedError
    );
  });
});
