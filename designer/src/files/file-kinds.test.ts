import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientEn } from '../i18n/locales/client.en';
import { clientRu } from '../i18n/locales/client.ru';
import { acceptedKinds } from './file-kinds';

describe('a file field’s accepted types, as people say them', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({
      lng: 'en',
      resources: { en: { translation: clientEn }, ru: { translation: clientRu } },
      interpolation: { escapeValue: false },
    });
  });

  it('names families and known formats, once each, in the reader’s language', () => {
    expect(acceptedKinds(i18n.t, 'en', ['application/pdf', 'image/*'])).toBe('PDF or images');
    expect(acceptedKinds(i18n.t, 'en', ['.pdf', 'application/pdf', '.docx', '.zip'])).toBe('PDF, Word, or ZIP');
    expect(acceptedKinds(i18n.getFixedT('ru'), 'ru', ['application/pdf', 'image/*'])).toBe('PDF или изображения');
    expect(acceptedKinds(i18n.t, 'en', ['application/x-7z-compressed'])).toBe('7Z');
  });
});
