import { missingTranslations, type TemplateInput, type ValidationIssue } from '../../../workflows/template';

/**
 * One warning per language the template has that still lacks some of its texts: a reader in that language would see
 * them in the template's default language. Reported by the designer (publishing does not need every translation).
 */
export function translationIssues(template: TemplateInput): ValidationIssue[] {
  return missingTranslations(template).map(({ language, missing }) => ({
    code: 'translation-missing',
    severity: 'warning',
    message: `${missing.length} texts have no ${language} translation, e.g. "${missing[0]?.text ?? ''}".`,
    hint: 'Add them in Translations.',
    params: { language, count: missing.length, example: missing[0]?.text ?? '' },
  }));
}
