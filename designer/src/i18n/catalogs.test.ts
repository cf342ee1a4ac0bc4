import { describe, expect, it } from 'vitest';
import { DEADLINE_CATALOGS } from '../../../workflows/i18n/deadline-messages';
import { NOTICE_CATALOGS } from '../../../workflows/i18n/notices';
import { REPORT_EMAIL_CATALOGS } from '../../../workflows/i18n/report-email';
import { DUTY_REASON_CATALOGS } from '../../../workflows/i18n/duty-reasons';
import { API_REFUSAL_CATALOGS } from '../../../workflows/i18n/api-refusals';
import { REFUSAL_CATALOGS } from '../../../workflows/i18n/refusals';
import { buildCs } from './locales/build.cs';
import { buildEn } from './locales/build.en';
import { buildPl } from './locales/build.pl';
import { buildRu } from './locales/build.ru';
import { cs } from './locales/cs';
import { en } from './locales/en';
import { pl } from './locales/pl';
import { ru } from './locales/ru';
import { stepCs } from './locales/step.cs';
import { stepEn } from './locales/step.en';
import { stepPl } from './locales/step.pl';
import { stepRu } from './locales/step.ru';
import { webCs } from './locales/web.cs';
import { webEn } from './locales/web.en';
import { webPl } from './locales/web.pl';
import { webRu } from './locales/web.ru';

type Tree = { [key: string]: unknown };

/** Every string of a catalog by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (typeof value === 'object' && value !== null)
      for (const entry of flatten(value as Tree, path)) out.set(...entry);
  }
  return out;
}

// Plural forms differ per language (English one/other; Polish, Czech, Russian also few/many): a plural key is
// compared by its stem, its placeholders over all its forms.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const stem = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{\{\s*([^\s},]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!));

function byStem(catalog: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, text] of catalog) {
    const names = out.get(stem(key)) ?? new Set<string>();
    for (const name of placeholders(text)) names.add(name);
    out.set(stem(key), names);
  }
  return out;
}

/** What a translation lacks or adds against the English catalog: keys and placeholders. */
export function catalogProblems(english: Tree, other: Tree): string[] {
  const source = byStem(flatten(english));
  const target = byStem(flatten(other));
  const problems: string[] = [];
  for (const [key, names] of source) {
    const translated = target.get(key);
    if (!translated) {
      problems.push(`missing ${key}`);
      continue;
    }
    for (const name of names) if (!translated.has(name)) problems.push(`${key} lacks {{${name}}}`);
    for (const name of translated) if (!names.has(name)) problems.push(`${key} has an unknown {{${name}}}`);
  }
  for (const key of target.keys()) if (!source.has(key)) problems.push(`extra ${key}`);
  return problems;
}

const FAMILIES: [string, Tree, Record<'pl' | 'cs' | 'ru', Tree>][] = [
  ['designer', en, { pl, cs, ru }],
  ['web app', webEn, { pl: webPl, cs: webCs, ru: webRu }],
  ['step view', stepEn, { pl: stepPl, cs: stepCs, ru: stepRu }],
  ['build', buildEn, { pl: buildPl, cs: buildCs, ru: buildRu }],
  ['notices', NOTICE_CATALOGS.en, { pl: NOTICE_CATALOGS.pl, cs: NOTICE_CATALOGS.cs, ru: NOTICE_CATALOGS.ru }],
  [
    'deadline explanations',
    DEADLINE_CATALOGS.en as unknown as Tree,
    {
      pl: DEADLINE_CATALOGS.pl as unknown as Tree,
      cs: DEADLINE_CATALOGS.cs as unknown as Tree,
      ru: DEADLINE_CATALOGS.ru as unknown as Tree,
    },
  ],
  [
    'report emails',
    REPORT_EMAIL_CATALOGS.en as unknown as Tree,
    {
      pl: REPORT_EMAIL_CATALOGS.pl as unknown as Tree,
      cs: REPORT_EMAIL_CATALOGS.cs as unknown as Tree,
      ru: REPORT_EMAIL_CATALOGS.ru as unknown as Tree,
    },
  ],
  ['refusals', REFUSAL_CATALOGS.en, { pl: REFUSAL_CATALOGS.pl, cs: REFUSAL_CATALOGS.cs, ru: REFUSAL_CATALOGS.ru }],
  [
    'API refusals',
    API_REFUSAL_CATALOGS.en,
    { pl: API_REFUSAL_CATALOGS.pl, cs: API_REFUSAL_CATALOGS.cs, ru: API_REFUSAL_CATALOGS.ru },
  ],
  [
    'duty reasons',
    DUTY_REASON_CATALOGS.en as unknown as Tree,
    {
      pl: DUTY_REASON_CATALOGS.pl as unknown as Tree,
      cs: DUTY_REASON_CATALOGS.cs as unknown as Tree,
      ru: DUTY_REASON_CATALOGS.ru as unknown as Tree,
    },
  ],
];

describe('catalogs', () => {
  for (const [family, english, others] of FAMILIES) {
    for (const [language, catalog] of Object.entries(others)) {
      it(`${family}: ${language} has every key and placeholder of English, and no others`, () => {
        expect(catalogProblems(english, catalog)).toEqual([]);
      });
    }
  }

  it('catches a missing key, a missing or unknown placeholder and an extra key', () => {
    const english = { a: { b: 'Hello {{name}}', c_one: '{{count}} day', c_other: '{{count}} days' }, d: 'x' };
    const broken = { a: { b: 'Cześć {{imie}}', c_one: '{{count}} dzień', c_few: '{{count}} dni' }, e: 'y' };
    expect(catalogProblems(english, broken)).toEqual([
      'a.b lacks {{name}}',
      'a.b has an unknown {{imie}}',
      'missing d',
      'extra e',
    ]);
  });
});
