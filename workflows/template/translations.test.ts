import { describe, expect, it } from 'vitest';
import { builtInTemplates } from './library';
import type { TemplateInput } from './template.schema';
import { parseTemplate } from './template.schema';
import { inLanguage, localizeTemplate, missingTranslations, templateLanguages, templateTexts } from './translations';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('built-in templates in four languages', () => {
  it.each(builtInTemplates.map((template) => [template.id, template] as const))(
    '%s has every text in Polish, Czech and Russian, with the same placeholders and no stray keys',
    (_id, template) => {
      expect(templateLanguages(template)).toEqual(['en', 'pl', 'cs', 'ru']);
      expect(missingTranslations(template)).toEqual([]);
      const texts = new Map(templateTexts(template).map((text) => [text.key, text.text]));
      for (const [language, own] of Object.entries(template.translations ?? {})) {
        for (const [key, text] of Object.entries(own)) {
          expect(texts.has(key), `${language} ${key} is not a text of the template`).toBe(true);
          expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(texts.get(key) ?? ''));
          expect(text, `${language} ${key} is still the English text`).not.toBe(
            /^\d\.|\{\{/.test(text) ? '' : texts.get(key)
          );
        }
      }
      // A numbered title ("2. Finance: cost estimate") keeps its number in every language: stages read in order.
      for (const [language, own] of Object.entries(template.translations ?? {})) {
        for (const [key, text] of Object.entries(own)) {
          const number = /^(\d+)\./.exec(texts.get(key) ?? '')?.[1];
          if (number !== undefined) expect(text, `${language} ${key}`).toMatch(new RegExp(`^${number}\\. `));
        }
      }
      // The translations survive parsing, so a published version keeps them.
      expect(parseTemplate(template).translations).toEqual(template.translations);
    }
  );
});

const small: TemplateInput = {
  schemaVersion: 1,
  id: 'small',
  name: 'Check the invoice',
  calendarId: 'pl',
  parameters: [
    { name: 'amount', type: 'text', label: 'Amount' },
    { name: 'kind', type: 'choice', label: 'Kind', options: [{ value: 'cost' }, { value: 'sale', label: 'Sale' }] },
  ],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'check',
      type: 'task',
      position: { x: 1, y: 0 },
      data: {
        title: 'Check it',
        instructions: 'Compare with the order.',
        assignee: { kind: 'starter' },
        checklist: [{ id: 'paid', text: 'Paid' }],
        form: [{ name: 'ok', label: 'Correct', type: 'boolean' }],
      },
    },
    { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'check', label: 'then' },
    { id: 'b', source: 'check', target: 'end' },
  ],
  translations: {
    pl: {
      name: 'Sprawdź fakturę',
      'parameters.kind.label': 'Rodzaj',
      'parameters.kind.options.cost': 'Koszt',
      'nodes.check.title': 'Sprawdź ją',
      'nodes.check.checklist.paid': 'Zapłacona',
      'nodes.check.form.ok.label': 'Poprawna',
      'edges.a.label': 'potem',
    },
  },
};

describe('a built-in rewritten in the manager’s language', () => {
  it.each(builtInTemplates.map((template) => [template.id, template] as const))(
    '%s in Polish keeps every text, English side by side, and goes back to the same template',
    (_id, template) => {
      const polish = inLanguage(template, 'pl');
      expect(polish.language).toBe('pl');
      expect(templateLanguages(polish)).toEqual(['pl', 'en', 'cs', 'ru']);
      expect(missingTranslations(polish)).toEqual([]);
      const texts = new Map(templateTexts(polish).map((text) => [text.key, text.text]));
      for (const [key, text] of Object.entries(template.translations?.pl ?? {})) expect(texts.get(key)).toBe(text);
      for (const text of templateTexts(template)) expect(polish.translations?.en?.[text.key]).toBe(text.text);
      // Nothing but texts moved: the graph, deadlines and rules are the same, and it still parses.
      expect(polish.nodes.map((node) => [node.id, node.type])).toEqual(
        template.nodes.map((node) => [node.id, node.type])
      );
      expect(parseTemplate(polish).nodes).toHaveLength(template.nodes.length);
      const back = inLanguage(polish, 'en');
      expect(templateTexts(back)).toEqual(templateTexts(template));
      expect(back.translations?.pl).toEqual(template.translations?.pl);
      expect(template.language ?? 'en').toBe('en');
    }
  );

  it('leaves a template that lacks texts in the language as it is', () => {
    const partial = {
      name: 'Order',
      nodes: [{ id: 'a', type: 'task', data: { title: 'Order paper' } }],
      edges: [],
      translations: { pl: { name: 'Zamówienie' } },
    };
    expect(inLanguage(partial, 'pl')).toBe(partial);
    expect(inLanguage(partial, 'cs')).toBe(partial);
  });
});

describe('a template in the reader’s language', () => {
  it('lists every text a person reads by a stable key', () => {
    expect(templateTexts(small).map((text) => text.key)).toEqual([
      'name',
      'parameters.amount.label',
      'parameters.kind.label',
      'parameters.kind.options.cost',
      'parameters.kind.options.sale',
      'nodes.check.title',
      'nodes.check.instructions',
      'nodes.check.form.ok.label',
      'nodes.check.checklist.paid',
      'edges.a.label',
    ]);
  });

  it('shows the translated texts and falls back to the default language for a missing one, leaving the input alone', () => {
    const polish = localizeTemplate(small, 'pl');
    expect(polish.name).toBe('Sprawdź fakturę');
    expect(polish.parameters?.[0]?.label).toBe('Amount');
    expect(polish.parameters?.[1]).toMatchObject({
      label: 'Rodzaj',
      options: [
        { value: 'cost', label: 'Koszt' },
        { value: 'sale', label: 'Sale' },
      ],
    });
    const task = polish.nodes[1];
    expect(task?.type === 'task' && task.data).toMatchObject({
      title: 'Sprawdź ją',
      instructions: 'Compare with the order.',
      checklist: [{ id: 'paid', text: 'Zapłacona' }],
      form: [{ name: 'ok', label: 'Poprawna' }],
    });
    expect(polish.edges[0]?.label).toBe('potem');
    expect(small.name).toBe('Check the invoice');
    expect(localizeTemplate(small, 'cs').name).toBe('Check the invoice');
    expect(localizeTemplate(small, 'en')).toBe(small);
  });

  it('warns of each text a language still lacks', () => {
    const missing = missingTranslations(small);
    expect(missing.map((entry) => entry.language)).toEqual(['pl']);
    expect(missing[0]?.missing.map((text) => text.key)).toEqual([
      'parameters.amount.label',
      'parameters.kind.options.sale',
      'nodes.check.instructions',
    ]);
  });
});
