import { describe, expect, it } from 'vitest';
import type { Parameter } from '../../../workflows/template';
import { initialValues, toProcessParams } from './parameter-form.model';

const parameters: Parameter[] = [
  { name: 'title', type: 'text', required: true },
  { name: 'eventDate', type: 'date', required: true },
  { name: 'meetingAt', type: 'datetime', required: false },
  { name: 'guests', type: 'number', required: false, min: 1, max: 500, integer: true },
  { name: 'budget', type: 'money', required: false, currency: 'PLN' },
  { name: 'organizer', type: 'person', required: true },
  {
    name: 'venue',
    type: 'choice',
    required: false,
    options: [{ value: 'office' }, { value: 'hotel' }],
    default: 'office',
  },
  { name: 'catering', type: 'boolean', required: false },
];

describe('parameter form', () => {
  it('starts from the defaults and reports every missing required field', () => {
    const values = initialValues(parameters);
    expect(values.venue).toBe('office');
    expect(values.catering).toBe(false);
    expect(values.budget).toEqual({ amount: '', currency: 'PLN' });
    const { errors, params } = toProcessParams(parameters, values);
    expect(errors).toEqual({ title: 'required', eventDate: 'required', organizer: 'required' });
    expect(params).toEqual({ venue: 'office', catering: false });
  });

  it('converts each type to what the workflow expects', () => {
    const values = {
      ...initialValues(parameters),
      title: 'Board dinner',
      eventDate: '2027-03-31',
      meetingAt: '2027-03-30T09:30',
      guests: '40',
      budget: { amount: '1200,50', currency: 'PLN' },
      organizer: '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11',
      catering: true,
    };
    const { errors, params } = toProcessParams(parameters, values, 'Europe/Warsaw');
    expect(errors).toEqual({});
    expect(params).toEqual({
      title: 'Board dinner',
      eventDate: '2027-03-31',
      meetingAt: '2027-03-30T09:30:00+02:00',
      guests: 40,
      budget: { amount: '1200.50', currency: 'PLN' },
      organizer: '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11',
      venue: 'office',
      catering: true,
    });
  });

  it('rejects numbers out of range, fractions for whole numbers, bad amounts and dates', () => {
    const base = { ...initialValues(parameters), title: 'x', eventDate: '2027-03-31', organizer: 'u' };
    expect(toProcessParams(parameters, { ...base, guests: '0' }).errors).toEqual({ guests: 'min' });
    expect(toProcessParams(parameters, { ...base, guests: '501' }).errors).toEqual({ guests: 'max' });
    expect(toProcessParams(parameters, { ...base, guests: '2.5' }).errors).toEqual({ guests: 'integer' });
    expect(toProcessParams(parameters, { ...base, guests: 'many' }).errors).toEqual({ guests: 'number' });
    expect(toProcessParams(parameters, { ...base, budget: { amount: '12.345678', currency: 'PLN' } }).errors).toEqual({
      budget: 'amount',
    });
    expect(toProcessParams(parameters, { ...base, eventDate: '2027-02-30' }).errors).toEqual({ eventDate: 'date' });
  });
});
