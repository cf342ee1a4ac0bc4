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
    const { rows } = await pool.query<VersionRow>(
      `SELECT template_id::text || '@' || version AS key, definition ->> 'language' AS language,
              definition ->> 'name' AS name, definition -> 'translations' -> $1 AS texts
         FROM template_versions WHERE template_id::text || '@' || version = ANY($2::text[])`,
      [language, keys]
    );
    return new ReaderTexts(language, new Map(rows.map((row) => [row.key, row])));
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
