import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateTemplate, type TemplateInput } from '../../../workflows/template';
import { blankTemplate } from '../canvas/blank-template';
import { buildEn } from '../i18n/locales/build.en';
import { buildPl } from '../i18n/locales/build.pl';
import { en } from '../i18n/locales/en';
import { issueText } from './issue-text';

const t = i18next.t.bind(i18next);

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    resources: { en: { translation: { ...en, ...buildEn } }, pl: { translation: { ...buildPl } } },
    interpolation: { escapeValue: false },
  });
});

function withTask(assignee: unknown): TemplateInput {
  const blank = blankTemplate();
  return {
    ...blank,
    nodes: [
      ...blank.nodes,
      {
        id: 'task-1',
        type: 'task',
        position: { x: 300, y: 0 },
        data: { title: 'Prepare the report', assignee },
      } as TemplateInput['nodes'][number],
    ],
    edges: [
      { id: 'a', source: 'start', target: 'task-1' },
      { id: 'b', source: 'task-1', target: 'end' },
    ],
  };
}

describe('issueText', () => {
  it('names the step by its title and says what to do, without ids or field paths', async () => {
    await i18next.changeLanguage('en');
    const template = withTask({ kind: 'person', personId: '' });
    const [issue] = validateTemplate(template);
    expect(issue?.message).toMatch(/personId/);
    const text = issueText(t, issue!, template);
    expect(text.message).toBe('Prepare the report: choose who does this task');
    expect(text.hint).toMatch(/Assignee/);
  });

  it('speaks the chosen language', async () => {
    await i18next.changeLanguage('pl');
    const template = withTask({ kind: 'person', personId: '' });
    const [issue] = validateTemplate(template);
    expect(issueText(t, issue!, template).message).toBe('Prepare the report: wybierz, kto wykona to zadanie');
  });

  it('names an unconnected step by its title', async () => {
    await i18next.changeLanguage('en');
    const template = { ...withTask({ kind: 'starter' }), edges: [{ id: 'a', source: 'start', target: 'task-1' }] };
    const messages = validateTemplate(template).map((issue) => issueText(t, issue, template).message);
    expect(messages).toContain('Prepare the report leads nowhere');
    expect(messages.join(' ')).not.toMatch(/task-1|end\b/);
  });
});
