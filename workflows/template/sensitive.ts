/**
 * Credentials and bank details never appear in step results or logs (DOMAIN.md). A form field marked sensitive keeps
 * its value apart (the API stores it for the assignee and reviewer only); everything else that is written down (the
 * audit, notices, emails) carries a mask instead. Free text that looks like an IBAN, a Polish account number or a
 * card number (Luhn-checked) is masked the same way. Pure: shared by the API, the worker and the web app.
 */

export const SENSITIVE_KINDS = ['iban', 'card', 'credential'] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

const DOTS = '••••';

/** The mask that stands for a value: bank and card numbers keep their last four characters, credentials nothing. */
export function maskValue(kind: SensitiveKind, value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  if (kind === 'credential' || text.length === 0) return DOTS;
  const compact = text.replace(/[\s-]/g, '');
  return compact.length > 8 ? `${DOTS}${compact.slice(-4)}` : DOTS;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, remainder 1 modulo 97. */
function ibanValid(compact: string): boolean {
  const moved = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of moved.toUpperCase()) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// An IBAN candidate: upper-case country and check digits, then letters and digits in groups of up to four (as printed)
// or in one run. A run of digits in groups of spaces or dashes is a candidate too: 26 digits a Polish account number
// (NRB), 13 to 19 a card number. Each is checked (mod 97, Luhn) before it is masked.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4})+\b/g;
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

/** The longest leading run of `groups` that is a valid IBAN, as the number of groups, else 0. */
function validIbanPrefix(groups: readonly string[]): number {
  for (let count = groups.length; count >= 1; count -= 1) {
    const compact = groups.slice(0, count).join('');
    if (compact.length >= 15 && compact.length <= 34 && ibanValid(compact)) return count;
  }
  return 0;
}

/** Free text with every valid IBAN, Polish account number and card number in it replaced by its mask. */
export function maskFinancialText(text: string): string {
  // An id (a UUID) is no bank or card number, though its digits may pass the checksum: it is kept as it is.
  return text
    .split(UUID_SPAN)
    .map((part, index) => (index % 2 === 1 ? part : maskNumbers(part)))
    .join('');
}

const UUID_SPAN = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

function maskNumbers(text: string): string {
  return text
    .replace(IBAN, (match) => {
      const groups = match.split(' ');
      const count = validIbanPrefix(groups);
      if (count === 0) return match;
      return [maskValue('iban', groups.slice(0, count).join('')), ...groups.slice(count)].join(' ');
    })
    .replace(DIGIT_RUN, (match) => {
      const digits = match.replace(/[ -]/g, '');
      if (digits.length === 26 && ibanValid(`PL${digits}`)) return maskValue('iban', digits);
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return maskValue('card', digits);
      return match;
    });
}

/** Every string inside a JSON value with financial numbers masked (for audit details and notices). */
export function maskFinancialJson<T>(value: T): T {
  if (typeof value === 'string') return maskFinancialText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskFinancialJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, maskFinancialJson(item)])
    ) as T;
  }
  return value;
}
