import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeadlineParseError,
  DeadlineSpecSchema,
  DeadlineUnitSchema,
  formatDeadline,
  parseDeadline,
  type DeadlineSpec,
} from './deadline-spec';
import { MAX_OFFSET } from './limits';

describe('parseDeadline', () => {
  it.each<[string, DeadlineSpec]>([
    [
      'eventDate - 14d',
      { anchor: { kind: 'parameter', name: 'eventDate' }, offset: { amount: 14, unit: 'days', direction: 'before' } },
    ],
    ['start + 3bd', { anchor: { kind: 'start' }, offset: { amount: 3, unit: 'businessDays', direction: 'after' } }],
    ['start + 24h', { anchor: { kind: 'start' }, offset: { amount: 24, unit: 'hours', direction: 'after' } }],
    ['occurrence @17:00', { anchor: { kind: 'occurrence' }, timeOfDay: '17:00' }],
    ['start + 2w', { anchor: { kind: 'start' }, offset: { amount: 2, unit: 'weeks', direction: 'after' } }],
    ['start + 1mo', { anchor: { kind: 'start' }, offset: { amount: 1, unit: 'months', direction: 'after' } }],
    ['start + 90min', { anchor: { kind: 'start' }, offset: { amount: 90, unit: 'minutes', direction: 'after' } }],
    [
      'sign.done + 3bd @17:00',
      {
        anchor: { kind: 'node', nodeId: 'sign' },
        offset: { amount: 3, unit: 'businessDays', direction: 'after' },
        timeOfDay: '17:00',
      },
    ],
    [
      'eventDate - 4w @09:00',
      {
        anchor: { kind: 'parameter', name: 'eventDate' },
        offset: { amount: 4, unit: 'weeks', direction: 'before' },
        timeOfDay: '09:00',
      },
    ],
    ['start', { anchor: { kind: 'start' } }],
  ])('parses %j', (text, expected) => {
    expect(parseDeadline(text)).toStrictEqual(expected);
    expect(formatDeadline(expected)).toBe(text);
  });

  it('ignores whitespace around operators and the time of day', () => {
    const expected: DeadlineSpec = {
      anchor: { kind: 'parameter', name: 'eventDate' },
      offset: { amount: 14, unit: 'days', direction: 'before' },
      timeOfDay: '09:30',
    };
    expect(parseDeadline('eventDate-14d@09:30')).toStrictEqual(expected);
    expect(parseDeadline('  eventDate   -   14 d   @  9:30  ')).toStrictEqual(expected);
    expect(parseDeadline('\teventDate\n-14d @09:30')).toStrictEqual(expected);
    expect(parseDeadline('eventDate - 14D @09:30')).toStrictEqual(expected);
  });

  it('reads node ids with hyphens and digits', () => {
    expect(parseDeadline('step-2.done-1d')).toStrictEqual({
      anchor: { kind: 'node', nodeId: 'step-2' },
      offset: { amount: 1, unit: 'days', direction: 'before' },
    });
  });

  it.each<[string, number, RegExp]>([
    ['', 0, /empty/],
    ['start + 3dd', 9, /unknown unit "dd".*min, h, bh, d, bd, w, mo/],
    ['start + 3', 9, /expected a unit after 3/],
    ['start + bd', 8, /expected a whole number/],
    ['start + -3d', 8, /expected a whole number/],
    ['start + 1.5d', 9, /unknown unit|expected a unit/],
    ['occurrence @25:00', 12, /HH:mm/],
    ['occurrence @17', 12, /HH:mm/],
    ['sign.dne + 1d', 0, /sign\.done/],
    ['+ 3d', 0, /expected an anchor/],
    ['start 3d', 6, /unexpected "3d"; expected `\+`, `-`, `@HH:mm`, `any day` or the end/],
    ['start @17:00 + 1d', 13, /nothing after the time of day/],
    ['start + 99999999999999999999d', 8, /too large/],
  ])('rejects %j at position %i', (text, position, message) => {
    let error: unknown;
    try {
      parseDeadline(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DeadlineParseError);
    const parseError = error as DeadlineParseError;
    expect(parseError.position).toBe(position);
    expect(parseError.message).toMatch(message);
    // Every message quotes the input and shows a valid example.
    expect(parseError.message).toContain(`"${text}"`);
    expect(parseError.message).toContain('start + 3bd');
  });
});

describe('DeadlineSpecSchema', () => {
  it('rejects reserved words as parameter names and bad times of day', () => {
    expect(DeadlineSpecSchema.safeParse({ anchor: { kind: 'parameter', name: 'start' } }).success).toBe(false);
    expect(DeadlineSpecSchema.safeParse({ anchor: { kind: 'parameter', name: 'event-date' } }).success).toBe(false);
    expect(DeadlineSpecSchema.safeParse({ anchor: { kind: 'start' }, timeOfDay: '7:00' }).success).toBe(false);
    expect(
      DeadlineSpecSchema.safeParse({
        anchor: { kind: 'start' },
        offset: { amount: -1, unit: 'days', direction: 'after' },
      }).success
    ).toBe(false);
    expect(DeadlineSpecSchema.safeParse(parseDeadline('sign.done + 3bd @17:00')).success).toBe(true);
  });
});

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/);
const anchorArbitrary = fc.oneof(
  fc.constant({ kind: 'start' as const }),
  fc.constant({ kind: 'occurrence' as const }),
  identifier
    .filter((name) => name !== 'start' && name !== 'occurrence')
    .map((name) => ({ kind: 'parameter' as const, name })),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,15}$/).map((nodeId) => ({ kind: 'node' as const, nodeId })),
  fc
    .tuple(
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:00Z'), noInvalidDate: true }),
      fc.boolean()
    )
    .map(([date, withTime]) => ({
      kind: 'date' as const,
      value: date.toISOString().slice(0, withTime ? 16 : 10),
    }))
);
const specArbitrary: fc.Arbitrary<DeadlineSpec> = fc.record(
  {
    anchor: anchorArbitrary,
    // Amounts up to the longest offset validation accepts for the unit (workflows/deadline/limits).
    offset: fc.constantFrom(...DeadlineUnitSchema.options).chain((unit) =>
      fc.record(
        {
          amount: fc.nat({ max: MAX_OFFSET[unit] }),
          unit: fc.constant(unit),
          direction: fc.constantFrom('before' as const, 'after' as const),
        },
        { noNullPrototype: true }
      )
    ),
    timeOfDay: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  },
  { requiredKeys: ['anchor'], noNullPrototype: true }
);

describe('round trip', () => {
  it('parseDeadline(formatDeadline(spec)) deep-equals spec for every valid spec', () => {
    fc.assert(
      fc.property(specArbitrary, (spec) => {
        expect(DeadlineSpecSchema.parse(spec)).toStrictEqual(spec);
        expect(parseDeadline(formatDeadline(spec))).toStrictEqual(spec);
      }),
      { numRuns: 500 }
    );
  });

  it('formatting is canonical: parsing then formatting any accepted text is a fixed point', () => {
    fc.assert(
      fc.property(specArbitrary, fc.constantFrom('', ' ', '  '), (spec, space) => {
        const spaced = formatDeadline(spec).replace(/ /g, space);
        const reparsed = parseDeadline(spaced);
        expect(reparsed).toStrictEqual(spec);
        expect(formatDeadline(reparsed)).toBe(formatDeadline(spec));
      }),
      { numRuns: 300 }
    );
  });
});
