import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';
import { builtInTemplates } from '../../../workflows/template/library';
import { exampleCalendar } from '../properties/deadline-builder.model';
import { computeTimeline, dayWidthFor, monthSpans, timelineDays } from './timeline.model';

const start = new Date('2027-01-04T09:00:00+01:00');
const ctx = await exampleCalendar('pl-warsaw', start);
const template = eventPlanTemplate as TemplateInput;

function dueOf(rows: ReturnType<typeof computeTimeline>, id: string): Date {
  const row = rows.find((r) => r.nodeId === id);
  if (!row?.result.ok) throw new Error(`no due date for ${id}: ${row?.result.ok === false ? row.result.error : ''}`);
  return row.result.due.due;
}

describe('timeline preview', () => {
  it('computes every deadline of the event plan, chained ones included, in date order', () => {
    const rows = computeTimeline(template, { start, parameters: { eventDate: '2027-03-31' }, now: start }, ctx);
    expect(rows.every((row) => row.result.ok)).toBe(true);
    const dates = rows.map((row) => (row.result.ok ? row.result.due.due.getTime() : 0));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    // `estimate` is due 2 business days after the `booked` join, which waits for the bookings inside the stage.
    expect(dueOf(rows, 'estimate').getTime()).toBeGreaterThan(dueOf(rows, 'venue').getTime());
    expect(rows.find((row) => row.nodeId === 'estimate')?.rule).toBe('booked.done + 2bd');
  });

  it('shows a wait that would end on a day off moved to the next working time, as the engine now runs it', () => {
    // Two days before Monday 29 March 2027 is Saturday 27 March; Sunday is Easter and Monday Easter Monday in Poland:
    // the wait ends Tuesday 30 March 09:00 instead.
    const rows = computeTimeline(template, { start, parameters: { eventDate: '2027-03-29' }, now: start }, ctx);
    const wait = rows.find((row) => row.nodeId === 'before-event');
    expect(wait?.rule).toBe('eventDate - 2d @09:00');
    expect(wait?.result.ok && wait.result.warnings).toContain('movedToWorkingTime');
    expect(dueOf(rows, 'before-event').toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });

  it('moves every stage deadline with the event date', () => {
    const early = computeTimeline(template, { start, parameters: { eventDate: '2027-03-31' }, now: start }, ctx);
    const late = computeTimeline(template, { start, parameters: { eventDate: '2027-04-30' }, now: start }, ctx);
    const moved = early.filter((row) => row.rule.startsWith('eventDate'));
    expect(moved.length).toBeGreaterThan(2);
    for (const row of moved) {
      expect(dueOf(late, row.nodeId).getTime()).toBeGreaterThan(dueOf(early, row.nodeId).getTime());
    }
  });

  it('warns about deadlines in the past and says when an anchor is missing', () => {
    const rows = computeTimeline(template, { start, parameters: { eventDate: '2027-01-10' }, now: start }, ctx);
    expect(rows.some((row) => row.result.ok && row.result.warnings.includes('past'))).toBe(true);
    const missing = computeTimeline(template, { start, parameters: {}, now: start }, ctx);
    const failed = missing.find((row) => row.rule.startsWith('eventDate'));
    expect(failed?.result.ok).toBe(false);
    expect(failed?.result.ok === false && failed.result.error).toMatch(/eventDate/);
  });

  it('marks weekends and public holidays', () => {
    const days = timelineDays(ctx, new Date('2027-01-01T10:00:00Z'), new Date('2027-01-07T10:00:00Z'));
    expect(days.map((day) => day.date)).toHaveLength(7);
    expect(days[0]?.nonBusiness?.reason).toBe('publicHoliday'); // New Year's Day
    expect(days[1]?.nonBusiness?.reason).toBe('weekend');
    expect(days[5]?.nonBusiness?.reason).toBe('publicHoliday'); // Epiphany, 6 January
    expect(days[3]?.nonBusiness).toBeUndefined();
  });

  it.each(builtInTemplates.map((library): [string, TemplateInput] => [library.id, library]))(
    'previews the built-in %s template from the gallery with every deadline computed',
    async (_id, library) => {
      const calendar = await exampleCalendar(library.calendarId, start);
      const parameters = Object.fromEntries(
        (library.parameters ?? [])
          .filter((parameter) => parameter.type === 'date' || parameter.type === 'datetime')
          .map((parameter) => [parameter.name, parameter.type === 'date' ? '2027-03-31' : '2027-03-31T10:00:00+02:00'])
      );
      const rows = computeTimeline(library, { start, parameters, now: start }, calendar);
      const failed = rows.flatMap((row) => (row.result.ok ? [] : [`${row.nodeId}: ${row.result.error}`]));
      expect(failed).toEqual([]);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) if (row.result.ok) expect(row.result.due.explanation.length).toBeGreaterThan(0);
    }
  );

  it('takes the start as the occurrence of a recurring duty, or the occurrence given', () => {
    const duty = builtInTemplates.find((library) => library.id === 'daily-crm-update')!;
    const monday = new Date('2027-01-04T08:00:00+01:00');
    const [row] = computeTimeline(duty, { start: monday, parameters: {}, now: monday }, ctx);
    expect(row?.result.ok && row.result.due.due.toISOString()).toBe('2027-01-04T16:00:00.000Z');
    const occurrence = new Date('2027-01-05T08:00:00+01:00');
    const [moved] = computeTimeline(duty, { start: monday, parameters: {}, now: monday, occurrence }, ctx);
    expect(moved?.result.ok && moved.result.due.due.toISOString()).toBe('2027-01-05T16:00:00.000Z');
  });
});

describe('timeline bars', () => {
  it('run from when a step can start (its predecessor done) to when it is due, not from the process start', () => {
    const chain = {
      schemaVersion: 1,
      id: 'chain',
      name: 'Chain',
      calendarId: 'pl-warsaw',
      parameters: [],
      escalation: [],
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { trigger: { kind: 'manual' } } },
        {
          id: 'a',
          type: 'task',
          position: { x: 0, y: 0 },
          data: { title: 'A', assignee: { kind: 'starter' }, due: 'start + 3bd' },
        },
        {
          id: 'b',
          type: 'task',
          position: { x: 0, y: 0 },
          data: { title: 'B', assignee: { kind: 'starter' }, due: 'start + 5bd' },
        },
        { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: { result: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'end' },
        { id: 'back', source: 'b', target: 'a' },
      ],
    } as unknown as TemplateInput;
    const rows = computeTimeline(chain, { start, parameters: {}, now: start }, ctx);
    const a = rows.find((row) => row.nodeId === 'a')?.result;
    const b = rows.find((row) => row.nodeId === 'b')?.result;
    expect(a?.ok && a.from.getTime()).toBe(start.getTime());
    expect(b?.ok && a?.ok && b.from.getTime()).toBe(a?.ok && a.due.due.getTime());
  });
});

describe('staged plan bars', () => {
  it('open a stage and its steps no earlier than the stage starts', () => {
    const plan = builtInTemplates.find((library) => library.id === 'event-organization')!;
    const stage = plan.nodes.find((node) => node.type === 'stage' && node.data.start !== undefined);
    expect(stage).toBeDefined();
    const rows = computeTimeline(plan, { start, parameters: { eventDate: '2027-03-31' }, now: start }, ctx);
    const stageRow = rows.find((row) => row.nodeId === stage!.id)?.result;
    expect(stageRow?.ok && stageRow.from.getTime()).toBeGreaterThan(start.getTime());
    for (const child of plan.nodes.filter((node) => node.parentId === stage!.id)) {
      const row = rows.find((r) => r.nodeId === child.id)?.result;
      if (row?.ok && stageRow?.ok) expect(row.from.getTime()).toBeGreaterThanOrEqual(stageRow.from.getTime());
    }
  });
});

describe('timeline header', () => {
  it('names the months the days span, in the reader’s language', () => {
    const days = timelineDays(ctx, new Date('2027-01-29T10:00:00Z'), new Date('2027-02-02T10:00:00Z'));
    expect(monthSpans(days, 'en')).toEqual([
      { label: 'January 2027', first: 0, count: 3 },
      { label: 'February 2027', first: 3, count: 2 },
    ]);
    expect(monthSpans(days, 'pl')[0]?.label).toMatch(/stycze/);
  });

  it('fits the days into the width', () => {
    expect(dayWidthFor(1000, 100)).toBe(10);
    expect(dayWidthFor(1000, 10)).toBe(32);
    expect(dayWidthFor(300, 400)).toBe(3);
  });
});
