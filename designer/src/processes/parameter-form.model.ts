import { DateTime } from 'luxon';
import type { Parameter } from '../../../workflows/template';

/** What a form field holds while the user edits it; converted to the parameter's value type on submit. */
export type FieldValue = string | boolean | { amount: string; currency: string };

export type FormValues = Record<string, FieldValue>;

export type FieldError =
  'required' | 'number' | 'integer' | 'min' | 'max' | 'date' | 'datetime' | 'amount' | 'currency';

/** Initial field values: the parameter's default, else empty. */
export function initialValues(parameters: readonly Parameter[], zone?: string): FormValues {
  const values: FormValues = {};
  for (const parameter of parameters) {
    switch (parameter.type) {
      case 'boolean':
        values[parameter.name] = parameter.default ?? false;
        break;
      case 'money':
        values[parameter.name] = parameter.default ?? { amount: '', currency: parameter.currency ?? 'EUR' };
        break;
      case 'number':
        values[parameter.name] = parameter.default === undefined ? '' : String(parameter.default);
        break;
      case 'datetime':
        values[parameter.name] = parameter.default
          ? (DateTime.fromISO(parameter.default, { setZone: false, zone }).toFormat("yyyy-MM-dd'T'HH:mm") ?? '')
          : '';
        break;
      default:
        values[parameter.name] = parameter.default ?? '';
    }
  }
  return values;
}

export interface Conversion {
  params: Record<string, unknown>;
  errors: Record<string, FieldError>;
}

/**
 * Turns form values into the process parameters the API expects (dates as YYYY-MM-DD, datetimes as ISO 8601 with
 * the offset of `zone`, numbers as numbers, money as a decimal string with a currency), or says what is wrong.
 * Empty optional fields are left out, so the workflow applies its defaults.
 */
export function toProcessParams(parameters: readonly Parameter[], values: FormValues, zone?: string): Conversion {
  const params: Record<string, unknown> = {};
  const errors: Record<string, FieldError> = {};
  for (const parameter of parameters) {
    const value = values[parameter.name];
    const empty = value === undefined || value === '' || (typeof value === 'object' && value.amount.trim() === '');
    if (parameter.type !== 'boolean' && empty) {
      if (parameter.required) errors[parameter.name] = 'required';
      continue;
    }
    switch (parameter.type) {
      case 'boolean':
        params[parameter.name] = value === true;
        break;
      case 'number': {
        const number = Number(String(value).replace(',', '.'));
        if (!Number.isFinite(number)) errors[parameter.name] = 'number';
        else if (parameter.integer && !Number.isInteger(number)) errors[parameter.name] = 'integer';
        else if (parameter.min !== undefined && number < parameter.min) errors[parameter.name] = 'min';
        else if (parameter.max !== undefined && number > parameter.max) errors[parameter.name] = 'max';
        else params[parameter.name] = number;
        break;
      }
      case 'money': {
        const money = typeof value === 'object' ? value : { amount: String(value), currency: parameter.currency ?? '' };
        const amount = money.amount.trim().replace(',', '.');
        const currency = parameter.currency ?? money.currency.trim().toUpperCase();
        if (!/^-?\d+(\.\d{1,4})?$/.test(amount)) errors[parameter.name] = 'amount';
        else if (!/^[A-Z]{3}$/.test(currency)) errors[parameter.name] = 'currency';
        else params[parameter.name] = { amount, currency };
        break;
      }
      case 'date': {
        const date = DateTime.fromISO(String(value).slice(0, 10));
        if (!date.isValid) errors[parameter.name] = 'date';
        else params[parameter.name] = date.toISODate();
        break;
      }
      case 'datetime': {
        const date = DateTime.fromISO(String(value).replace(' ', 'T'), { zone });
        if (!date.isValid) errors[parameter.name] = 'datetime';
        else params[parameter.name] = date.toISO({ suppressMilliseconds: true });
        break;
      }
      default:
        params[parameter.name] = String(value);
    }
  }
  return { params, errors };
}

/** Process parameter values back into form values: a returned step's form starts from what was submitted before. */
export function fromProcessParams(
  parameters: readonly Parameter[],
  params: Record<string, unknown>,
  zone?: string
): FormValues {
  const values = initialValues(parameters, zone);
  for (const parameter of parameters) {
    const value = params[parameter.name];
    if (value === undefined || value === null) continue;
    switch (parameter.type) {
      case 'boolean':
        values[parameter.name] = value === true;
        break;
      case 'money':
        if (typeof value === 'object' && 'amount' in value) {
          const money = value as { amount?: unknown; currency?: unknown };
          values[parameter.name] = {
            amount: String(money.amount ?? ''),
            currency: String(money.currency ?? parameter.currency ?? 'EUR'),
          };
        }
        break;
      case 'datetime': {
        const date = DateTime.fromISO(String(value), { zone });
        values[parameter.name] = date.isValid ? date.toFormat("yyyy-MM-dd'T'HH:mm") : '';
        break;
      }
      default:
        values[parameter.name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  return values;
}
