/**
 * What a browser may be given inline: images and PDFs, and only when their first bytes say they are one (a file
 * declared image/png that is really HTML is not). Everything else is served as an attachment of
 * application/octet-stream, so no upload (HTML, SVG, JavaScript…) ever runs in Baton's origin.
 */
const SIGNATURES: { type: string; matches: (head: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (h) => starts(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (h) => starts(h, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (h) => starts(h, [0x47, 0x49, 0x46, 0x38]) },
  {
    type: 'image/webp',
    matches: (h) => starts(h, [0x52, 0x49, 0x46, 0x46]) && ascii(h.subarray(8, 12)) === 'WEBP',
  },
  { type: 'application/pdf', matches: (h) => starts(h, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
];

export const INLINE_TYPES: ReadonlySet<string> = new Set(SIGNATURES.map((signature) => signature.type));

function starts(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((byte, index) => head[index] === byte);
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/**
 * The type a file is kept under: the recognised image or PDF type when its bytes say so, else the declared type when
 * it is a plain `type/subtype`, else application/octet-stream. Only the recognised ones are ever shown inline.
 */
export function storedContentType(declared: string | undefined, head: Uint8Array): string {
  const sniffed = SIGNATURES.find((signature) => signature.matches(head));
  if (sniffed) return sniffed.type;
  const plain = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (/^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(plain) && !INLINE_TYPES.has(plain)) return plain;
  return 'application/octet-stream';
}

/** Whether a file of this (stored) type may be shown in the page; everything else is downloaded. */
export const showsInline = (contentType: string): boolean => INLINE_TYPES.has(contentType);

/** Does a file of `contentType` named `name` fit an accept list such as `image/*`, `application/pdf`, `.docx`? */
export function accepts(accept: readonly string[] | undefined, contentType: string, name: string): boolean {
  if (!accept || accept.length === 0) return true;
  const lowerName = name.toLowerCase();
  return accept.some((rule) => {
    const lower = rule.trim().toLowerCase();
    if (lower.startsWith('.')) return lowerName.endsWith(lower);
    if (lower.endsWith('/*')) return contentType.startsWith(lower.slice(0, -1));
    return contentType === lower;
  });
}

/** A file name safe for a header and a folder listing: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** `Content-Disposition` with the name in both the plain and the RFC 5987 (UTF-8) form. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
