import { describe, expect, it } from 'vitest';
import { calendarContext } from '../../calendar/calendar.fixtures';
import { computeDue } from '../../deadline';
import { parseTemplate } from '../template.schema';
import { validateTemplate } from '../validation/validate-template';
import { builtInTemplates, businessTrip, eventOrganization } from '.';

const warsaw = calendarContext({ country: 'PL' });

/** Due dates of every node with a deadline, as local ISO dates, for an anchor parameter value. */
function dueDates(template: (typeof builtInTemplates)[number], parameters: Record<string, string>) {
  const parsed = parseTemplate(template);
  const anchors = { start: '2027-05-03T08:00:00Z', parameters };
  return Object.fromEntries(
    parsed.nodes.flatMap((node) => {
      const spec = 'due' in node.data ? node.data.due : undefined;
      if (!spec) return [];
      const due = computeDue(spec, anchors, warsaw).due;
      return [[node.id, due.toISOString().slice(0, 10)]];
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
    '%s escalates every human step: a reminder before, the delegator at the deadline, someone after',
    (_id, template) => {
      const rungs = template.escalation ?? [];
      expect(rungs.map((rung) => rung.at.relation)).toEqual(['before', 'at', 'after']);
      expect(rungs[1]?.action.kind).toBe('escalateToDelegator');
    }
  );

  it('answers client requests within 24 hours, urgent ones within 4 hours', () => {
    const due = dueDates(builtInTemplates[1]!, {});
    const start = new Date('2027-05-03T08:00:00Z').getTime();
    const parsed = parseTemplate(builtInTemplates[1]!);
    const hours = (id: string) => {
      const node = parsed.nodes.find((n) => n.id === id);
      const spec = node && 'due' in node.data ? node.data.due : undefined;
      return (computeDue(spec!, { start: '2027-05-03T08:00:00Z' }, warsaw).due.getTime() - start) / 3_600_000;
    };
    expect(hours('answer')).toBe(24);
    expect(hours('answer-urgent')).toBe(4);
    expect(Object.keys(due).sort()).toEqual(['answer', 'answer-urgent']);
  });

  it('archives a contract signed on Friday 6 Nov 2026 by Thursday 12 Nov (11 Nov is a holiday in Poland)', () => {
    expect(dueDates(builtInTemplates[3]!, { signedOn: '2026-11-06' })).toEqual({ archive: '2026-11-12' });
  });

  it('plans an event backwards: planning ends 2 weeks before, every stage before the event, expenses after', () => {
    const due = dueDates(eventOrganization, { eventDate: '2027-06-18' });
    expect(due['stage-planning']).toBe('2027-06-04');
    expect(due.plan).toBe('2027-06-04');
    const order = ['plan', 'book', 'documents', 'logistics', 'venue', 'estimate', 'approve-estimate', 'control'];
    const dates = order.map((id) => due[id]!);
    expect(dates).toEqual([...dates].sort());
    expect(dates.every((date) => date <= '2027-06-18')).toBe(true);
    expect(due.expenses! > '2027-06-18').toBe(true);
    expect(parseTemplate(eventOrganization).nodes.filter((n) => n.type === 'stage')).toHaveLength(7);
  });

  it('plans a business trip from its departure: visas three weeks before, control until the return', () => {
    const due = dueDates(businessTrip, { departureDate: '2027-09-20', returnDate: '2027-09-24' });
    expect(due.documents).toBe('2027-08-30');
    expect(due.plan! < due.documents!).toBe(true);
    expect(due.control).toBe('2027-09-24');
    expect(parseTemplate(businessTrip).nodes.filter((n) => n.type === 'stage')).toHaveLength(7);
  });
});
