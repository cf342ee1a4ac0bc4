import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { builtInTemplates } from '../../../workflows/template/library';
import { buildCs } from '../i18n/locales/build.cs';
import { buildEn } from '../i18n/locales/build.en';
import { buildPl } from '../i18n/locales/build.pl';
import { buildRu } from '../i18n/locales/build.ru';
import { issueText } from './issue-text';
import { translationIssues } from './translation-checks';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    resources: {
      en: { translation: buildEn },
      pl: { translation: buildPl },
      cs: { translation: buildCs },
      ru: { translation: buildRu },
    },
    interpolation: { escapeValue: false },
  });
});

const delegation = builtInTemplates[0]!;
// The Czech translation loses its step title: one text missing.
const partly: TemplateInput = {
  ...delegation,
  translations: {
    ...delegation.translations,
    cs: Object.fromEntries(
      Object.entries(delegation.translations?.cs ?? {}).filter(([key]) => !key.startsWith('nodes.do.t'))
    ),
  },
};

describe('missing translations in the designer', () => {
  it('warns of nothing for a fully translated built-in template', () => {
    expect(translationIssues(delegation)).toEqual([]);
  });

  it('warns once per language that lacks texts, in the reader’s language, naming one of them', () => {
    const issues = translationIssues(partly);
    expect(issues).toMatchObject([
      { code: 'translation-missing', severity: 'warning', params: { language: 'cs', count: 1 } },
    ]);
    const say = (language: string) =>
      issueText(i18n.getFixedT(language), issues[0]!, { nodes: partly.nodes, edges: partly.edges }).message;
    expect(say('en')).toBe(
      'Texts without a Czech translation: 1 (e.g. “Do the delegated task”); readers see them in the default language'
    );
    expect(say('pl')).toMatch(/^Teksty bez tłumaczenia na czeski: 1 \(np\. „Do the delegated task”\)/);
    expect(say('cs')).toMatch(/^Texty bez českého překladu: 1/);
    expect(say('ru')).toMatch(/^Тексты без перевода на чешский: 1/);
  });
});
