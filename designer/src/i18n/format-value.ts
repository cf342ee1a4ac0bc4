import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';

export interface ValueContext {
  t: TFunction;
  locale: string;
  /** Names of people by id. */
  people: Readonly<Record<string, string>>;
  /** Labels of a choice field's options by value. */
  options?: readonly { value: string; label?: string }[];
}

/** A parameter or form value as a person reads it: dates and money in their locale, people by name, yes/no. */
export function formatValue(value: unknown, type: string | undefined, ctx: ValueContext): string {
  const { t, locale } = ctx;
  if (value === undefined || value === null || value === '') return t('stepView.empty');
  if (typeof value === 'boolean') return value ? t('stepView.yes') : t('stepView.no');
  if (typeof value === 'object') {
    const money = value as { amount?: unknown; currency?: unknown };
    if (money.amount !== undefined && typeof money.currency === 'string') {
      const amount = Number(money.amount);
      if (Number.isFinite(amount) && /^[A-Z]{3}$/.test(money.currency)) {
        return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(amount);
      }
      return `${String(money.amount)} ${money.currency}`;
    }
    return Array.isArray(value) ? value.map((item) => formatValue(item, undefined, ctx)).join(', ') : '';
  }
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  const text = String(value);
  if (type === 'person' || ctx.people[text] !== undefined) return ctx.people[text] ?? text;
  if (type === 'choice') return ctx.options?.find((option) => option.value === text)?.label ?? text;
  if (type === 'date' || (type === undefined && /^\d{4}-\d{2}-\d{2}$/.test(text))) {
    const date = DateTime.fromISO(text);
    if (date.isValid) return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date.toJSDate());
  }
  if (type === 'datetime' || (type === undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text))) {
    const date = DateTime.fromISO(text);
    if (date.isValid) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date.toJSDate());
    }
  }
  return text;
}
