import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { atLocalTime, isBusinessDay, localDate, type CalendarContext } from '../../calendar';
import { calendarContext } from '../../calendar/calendar.fixtures';
import { computeDue } from '../../deadline';
import { parseTemplate } from '../template.schema';
import { validateTemplate } from '../validation/validate-template';
import { builtInTemplates, businessTrip, clientRequest, eventOrganization } from '.';

const warsaw = calendarContext({ country: 'PL' });

/** Due dates of every node with a deadline, as local ISO dates, for an anchor parameter value. */
function dueDates(template: (typeof builtInTemplates)[number], parameters: Record<string, string>) {
  const parsed = parseTemplate(template);
  const anchors = { start: '2027-05-03T08:00:00Z', parameters };
  return Object.fromEntries(
    parsed.nodes.flatMap((node) => {
      const spec = 'due' in node.data ? node.data.due : undefined;
      if (!spec) return [];
      const due = computeDue(spec, anchors, warsaw, { workingTime: true }).due;
      return [[node.id, localDate(warsaw, due)]];
    })
  );
}

const DUTIES = ['daily-crm-update', 'monthly-access-verification', 'quarterly-invoices', 'annual-tax-settlement'];

/** Due instants of a template's steps as wall-clock text in the calendar's zone, as a new process computes them. */
function dueTimes(
  template: (typeof builtInTemplates)[number],
  parameters: Record<string, string>,
  ctx: CalendarContext,
  start: string
) {
  const parsed = parseTemplate(template);
  return Object.fromEntries(
    parsed.nodes.flatMap((node) => {
      const spec = 'due' in node.data ? node.data.due : undefined;
      if (!spec) return [];
      const { due } = computeDue(spec, { start, parameters }, ctx, { workingTime: true });
      const text = DateTime.fromJSDate(due, { zone: ctx.calendar.timeZone })
        .setLocale('en-US')
        .toFormat('yyyy-MM-dd HH:mm ccc');
      return [[node.id, text]];
    })
  );
}

describe('built-in template library', () => {
  it('holds the eleven processes of the domain, each with a unique id', () => {
    expect(builtInTemplates.map((t) => t.id)).toEqual([
      'delegation-with-review',
      'client-request',
      'information-request',
      'archive-signed-contract',
      'daily-crm-update',
      'monthly-access-verification',
      'quarterly-invoices',
      'annual-tax-settlement',
      'event-organization',
      'business-trip',
      'assistant-onboarding',
    ]);
  });

  it.each(builtInTemplates.map((t) => [t.id, t] as const))('%s validates with no issue at all', (_id, template) => {
    expect(validateTemplate(template)).toEqual([]);
  });

  it.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s has a description and titles in English, Polish, Czech and Russian',
    (_id, template) => {
      expect(template.description?.length).toBeGreaterThan(40);
      expect(Object.keys(template.title ?? {}).sort()).toEqual(['cs', 'en', 'pl', 'ru']);
      expect(new Set(Object.values(template.title ?? {})).size).toBe(4);
    }
  );

  it.each(builtInTemplates.map((t) => [t.id, t] as const))(
    '%s escalates every human step: a reminder first, the owner of a duty only as the last rung',
    (id, template) => {
      const rungs = template.escalation ?? [];
      expect(rungs[0]).toMatchObject({ at: { relation: 'before' }, action: { kind: 'remindAssignee' } });
      const toOwner = rungs.flatMap((rung, index) => (rung.action.kind === 'escalateToDelegator' ? [index] : []));
      if (DUTIES.includes(id)) {
        // The office manager solves what she can; the client hears of it only when nothing else worked.
        expect(toOwner).toEqual([rungs.length - 1]);
        expect(rungs.map((rung) => rung.at.relation)).toEqual(['before', 'at', 'after', 'after']);
      } else {
        expect(rungs.map((rung) => rung.at.relation)).toEqual(['before', 'at', 'after']);
        expect(toOwner).toEqual([1]);
      }
    }
  );

  it('answers client requests within 24 hours as one business day, urgent ones within 4 business hours', () => {
    // Received Friday 14 May 2027 at 16:00 in Warsaw: due Monday 16:00, the urgent one Monday 12:00.
    expect(dueTimes(clientRequest, {}, warsaw, '2027-05-14T14:00:00Z')).toEqual({
      answer: '2027-05-17 16:00 Mon',
      'answer-urgent': '2027-05-17 12:00 Mon',
    });
    // Received Monday 10:00: the urgent one is due the same day at 14:00, the other the next day at 10:00.
    expect(dueTimes(clientRequest, {}, warsaw, '2027-05-17T08:00:00Z')).toEqual({
      answer: '2027-05-18 10:00 Tue',
      'answer-urgent': '2027-05-17 14:00 Mon',
    });
  });

  it('archives a contract signed on Friday 6 Nov 2026 by Thursday 12 Nov (11 Nov is a holiday in Poland)', () => {
    expect(dueDates(builtInTemplates[3]!, { signedOn: '2026-11-06' })).toEqual({ archive: '2026-11-12' });
  });

  it('plans an event in business days: documents beside the bookings, the estimate approved before booking', () => {
    // Friday 18 June 2027 (Corpus Christi, Thursday 27 May, is well before planning ends).
    const due = dueDates(eventOrganization, { eventDate: '2027-06-18' });
    expect(due['stage-planning']).toBe('2027-06-04');
    expect(due.plan).toBe('2027-06-04');
    expect(due.estimate! < due['approve-estimate']!).toBe(true);
    expect(due['approve-estimate']! < due.book!).toBe(true);
    expect(due.documents).toBe(due.book);
    const order = ['plan', 'approve-estimate', 'book', 'logistics', 'venue', 'control'];
    const dates = order.map((id) => due[id]!);
    expect(dates).toEqual([...dates].sort());
    expect(dates.every((date) => date <= '2027-06-18')).toBe(true);
    expect(due.expenses! > '2027-06-18').toBe(true);
    const parsed = parseTemplate(eventOrganization);
    expect(parsed.nodes.filter((n) => n.type === 'stage')).toHaveLength(7);
    // Nothing is booked before the approval: the only way into `book` is the approved outcome.
    expect(parsed.edges.filter((e) => e.target === 'book')).toEqual([
      expect.objectContaining({ source: 'approve-estimate', outcome: 'approved' }),
    ]);
    // No stage of the plan is due on a weekend or a holiday (the event day itself may be).
    for (const [id, date] of Object.entries(due)) {
      if (id !== 'control') expect(isBusinessDay(warsaw, date), `${id} on ${date}`).toBe(true);
    }
  });

  it('plans a business trip from its departure: visas three weeks before, control until the return', () => {
    const due = dueDates(businessTrip, { departureDate: '2027-09-20', returnDate: '2027-09-24' });
    expect(due.documents).toBe('2027-08-30');
    expect(due.plan! < due.documents!).toBe(true);
    expect(due['approve-estimate']! < due.book!).toBe(true);
    expect(due.control).toBe('2027-09-24');
    expect(parseTemplate(businessTrip).nodes.filter((n) => n.type === 'stage')).toHaveLength(7);
  });

  // A start on a Friday afternoon, the day before a holiday, and across a Russian transfer (Saturday 1 November 2025
  // worked, 3 and 4 November off): every due date of every built-in lands in working time, except a deadline that
  // says `any day` (the event day itself).
  const moscow = calendarContext({ country: 'RU', timeZone: 'Europe/Moscow' });
  const starts = [
    ['Friday afternoon in Warsaw', warsaw, '2027-05-14T14:00:00Z'],
    ['the day before Independence Day in Warsaw', warsaw, '2026-11-10T15:00:00Z'],
    ['across the November 2025 transfer in Moscow', moscow, '2025-10-31T13:00:00Z'],
  ] as const;
  describe.each(starts)('started %s', (_label, ctx, start) => {
    it.each(builtInTemplates.map((t) => [t.id, t] as const))('%s is due only in working time', (_id, template) => {
      const parsed = parseTemplate(template);
      // Every date parameter three weeks to two months on; a return after the departure.
      const day = (days: number) => new Date(new Date(start).getTime() + days * 86_400_000).toISOString().slice(0, 10);
      const parameters = Object.fromEntries(
        parsed.parameters
          .filter((p) => p.type === 'date' || p.type === 'datetime')
          .map((p) => [p.name, p.name === 'returnDate' ? day(66) : day(60)])
      );
      for (const node of parsed.nodes) {
        const spec = 'due' in node.data ? node.data.due : undefined;
        if (!spec) continue;
        const { due } = computeDue(
          spec,
          { start, occurrence: start, parameters, nodes: {} as Record<string, string> },
          ctx,
          {
            workingTime: true,
          }
        );
        if (spec.anyDay) continue;
        const date = localDate(ctx, due);
        const [open, close] = [
          atLocalTime(ctx, date, ctx.calendar.workingHours.start),
          atLocalTime(ctx, date, ctx.calendar.workingHours.end),
        ];
        expect(isBusinessDay(ctx, date) && due >= open && due <= close, `${node.id}: ${due.toISOString()}`).toBe(true);
      }
    });
  });

  it('answers an urgent request received Friday 31 October 2025 in Moscow on the working Saturday', () => {
    // 1 hour on Friday, then 3 on Saturday 1 November, a working day by decree (and an hour shorter).
    expect(dueTimes(clientRequest, {}, moscow, '2025-10-31T13:00:00Z')).toEqual({
      answer: '2025-11-01 16:00 Sat',
      'answer-urgent': '2025-11-01 12:00 Sat',
    });
  });
});
