import type { Page } from 'playwright-core';
import { NOTICE_CATALOGS } from '../../workflows/i18n/notices';
import { buildCs } from '../src/i18n/locales/build.cs';
import { buildEn } from '../src/i18n/locales/build.en';
import { buildPl } from '../src/i18n/locales/build.pl';
import { buildRu } from '../src/i18n/locales/build.ru';
import { clientCs } from '../src/i18n/locales/client.cs';
import { clientEn } from '../src/i18n/locales/client.en';
import { clientPl } from '../src/i18n/locales/client.pl';
import { clientRu } from '../src/i18n/locales/client.ru';
import { cs } from '../src/i18n/locales/cs';
import { en } from '../src/i18n/locales/en';
import { pl } from '../src/i18n/locales/pl';
import { ru } from '../src/i18n/locales/ru';
import { stepCs } from '../src/i18n/locales/step.cs';
import { stepEn } from '../src/i18n/locales/step.en';
import { stepPl } from '../src/i18n/locales/step.pl';
import { stepRu } from '../src/i18n/locales/step.ru';
import { webCs } from '../src/i18n/locales/web.cs';
import { webEn } from '../src/i18n/locales/web.en';
import { webPl } from '../src/i18n/locales/web.pl';
import { webRu } from '../src/i18n/locales/web.ru';

type Tree = { [key: string]: unknown };

function strings(tree: Tree, out: Set<string> = new Set()): Set<string> {
  for (const value of Object.values(tree)) {
    if (typeof value === 'string') out.add(value.trim());
    else if (typeof value === 'object' && value !== null) strings(value as Tree, out);
  }
  return out;
}

const CATALOGS: Record<'en' | 'pl' | 'cs' | 'ru', Tree[]> = {
  en: [en, webEn, stepEn, buildEn, clientEn, NOTICE_CATALOGS.en],
  pl: [pl, webPl, stepPl, buildPl, clientPl, NOTICE_CATALOGS.pl],
  cs: [cs, webCs, stepCs, buildCs, clientCs, NOTICE_CATALOGS.cs],
  ru: [ru, webRu, stepRu, buildRu, clientRu, NOTICE_CATALOGS.ru],
};

export interface EnglishPatterns {
  /** English catalog values with no placeholder, that the language's catalogs do not also use. */
  exact: string[];
  /** English catalog values with placeholders, as regular expression sources matching a whole text. */
  patterns: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What an English sentence of the web app looks like for a reader of `language`: every English catalog value that is
 * not also a value of that language's catalogs (words a language shares with English, such as "Start", are allowed).
 */
export function englishPatterns(language: 'pl' | 'cs' | 'ru'): EnglishPatterns {
  const english = new Set<string>();
  for (const tree of CATALOGS.en) strings(tree, english);
  const translated = new Set<string>();
  for (const tree of CATALOGS[language]) strings(tree, translated);
  const exact: string[] = [];
  const patterns: string[] = [];
  for (const text of english) {
    if (translated.has(text) || text.length < 2 || text.includes('<') || text.includes('$t(')) continue;
    if (!text.includes('{{')) {
      exact.push(text);
      continue;
    }
    const parts = text.split(/\{\{[^}]*\}\}/);
    // A value that is all placeholders ("{{step}}") or whose fixed words are only punctuation says nothing English.
    if (parts.join('').replace(/[\s\p{P}]/gu, '').length < 3) continue;
    patterns.push(`^${parts.map(escape).join('.+?')}$`);
  }
  return { exact, patterns };
}

export interface Finding {
  text: string;
  why: string;
}

/**
 * Visible texts (text nodes, placeholders, labels for screen readers and tooltips) on the page that are English catalog
 * values, raw message keys, or English sentences written in code rather than a catalog (English function words).
 * `allowed` holds the reader's own data (names, a contract's title) that is not translated.
 */
export async function englishOnPage(
  page: Page,
  language: 'pl' | 'cs' | 'ru',
  allowed: readonly string[] = []
): Promise<Finding[]> {
  const { exact, patterns } = englishPatterns(language);
  return page.evaluate(
    ({ exact, patterns, allowed, cyrillic }) => {
      const exactSet = new Set(exact.map((text) => text.toLowerCase()));
      const regexes = patterns.map((source) => new RegExp(source, 'is'));
      const findings: { text: string; why: string }[] = [];
      const seen = new Set<string>();
      const KEY = /^[a-z][a-zA-Z]+(\.[a-zA-Z_]+)+$/;
      const FUNCTION_WORDS =
        /\b(the|and|of|is|are|your|you|with|for|this|from|has|have|will|been|was|were|there|yet|no one|nothing|days?|hours?|minutes?|steps?|due)\b/i;
      const check = (raw: string, where: string) => {
        const text = raw.replace(/\s+/g, ' ').trim();
        if (!text || seen.has(text)) return;
        seen.add(text);
        if (allowed.some((own) => text.includes(own) && text.replace(own, '').replace(/[\s\p{P}\d]/gu, '') === ''))
          return;
        let rest = text;
        for (const own of allowed) rest = rest.split(own).join(' ');
        if (exactSet.has(text.toLowerCase())) findings.push({ text, why: `English catalog text (${where})` });
        else if (regexes.some((regex) => regex.test(text))) findings.push({ text, why: `English sentence (${where})` });
        else if (KEY.test(text)) findings.push({ text, why: `raw key (${where})` });
        else if (FUNCTION_WORDS.test(rest) && /[a-z]{2,}\s+[a-z]{2,}/i.test(rest))
          findings.push({ text, why: `English words (${where})` });
        else if (cyrillic && /^[A-Za-z][A-Za-z ,.'’:!?-]{6,}$/.test(rest.trim()) && /[a-z]{3,} [a-z]{3,}/i.test(rest))
          findings.push({ text, why: `Latin words on a Russian page (${where})` });
      };
      const visible = (element: Element) =>
        element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
        element.getClientRects().length > 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || !visible(parent)) continue;
        check(node.textContent ?? '', 'text');
      }
      for (const element of document.querySelectorAll('[placeholder], [aria-label], [title], input[type=text]')) {
        if (!visible(element)) continue;
        for (const attribute of ['placeholder', 'aria-label', 'title'])
          if (element.getAttribute(attribute)) check(element.getAttribute(attribute) ?? '', attribute);
        if (element instanceof HTMLInputElement && element.type === 'text' && element.readOnly)
          check(element.value, 'value');
      }
      return findings;
    },
    { exact, patterns, allowed: [...allowed], cyrillic: language === 'ru' }
  );
}
