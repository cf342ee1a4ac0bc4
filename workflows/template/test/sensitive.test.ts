import { describe, expect, it } from 'vitest';
import { maskFinancialJson, maskFinancialText, maskValue } from '../sensitive';

describe('masking bank details and credentials', () => {
  it('masks valid IBANs, Polish account numbers and Luhn-valid card numbers in free text', () => {
    expect(maskFinancialText('Pay to PL61 1090 1014 0000 0712 1981 2874 today')).toBe('Pay to ••••2874 today');
    expect(maskFinancialText('IBAN DE89370400440532013000.')).toBe('IBAN ••••3000.');
    expect(maskFinancialText('konto 61 1090 1014 0000 0712 1981 2874')).toBe('konto ••••2874');
    expect(maskFinancialText('card 4111 1111 1111 1111, exp 12/29')).toBe('card ••••1111, exp 12/29');
    expect(maskFinancialText('card 4111-1111-1111-1111')).toBe('card ••••1111');
  });

  it('leaves numbers that fail their checksum, and ordinary text, alone', () => {
    for (const text of [
      'Invoice 4111 1111 1111 1112 is late',
      'PL61 1090 1014 0000 0712 1981 2875',
      'Call +48 600 700 800 at 17:00 on 2027-03-31',
      'order 1234567890123',
    ])
      expect(maskFinancialText(text)).toBe(text);
  });

  it('masks every string of a JSON value and gives each kind its mask', () => {
    expect(
      maskFinancialJson({ values: { note: 'to DE89370400440532013000', n: 3 }, list: ['4111111111111111'] })
    ).toEqual({ values: { note: 'to ••••3000', n: 3 }, list: ['••••1111'] });
    expect(maskValue('credential', 'hunter2-long-password')).toBe('••••');
    expect(maskValue('iban', 'PL61 1090 1014 0000 0712 1981 2874')).toBe('••••2874');
    expect(maskValue('card', '123')).toBe('••••');
  });
});

describe('maskFinancialText and ids', () => {
  it('keeps a UUID whose digits happen to pass the card checksum, alone or in a sentence', () => {
    // The digits 9f34-16475240532d once made a card number: an audit entry lost its deputy's id to the mask.
    const id = 'ead66e34-5ea6-4e7d-9f34-16475240532d';
    expect(maskFinancialText(id)).toBe(id);
    expect(maskFinancialJson({ deputy: id })).toEqual({ deputy: id });
    expect(maskFinancialText(`deputy ${id}, card 4111 1111 1111 1111`)).toBe(
      `deputy ${id}, card ${maskFinancialText('4111 1111 1111 1111')}`
    );
    expect(maskFinancialText('card 4111 1111 1111 1111')).not.toContain('4111 1111 1111 1111');
  });
});
