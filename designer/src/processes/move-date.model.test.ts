import { describe, expect, it } from 'vitest';
import type { Parameter } from '../../../workflows/template';
import { dateParameters, latestMove, moveBlocked, parameterMove } from './move-date.model';

const definition: Parameter[] = [
  { name: 'organizer', type: 'person', label: 'Organizer', required: true },
  { name: 'eventDate', type: 'date', label: 'Event date', required: true },
  { name: 'meetingAt', type: 'datetime', required: false },
];

describe('moving a date of a running process', () => {
  it('lists the date and date-time parameters from the definition', () => {
    const found = dateParameters({ organizer: 'anna', eventDate: '2027-03-31' }, definition);
    expect(found.map(({ name, label, type, value }) => ({ name, label, type, value }))).toEqual([
      { name: 'eventDate', label: 'Event date', type: 'date', value: '2027-03-31' },
      { name: 'meetingAt', label: 'meetingAt', type: 'datetime', value: '' },
    ]);
  });

  it('recognises stored dates when the definition is not readable', () => {
    const found = dateParameters({
      organizer: 'anna',
      eventDate: '2027-03-31',
      meetingAt: '2027-03-30T09:00:00+02:00',
      bogus: '2027-13-45',
      count: 3,
    });
    expect(found.map((parameter) => [parameter.name, parameter.type])).toEqual([
      ['eventDate', 'date'],
      ['meetingAt', 'datetime'],
    ]);
  });

  it('lets only the starter of a running process move a date', () => {
    expect(moveBlocked('anna', { starter: 'anna', status: 'running' })).toBeUndefined();
    expect(moveBlocked('bob', { starter: 'anna', status: 'running' })).toBe('notStarter');
    expect(moveBlocked(undefined, { starter: 'anna', status: 'running' })).toBe('notStarter');
    expect(moveBlocked('anna', { starter: 'anna', status: 'completed' })).toBe('notRunning');
  });

  it('reads the moved deadlines of the latest change from the audit trail', () => {
    const entries = [
      {
        action: 'parameterChanged',
        createdAt: '2027-03-01T10:00:00Z',
        detail: { name: 'eventDate', from: '2027-03-31', to: '2027-04-14', at: '2027-03-01T10:00:00Z', moved: [] },
      },
      { action: 'stepSubmitted', createdAt: '2027-03-02T10:00:00Z', detail: {} },
      {
        action: 'parameterChanged',
        createdAt: '2027-03-03T10:00:00Z',
        detail: {
          name: 'eventDate',
          from: '2027-04-14',
          to: '2027-03-10',
          at: '2027-03-03T10:00:00Z',
          moved: [
            { nodeId: 'book', from: '2027-04-02T15:00:00.000Z', to: '2027-02-26T16:00:00.000Z', atRisk: true },
            { nodeId: 'broken' },
          ],
        },
      },
    ];
    const move = latestMove(entries, 'eventDate');
    expect(move).toEqual({
      name: 'eventDate',
      from: '2027-04-14',
      to: '2027-03-10',
      at: '2027-03-03T10:00:00Z',
      moved: [{ nodeId: 'book', from: '2027-04-02T15:00:00.000Z', to: '2027-02-26T16:00:00.000Z', atRisk: true }],
    });
    expect(latestMove(entries, 'otherDate')).toBeUndefined();
    expect(parameterMove({ action: 'stepSubmitted', detail: { name: 'x' } })).toBeUndefined();
  });
});
