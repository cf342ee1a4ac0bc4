// A template's texts in several languages. The template is written in its default language (`language`, English when
// absent); `translations` holds the other languages' texts by a stable key per text ("nodes.do.title"), so a process
// shows each reader the template's texts in their language and falls back to the default text for a missing one.
import { z } from 'zod';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, type Language } from '../i18n/languages';

export const TemplateLanguageSchema = z.enum(LANGUAGE_CODES);

/** Per language, the translated text of each key (see `templateTexts` for the keys). */
export const TemplateTranslationsSchema = z.partialRecord(
  TemplateLanguageSchema,
  z.record(z.string().min(1), z.string().min(1))
);
export type TemplateTranslations = z.infer<typeof TemplateTranslationsSchema>;

/** One text of a template a person reads, with its key and its default-language wording. */
export interface TemplateText {
  key: string;
  text: string;
}

// Templates reach this module as parsed objects, drafts or stored JSON: texts are read defensively.
type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Calls `visit` for every translatable text of a template, with a setter that writes it in place. */
function eachText(template: Loose, visit: (key: string, text: string, set: (value: string) => void) => void): void {
  const field = (owner: Loose, name: string, key: string) => {
    const text = str(owner[name]);
    if (text !== undefined) visit(key, text, (value) => (owner[name] = value));
  };
  const options = (owner: Loose, key: string) => {
    for (const option of list(owner.options)) {
      const value = str(option.value);
      if (value === undefined) continue;
      const label = str(option.label);
      // An option without a label shows its value: translating it gives it a label.
      visit(`${key}.options.${value}`, label ?? value, (text) => (option.label = text));
    }
  };
  field(template, 'name', 'name');
  field(template, 'description', 'description');
  for (const parameter of list(template.parameters)) {
    const name = str(parameter.name);
    if (name === undefined) continue;
    field(parameter, 'label', `parameters.${name}.label`);
    field(parameter, 'description', `parameters.${name}.description`);
    options(parameter, `parameters.${name}`);
  }
  for (const node of list(template.nodes)) {
    const id = str(node.id);
    const data = node.data;
    if (id === undefined || !isObject(data)) continue;
    const key = `nodes.${id}`;
    for (const name of ['title', 'label', 'instructions', 'message']) field(data, name, `${key}.${name}`);
    for (const formField of list(data.form)) {
      const name = str(formField.name);
      if (name === undefined) continue;
      field(formField, 'label', `${key}.form.${name}.label`);
      options(formField, `${key}.form.${name}`);
    }
    for (const item of list(data.checklist)) {
      const itemId = str(item.id);
      if (itemId !== undefined) field(item, 'text', `${key}.checklist.${itemId}`);
    }
  }
  for (const edge of list(template.edges)) {
    const id = str(edge.id);
    if (id !== undefined) field(edge, 'label', `edges.${id}.label`);
  }
}

/** Every text of a template a person reads (names, titles, instructions, labels, checklist items), in order. */
export function templateTexts(template: unknown): TemplateText[] {
  if (!isObject(template)) return [];
  const texts: TemplateText[] = [];
  // Read-only walk: the setter is never called, so the template is not changed.
  eachText(template, (key, text) => texts.push({ key, text }));
  return texts;
}

/** The language a template is written in. */
export function templateLanguage(template: unknown): Language {
  const language = isObject(template) ? template.language : undefined;
  return (LANGUAGE_CODES as readonly unknown[]).includes(language) ? (language as Language) : DEFAULT_LANGUAGE;
}

/** The languages a template speaks: its own first, then those it has translations for. */
export function templateLanguages(template: unknown): Language[] {
  const own = templateLanguage(template);
  const translations = isObject(template) && isObject(template.translations) ? template.translations : {};
  return [own, ...LANGUAGE_CODES.filter((code) => code !== own && isObject(translations[code]))];
}

/** For each language a template has besides its own, the texts still without a translation there. */
export function missingTranslations(template: unknown): { language: Language; missing: TemplateText[] }[] {
  const texts = templateTexts(template);
  const translations = isObject(template) && isObject(template.translations) ? template.translations : {};
  return templateLanguages(template)
    .slice(1)
    .map((language) => {
      const own = translations[language];
      const have = isObject(own) ? own : {};
      return { language, missing: texts.filter((text) => str(have[text.key]) === undefined) };
    })
    .filter((entry) => entry.missing.length > 0);
}

/**
 * The template with its texts in `language` where it has them, else in its default language (a copy; the input is
 * left alone). Parameters' own localized titles count as their label's translation.
 */
export function localizeTemplate<T>(template: T, language: string): T {
  if (!isObject(template) || language === templateLanguage(template)) return template;
  const copy = structuredClone(template) as T & Loose;
  const translations = isObject(copy.translations) ? copy.translations : {};
  const own = translations[language];
  const texts = isObject(own) ? own : {};
  eachText(copy, (key, _text, set) => {
    const translated = str(texts[key]);
    if (translated !== undefined) set(translated);
  });
  for (const parameter of list(copy.parameters)) {
    const title = isObject(parameter.title) ? str(parameter.title[language]) : undefined;
    const name = str(parameter.name);
    if (title !== undefined && name !== undefined && str(texts[`parameters.${name}.label`]) === undefined)
      parameter.label = title;
  }
  return copy;
}

/** One text of a template in `language`, falling back to `fallback` (the default-language text). */
export function translatedText(template: unknown, language: string, key: string, fallback: string): string {
  const translations = isObject(template) && isObject(template.translations) ? template.translations : {};
  const own = translations[language];
  return (isObject(own) ? str(own[key]) : undefined) ?? fallback;
}

/** The template under another name: translations of the old name no longer fit it and are dropped. */
export function withName<T extends { name: string; translations?: TemplateTranslations }>(
  template: T,
  name: string
): T {
  if (name === template.name || !template.translations) return { ...template, name };
  const translations: TemplateTranslations = {};
  for (const code of LANGUAGE_CODES) {
    const own = template.translations[code];
    if (!own) continue;
    const { name: _old, ...rest } = own;
    translations[code] = rest;
  }
  return { ...template, name, translations };
}

/**
 * The template written in `language` instead of its own: its texts in `language` become the template's own, and the
 * texts it had become the translation into its former language (a copy). A Polish manager who starts from a built-in
 * edits Polish texts, with the English ones side by side. Only a template with every text in `language` is rewritten;
 * any other is returned as it is, so no text of another language passes for one in `language`.
 */
export function inLanguage<T>(template: T, language: Language): T {
  if (!isObject(template)) return template;
  const own = templateLanguage(template);
  const translations = isObject(template.translations) ? template.translations : {};
  if (own === language || !isObject(translations[language])) return template;
  if (missingTranslations(template).some((entry) => entry.language === language)) return template;
  const former = Object.fromEntries(templateTexts(template).map((text) => [text.key, text.text]));
  const copy: Loose = localizeTemplate(template, language);
  const others: Loose = { ...(isObject(copy.translations) ? copy.translations : {}) };
  delete others[language];
  others[own] = former;
  copy.translations = others;
  copy.language = language;
  return copy as T;
}
