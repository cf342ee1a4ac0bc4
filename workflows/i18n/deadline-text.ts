import i18next from 'i18next';
import { DEADLINE_CATALOGS, DEADLINE_MESSAGE_KEYS, type DeadlineMessage } from './deadline-messages';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_CODES, type Language } from './languages';

// One i18next instance over the shared deadline catalog, for the API's, the mail's and the web app's readers alike.
const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(
    LANGUAGE_CODES.map((code) => [code, { translation: { deadline: DEADLINE_CATALOGS[code] } }])
  ),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A stored or received clause when the value is one; anything else is not. */
export function asDeadlineMessage(value: unknown): DeadlineMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !(DEADLINE_MESSAGE_KEYS as readonly string[]).includes(key)) return undefined;
  return {
    key: key as DeadlineMessage['key'],
    params: typeof params === 'object' && params !== null ? (params as DeadlineMessage['params']) : {},
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * An explanation's clauses in `language`, joined as one sentence (`; `), dates and times in the reader's locale and
 * the calendar's time zone (`timeZone`).
 */
export function deadlineText(messages: readonly unknown[], language: string | null | undefined, timeZone = 'UTC') {
  const lng: Language = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const t = i18n.getFixedT(lng);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(lng, { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`${iso}T12:00:00Z`)
    );
  const instant = (iso: string) =>
    new Intl.DateTimeFormat(lng, {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    }).format(new Date(iso));
  const clauses: string[] = [];
  for (const value of messages) {
    const message = asDeadlineMessage(value);
    if (!message) continue;
    const values: Record<string, string | number> = {};
    for (const [name, raw] of Object.entries(message.params))
      values[name] =
        typeof raw === 'string' && DATE.test(raw)
          ? day(raw)
          : typeof raw === 'string' && INSTANT.test(raw)
            ? instant(raw)
            : raw;
    const { count, unit, direction, anchorKind, anchor, reason, name } = message.params;
    if (typeof unit === 'string' && typeof count === 'number') values.amount = t(`deadline.unit.${unit}`, { count });
    if (direction === 'after' || direction === 'before') values.direction = t(`deadline.unit.${direction}`);
    // After a count the anchor is declined ("3 dni po starcie procesu"); on its own it is not ("start procesu").
    const anchorWords = message.key === 'at' ? 'anchorAt' : 'anchor';
    if (typeof anchorKind === 'string')
      values.anchor = t(`deadline.${anchorWords}.${anchorKind}`, {
        step: String(anchor ?? ''),
        name: String(anchor ?? ''),
      });
    if (typeof reason === 'string')
      values.why =
        reason === 'companyDayOff' && name
          ? t('deadline.named.reason', { name: String(name) })
          : t(`deadline.reason.${reason}`, { name: name ? String(name) : t('deadline.holiday') });
    if (message.key === 'skippedHoliday' && !name) values.name = t('deadline.holiday');
    // A company day off the calendar names says its name; one without keeps the plain sentence.
    const key =
      message.key === 'skippedDayOff' && name ? 'deadline.named.skippedDayOff' : `deadline.clause.${message.key}`;
    clauses.push(t(key, values));
  }
  return clauses.join('; ');
}
