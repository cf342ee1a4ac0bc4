import type pg from 'pg';
import { DEFAULT_LANGUAGE, type Language } from '../../workflows/i18n/languages';
import { localizeTemplate } from '../../workflows/template/translations';
import type { AuthUser } from '../lib/app-env';

/** The language the caller reads Baton in. */
export const readerLanguage = (user: AuthUser): Language => user.language ?? DEFAULT_LANGUAGE;

interface VersionRow {
  key: string;
  language: string | null;
  name: string | null;
  texts: Record<string, string> | null;
}

interface VersionRef {
  templateId: string | null;
  version: number | null;
}

const keyOf = (ref: VersionRef) => `${ref.templateId ?? ''}@${ref.version ?? ''}`;

/** How many (language, template version) texts each database's cache keeps; the least recently read go first. */
export const KNOWN_VERSIONS_LIMIT = 2_000;
const knownByPool = new WeakMap<pg.Pool, Map<string, VersionRow>>();

/**
 * A published template version never changes (versions are only ever inserted), so its texts are read from the
 * database once per language and kept: an inbox read then costs one query fewer. Only versions found are kept.
 */
function knownVersions(pool: pg.Pool): Map<string, VersionRow> {
  let known = knownByPool.get(pool);
  if (!known) knownByPool.set(pool, (known = new Map()));
  return known;
}

function remember(known: Map<string, VersionRow>, key: string, row: VersionRow): void {
  known.delete(key);
  known.set(key, row);
  if (known.size > KNOWN_VERSIONS_LIMIT) known.delete(known.keys().next().value as string);
}

/**
 * The texts of some template versions in the reader's language, read once per request: processes, steps and the
 * inbox show a template's titles, labels and instructions in the reader's language, else in the template's own.
 */
export class ReaderTexts {
  private constructor(
    readonly language: Language,
    private readonly versions: ReadonlyMap<string, VersionRow>
  ) {}

  static async load(pool: pg.Pool, language: Language, refs: readonly VersionRef[]): Promise<ReaderTexts> {
    const keys = [...new Set(refs.filter((ref) => ref.templateId && ref.version).map(keyOf))];
    if (keys.length === 0) return new ReaderTexts(language, new Map());
    const known = knownVersions(pool);
    const versions = new Map<string, VersionRow>();
    const missing: string[] = [];
    for (const key of keys) {
      const row = known.get(`${language}|${key}`);
      if (!row) missing.push(key);
      else {
        versions.set(key, row);
        remember(known, `${language}|${key}`, row);
      }
    }
    if (missing.length === 0) return new ReaderTexts(language, versions);
    const { rows } = await pool.query<VersionRow>(
      `SELECT template_id::text || '@' || version AS key, definition ->> 'language' AS language,
              definition ->> 'name' AS name, definition -> 'translations' -> $1 AS texts
         FROM template_versions WHERE template_id::text || '@' || version = ANY($2::text[])`,
      [language, missing]
    );
    for (const row of rows) {
      versions.set(row.key, row);
      remember(known, `${language}|${row.key}`, row);
    }
    return new ReaderTexts(language, versions);
  }

  private text(ref: VersionRef, key: string): string | undefined {
    const row = this.versions.get(keyOf(ref));
    if (!row || (row.language ?? DEFAULT_LANGUAGE) === this.language) return undefined;
    const text = row.texts?.[key];
    return typeof text === 'string' && text !== '' ? text : undefined;
  }

  /** A text of the template (`parameters.<name>.label`, `nodes.<id>.title`) in the reader's language. */
  named(ref: VersionRef, key: string, fallback: string): string {
    return this.text(ref, key) ?? fallback;
  }

  /** A step's title in the reader's language. */
  stepTitle(ref: VersionRef, nodeId: string, title: string): string {
    return this.text(ref, `nodes.${nodeId}.title`) ?? title;
  }

  /** A process's name: the template's translated name, unless the template was renamed away from it. */
  processName(ref: VersionRef, name: string | null): string | null {
    const row = this.versions.get(keyOf(ref));
    if (name === null || !row || row.name !== name) return name;
    return this.text(ref, 'name') ?? name;
  }

  /** Part of a template version (its parameters, a node) with its texts in the reader's language. */
  localize<T extends Record<string, unknown>>(ref: VersionRef, part: T): T {
    const row = this.versions.get(keyOf(ref));
    if (!row?.texts) return part;
    const whole = { ...part, language: row.language ?? DEFAULT_LANGUAGE, translations: { [this.language]: row.texts } };
    const { language: _language, translations: _translations, ...localized } = localizeTemplate(whole, this.language);
    return localized as unknown as T;
  }
}
