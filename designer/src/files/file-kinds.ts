import type { TFunction } from 'i18next';

/** Names people know for common file types; anything else is called by its extension (DOCX, ZIP). */
const NAMED: Record<string, string> = {
  'application/pdf': 'PDF',
  '.pdf': 'PDF',
  'application/msword': 'Word',
  '.doc': 'Word',
  '.docx': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  '.xls': 'Excel',
  '.xlsx': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'text/csv': 'CSV',
};
const FAMILIES = ['image', 'video', 'audio', 'text'] as const;

/**
 * A file field's accepted types as a reader says them ("PDF or images", "PDF или изображения"), not as MIME types:
 * `image/*` is "images", `.pdf` and `application/pdf` are one "PDF", an unknown type goes by its extension.
 */
export function acceptedKinds(t: TFunction, language: string, accept: readonly string[]): string {
  const names = accept.map((entry) => {
    const lower = entry.toLowerCase();
    const named = NAMED[lower];
    if (named) return named;
    const family = FAMILIES.find((kind) => lower === `${kind}/*`);
    if (family) return t(`files.kinds.${family}`);
    if (lower.startsWith('.')) return lower.slice(1).toUpperCase();
    const subtype = (lower.split('/')[1] ?? lower).replace(/^(x-|vnd\.)/, '');
    return (subtype.split(/[.+-]/)[0] ?? subtype).toUpperCase();
  });
  return new Intl.ListFormat(language, { type: 'disjunction' }).format([...new Set(names)]);
}
