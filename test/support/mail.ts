// Reading the emails a test SMTP server received: headers, subject, and the text and HTML parts decoded.

export interface Mail {
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/** Quoted-printable or base64 body bytes as UTF-8 text. */
function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3)) : null;
      if (hex) {
        bytes.push(parseInt(hex[0], 16));
        i += 2;
      } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** A message's headers (unfolded, lower-case names) and the rest. */
function splitHeaders(raw: string): [Map<string, string>, string] {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return [headers, raw.slice(at).replace(/^\r?\n\r?\n/, '')];
}

/** A header's encoded words (`=?utf-8?Q?...?=`) as text. */
const decodeWords = (value: string) =>
  value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeBody(data.replace(/_/g, ' '), 'quoted-printable')
  );

/** Just enough MIME for nodemailer's text + HTML alternative: the parts decoded, the subject's encoded words too. */
export function parseMail(raw: string): Mail {
  const [headers, body] = splitHeaders(raw);
  const subject = decodeWords(headers.get('subject') ?? '');
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => splitHeaders(part.replace(/^\r?\n/, '')));
  const part = (type: string) => {
    const found = parts.find(([partHeaders]) => partHeaders.get('content-type')?.startsWith(type));
    return found ? decodeBody(found[1], found[0].get('content-transfer-encoding')) : '';
  };
  return { headers, subject, text: part('text/plain'), html: part('text/html') };
}
