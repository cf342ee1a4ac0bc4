import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../../../workflows/template/library';
import { galleryEntries, missingDescriptions } from './gallery';

describe('gallery of built-in templates', () => {
  it('lists the eleven library templates in their order', () => {
    const entries = galleryEntries('en');
    expect(entries).toHaveLength(11);
    expect(entries.map((entry) => entry.id)).toEqual(builtInTemplates.map((template) => template.id));
    const event = entries.find((entry) => entry.id === 'event-organization');
    expect(event?.description).toMatch(/Planned backwards from the event date/);
    expect(event?.nodeCount).toBe(
      builtInTemplates.find((template) => template.id === 'event-organization')?.nodes.length
    );
  });

  it('shows the localized titles and descriptions, with every language complete', () => {
    expect(missingDescriptions()).toEqual([]);
    const polish = galleryEntries('pl-PL').find((entry) => entry.id === 'delegation-with-review');
    expect(polish?.title).toBe('Delegowanie zadania z weryfikacją');
    expect(polish?.description).toMatch(/^Menedżer przekazuje zadanie/);
    const russian = galleryEntries('ru').find((entry) => entry.id === 'delegation-with-review');
    expect(russian?.title).toBe('Делегирование задачи с проверкой');
    // Unknown languages fall back to English.
    expect(galleryEntries('de')[0]?.title).toBe('Delegate a task with review');
    for (const language of ['en', 'pl', 'cs', 'ru']) {
      for (const entry of galleryEntries(language)) expect(entry.description.length).toBeGreaterThan(20);
    }
  });

  it('hands out copies, so a draft started from one never changes the library', () => {
    const [first] = galleryEntries('en');
    const copy = first!.template();
    copy.nodes.push({ id: 'extra', type: 'end', position: { x: 0, y: 0 }, data: {} });
    copy.name = 'changed';
    expect(first!.template().name).not.toBe('changed');
    expect(builtInTemplates[0]!.nodes.some((node) => node.id === 'extra')).toBe(false);
  });
});
