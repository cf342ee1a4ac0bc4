import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, type ValidationIssue } from '../../../workflows/template';
import { i18next } from '../i18n/i18n';
import { issueText } from './issue-text';

const TEMPLATE = {
  nodes: [
    { id: 'sign', type: 'task', position: { x: 0, y: 0 }, data: { title: 'Podpis' } },
    { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
  ],
  edges: [{ id: 'e', source: 'sign', target: 'end' }],
} as unknown as Parameters<typeof issueText>[2];

/** Every kind of issue the server reports, each with a value for every name its English sentence uses. */
function everyKind(): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const english = (key: string) =>
    `${String(i18next.getResource('en', 'translation', `${key}.message`) ?? '')} ${String(i18next.getResource('en', 'translation', `${key}.hint`) ?? '')}`;
  const params = (key: string) =>
    Object.fromEntries([...english(key).matchAll(/\{\{\s*(\w+)/g)].map((match) => [match[1]!, 7]));
  for (const code of ISSUE_CODES) {
    const base = { code, severity: 'error' as const, nodeId: 'sign', message: 'English', hint: 'English' };
    if (code === 'schema') {
      for (const field of ['assignee', 'title', 'due', 'message', 'templateId'])
        issues.push({ ...base, path: ['nodes', 0, 'data', field], params: params('issue.fields.x') });
      issues.push({ ...base, path: ['parameters', 0], params: params('issue.fields.parameter') });
    } else if (code === 'escalation-target-missing') {
      for (const kind of ['assigneeManager', 'delegatorManager'])
        issues.push({ ...base, params: { kind, ...params(`issue.org.${kind}`) } });
    } else if (code === 'translation-missing') {
      for (const language of ['en', 'pl', 'cs', 'ru'])
        issues.push({ ...base, params: { language, count: 2, ...params(`issue.translation.${language}`) } });
    } else issues.push({ ...base, params: params(`issue.codes.${code}`) });
  }
  return issues;
}

describe('every validation issue the server reports, in every language', () => {
  it('has an English sentence for each kind', async () => {
    await i18next.changeLanguage('en');
    for (const issue of everyKind()) {
      const text = issueText(i18next.t, issue, TEMPLATE);
      expect(text.message, issue.code).not.toMatch(/^issue\.|\{\{/);
      expect(text.hint, issue.code).not.toMatch(/^issue\.|\{\{/);
    }
  });

  for (const language of ['pl', 'cs', 'ru'] as const) {
    it(`says each kind in ${language}, not in English, a step by its title`, async () => {
      await i18next.changeLanguage('en');
      const english = everyKind().map((issue) => issueText(i18next.t, issue, TEMPLATE));
      await i18next.changeLanguage(language);
      everyKind().forEach((issue, index) => {
        const text = issueText(i18next.t, issue, TEMPLATE);
        const where = `${issue.code} ${JSON.stringify(issue.params)}`;
        expect(text.message, where).not.toMatch(/^issue\.|\{\{|undefined/);
        expect(text.hint, where).not.toMatch(/^issue\.|\{\{|undefined/);
        expect(text.message, where).not.toBe(english[index]!.message);
        // A sentence naming the step in English names it in every language.
        if (english[index]!.message.includes('Podpis')) expect(text.message, where).toContain('Podpis');
      });
    });
  }
});
