// Reading the emails a test SMTP server received, with the MIME parser Baton's mail intake uses (mailparser).
import { simpleParser } from 'mailparser';

export interface Mail {
  /** Header lines as sent (lower-case names; values undecoded). */
  headers: Map<string, string>;
  /** The From line decoded. */
  from: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

export async function parseMail(raw: string): Promise<Mail> {
  const parsed = await simpleParser(raw);
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  return {
    headers,
    from: { name: parsed.from?.value[0]?.name ?? '', address: parsed.from?.value[0]?.address ?? '' },
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}
