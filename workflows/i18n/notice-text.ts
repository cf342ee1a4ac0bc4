import i18next from 'i18next';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_CODES, type Language } from './languages';
import { NOTICE_CATALOGS, NOTICE_KEYS, type Notice } from './notices';
import { DUTY_REASON_CATALOGS, DUTY_REASON_KEYS } from './duty-reasons';

// One i18next instance over the shared notice catalog: the same sentences the web app's notification feed shows.
const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(
    LANGUAGE_CODES.map((code) => [
      code,
      { translation: { notice: NOTICE_CATALOGS[code], dutyReason: DUTY_REASON_CATALOGS[code] } },
    ])
  ),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A stored notice (`{ key, params }`) when the value is one; old rows and foreign values are not. */
export function asNotice(value: unknown): Notice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params, nodeId } = value as { key?: unknown; params?: unknown; nodeId?: unknown };
  if (typeof key !== 'string' || !(NOTICE_KEYS as readonly string[]).includes(key)) return undefined;
  const values = typeof params === 'object' && params !== null ? (params as Notice['params']) : {};
  return { key: key as Notice['key'], params: values, ...(typeof nodeId === 'string' ? { nodeId } : {}) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Dates and instants among the parameters as the reader writes them (5 grudnia 2026; 5. prosince 2026 17:00 UTC). */
function localeValues(params: Notice['params'], language: Language): Notice['params'] {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      if (typeof value !== 'string') return [name, value];
      if (DATE.test(value))
        return [
          name,
          new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(value)),
        ];
      if (INSTANT.test(value))
        return [
          name,
          new Intl.DateTimeFormat(language, {
            dateStyle: 'long',
            timeStyle: 'short',
            timeZone: 'UTC',
          }).format(new Date(value)) + ' UTC',
        ];
      return [name, value];
    })
  );
}

/**
 * A notice's subject and body in `language`. A row written before notices had keys carries only its English text,
 * which is shown as it is.
 */
export function noticeText(
  stored: unknown,
  language: string | null | undefined,
  english: { subject: string; message: string }
): { subject: string; message: string; language: Language } {
  const notice = asNotice(stored);
  const lng: Language = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  if (!notice) return { ...english, language: DEFAULT_LANGUAGE };
  const t = i18n.getFixedT(lng);
  const params = localeValues(notice.params, lng);
  // A duty's reason (late, a problem) as a key: said in the reader's language instead of the English `text`.
  const reason = notice.params.reason;
  if (typeof reason === 'string' && (DUTY_REASON_KEYS as readonly string[]).includes(reason)) {
    const count = (name: string) => (typeof notice.params[name] === 'number' ? (notice.params[name] as number) : 0);
    const what = [
      count('risks') > 0 ? t('dutyReason.risks', { count: count('risks') }) : undefined,
      count('decisions') > 0 ? t('dutyReason.decisions', { count: count('decisions') }) : undefined,
    ].filter((part) => part !== undefined);
    params.text = t(`dutyReason.reason.${reason}`, {
      what: what.join(t('dutyReason.and')),
      steps: String(notice.params.steps ?? ''),
      status: t(`dutyReason.status.${String(notice.params.status ?? 'other')}`),
    });
  }
  return {
    subject: t(`notice.${notice.key}.subject`, params),
    message: t(`notice.${notice.key}.body`, params),
    language: lng,
  };
}

/**
 * SQL for a step's title in a language, from the template version its process runs (null without a translation):
 * $1 workflow id, $2 node id, $3 language.
 */
export const TRANSLATED_STEP_TITLE_SQL = `SELECT tv.definition -> 'translations' -> $3::text ->> ('nodes.' || $2::text || '.title') AS title
  FROM processes p JOIN template_versions tv ON tv.template_id::text = p.template_id AND tv.version = p.template_version
 WHERE p.workflow_id = $1`;
