import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors';
import { parseQuery, printQuery, type Condition, type Literal, type VisibilityQuery } from './query';

/** Positions depend on spacing; round trips compare the trees without them. */
function withoutPositions(query: VisibilityQuery): unknown {
  return JSON.parse(JSON.stringify(query, (key, value: unknown) => (key === 'position' ? undefined : value)));
}

function parseError(query: string): string {
  try {
    parseQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe(3); // INVALID_ARGUMENT
    return (error as ServiceError).message;
  }
  throw new Error(`expected "${query}" to be refused`);
}

describe('list-filter parser', () => {
  it('parses comparisons, IN, BETWEEN, STARTS_WITH with AND binding tighter than OR', () => {
    const parsed = parseQuery(
      "WorkflowType = 'order' AND (Priority >= 3 OR Tags IN ('a', 'b')) OR StartTime BETWEEN '2026-01-01T00:00:00Z' AND '2026-02-01T00:00:00Z' AND WorkflowId STARTS_WITH 'process-'"
    );
    expect(printQuery(parsed)).toBe(
      "WorkflowType = 'order' AND (Priority >= 3 OR Tags IN ('a', 'b')) OR StartTime BETWEEN '2026-01-01T00:00:00Z' AND '2026-02-01T00:00:00Z' AND WorkflowId STARTS_WITH 'process-'"
    );
    expect(parsed.where?.kind).toBe('or');
    const where = parsed.where as Extract<Condition, { kind: 'or' }>;
    expect(where.left.kind).toBe('and');
    expect(where.right.kind).toBe('and');
  });

  it('reads keywords in any case, backquoted names, escaped quotes, <> and ORDER BY with directions', () => {
    const parsed = parseQuery(
      '`Order Id` <> \'it\'\'s\' and Note = "say \\"hi\\"" order by StartTime desc, WorkflowId asc, `Order Id`'
    );
    expect(parsed.where).toMatchObject({
      kind: 'and',
      left: { kind: 'compare', column: { name: 'Order Id', position: 1 }, operator: '!=', value: { value: "it's" } },
      right: { kind: 'compare', column: { name: 'Note' }, operator: '=', value: { value: 'say "hi"' } },
    });
    expect(parsed.orderBy.map((order) => [order.column.name, order.descending])).toEqual([
      ['StartTime', true],
      ['WorkflowId', false],
      ['Order Id', false],
    ]);
  });

  it('accepts an empty query, ORDER BY alone, GROUP BY, NOT IN / NOT BETWEEN / NOT STARTS_WITH and literals', () => {
    expect(parseQuery('  ')).toEqual({ where: null, groupBy: [], orderBy: [] });
    expect(printQuery(parseQuery('order by CloseTime DESC'))).toBe('ORDER BY CloseTime DESC');
    expect(parseQuery('GROUP BY ExecutionStatus').groupBy.map((column) => column.name)).toEqual(['ExecutionStatus']);
    const parsed = parseQuery(
      "A NOT IN (1, -2.5, 3e2) AND B NOT BETWEEN 1 AND 2 AND C NOT STARTS_WITH 'x' AND D = TRUE"
    );
    expect(printQuery(parsed)).toBe(
      "A NOT IN (1, -2.5, 300) AND B NOT BETWEEN 1 AND 2 AND C NOT STARTS_WITH 'x' AND D = true"
    );
  });

  it.each([
    ["WorkflowId = 'a' AND", 'position 21 near end of query'],
    ["WorkflowId 'a'", "position 12 near ''a''"],
    ["WorkflowId = 'a' AND OR x = 1", "position 22 near 'OR'"],
    ["WorkflowId == 'a'", "position 13 near '='"],
    ["(WorkflowId = 'a'", 'position 18 near end of query'],
    ["WorkflowId = 'open", "position 14 near ''open'"],
    ["WorkflowId IN 'a'", "position 15 near ''a''"],
    ['StartTime BETWEEN 1 OR 2', "position 21 near 'OR'"],
    ["WorkflowId = 'a' ORDER StartTime", "position 24 near 'StartTime'"],
    ["WorkflowId = 'a' LIMIT 5", "position 18 near 'LIMIT'"],
    ['WorkflowId = a', "position 14 near 'a'"],
    ["WorkflowId = 'a' ; DROP", "position 18 near ';'"],
  ])('refuses %s pointing at the bad token (%s)', (query, where) => {
    const message = parseError(query);
    expect(message).toContain('invalid query: syntax error at');
    expect(message).toContain(where);
  });

  const names = fc.oneof(
    fc.constantFrom('WorkflowId', 'WorkflowType', 'ExecutionStatus', 'StartTime', 'CustomKeyword', 'A_b.c'),
    fc.string({ minLength: 1, maxLength: 8 })
  );
  const column = names.map((name) => ({ name, position: 0 }));
  const literal: fc.Arbitrary<Literal> = fc.oneof(
    fc.string({ maxLength: 10 }).map((value) => ({ type: 'string' as const, value })),
    fc.integer({ min: -1e9, max: 1e9 }).map((value) => ({ type: 'number' as const, value: value === 0 ? 0 : value })),
    fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
      .filter((value) => !Object.is(value, -0))
      .map((value) => ({ type: 'number' as const, value })),
    fc.boolean().map((value) => ({ type: 'bool' as const, value }))
  );
  const condition = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('compare' as const),
        column,
        operator: fc.constantFrom(
          '=' as const,
          '!=' as const,
          '<' as const,
          '<=' as const,
          '>' as const,
          '>=' as const
        ),
        value: literal,
      }),
      fc.record({
        kind: fc.constant('in' as const),
        column,
        negated: fc.boolean(),
        values: fc.array(literal, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('between' as const), column, negated: fc.boolean(), low: literal, high: literal }),
      fc.record({ kind: fc.constant('startsWith' as const), column, negated: fc.boolean(), prefix: literal }),
      fc.record({ kind: fc.constant('and' as const), left: tie('condition'), right: tie('condition') }),
      fc.record({ kind: fc.constant('or' as const), left: tie('condition'), right: tie('condition') })
    ),
  })).condition;
  const query: fc.Arbitrary<VisibilityQuery> = fc.record({
    where: fc.option(condition, { nil: null }),
    groupBy: fc.array(column, { maxLength: 2 }),
    orderBy: fc.array(fc.record({ column, descending: fc.boolean() }), { maxLength: 2 }),
  });

  it('parses what it prints back to the same tree (property)', () => {
    fc.assert(
      fc.property(query, (generated) => {
        expect(withoutPositions(parseQuery(printQuery(generated)))).toEqual(withoutPositions(generated));
      }),
      { numRuns: 500 }
    );
  });

  it('never fails with anything but INVALID_ARGUMENT on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseQuery(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ServiceError);
          expect((error as ServiceError).message).toMatch(/^invalid query: syntax error at position \d+ near /);
        }
      }),
      { numRuns: 1000 }
    );
  });
});
