import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors';
import { compileQuery, type VisibilityRow } from './evaluate';
import { systemSearchAttributes, type SearchAttributeType, type SearchValue } from './search-attributes';

const custom: Record<string, SearchAttributeType> = {
  Customer: 'Keyword',
  Notes: 'Text',
  Priority: 'Int',
  Score: 'Double',
  Urgent: 'Bool',
  DueAt: 'Datetime',
  Tags: 'KeywordList',
};
const schema = (name: string) => systemSearchAttributes[name] ?? custom[name];

type Run = Record<string, SearchValue>;

const t = (iso: string) => Date.parse(iso);
const runs: Run[] = [
  {
    WorkflowId: 'process-1',
    RunId: 'r1',
    WorkflowType: 'process',
    ExecutionStatus: 'Running',
    StartTime: t('2026-01-01T10:00:00Z'),
    Customer: 'ACME',
    Notes: 'Quarterly invoice, urgent review',
    Priority: 3,
    Score: 0.5,
    Urgent: true,
    DueAt: t('2026-01-05T00:00:00Z'),
    Tags: ['finance', 'q1'],
  },
  {
    WorkflowId: 'process-2',
    RunId: 'r2',
    WorkflowType: 'process',
    ExecutionStatus: 'Completed',
    StartTime: t('2026-01-02T10:00:00Z'),
    CloseTime: t('2026-01-03T10:00:00Z'),
    Customer: 'Globex',
    Priority: 1,
    Score: 2.25,
    Urgent: false,
    Tags: ['hr'],
  },
  {
    WorkflowId: 'duty-1',
    RunId: 'r3',
    WorkflowType: 'duty',
    ExecutionStatus: 'Failed',
    StartTime: t('2026-01-03T10:00:00Z'),
    CloseTime: t('2026-01-04T10:00:00Z'),
    Priority: 10,
  },
  {
    WorkflowId: 'process-3',
    RunId: 'r4',
    WorkflowType: 'process',
    ExecutionStatus: 'Running',
    StartTime: t('2026-01-04T10:00:00Z'),
    Customer: 'ACME Corp',
    Notes: 'monthly report',
    Tags: ['finance'],
  },
];
const rowOf =
  (run: Run): VisibilityRow =>
  (name) =>
    run[name];

function select(query: string): string[] {
  const compiled = compileQuery(query, schema, 'list');
  return runs
    .map(rowOf)
    .filter((row) => compiled.matches(row))
    .sort((a, b) => compiled.compare(a, b))
    .map((row) => String(row('WorkflowId')));
}

function refusal(query: string, purpose: 'list' | 'count' = 'list'): string {
  try {
    compileQuery(query, schema, purpose);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe(3);
    return (error as ServiceError).message;
  }
  throw new Error(`expected "${query}" to be refused`);
}

describe('list-filter evaluation', () => {
  it('orders open runs first, then by latest close and latest start, by default', () => {
    expect(select('')).toEqual(['process-3', 'process-1', 'duty-1', 'process-2']);
  });

  it.each([
    ["WorkflowType = 'process' AND ExecutionStatus = 'Running'", ['process-3', 'process-1']],
    ["WorkflowType != 'process'", ['duty-1']],
    ['ExecutionStatus = 3', ['duty-1']],
    ["ExecutionStatus IN ('Completed', 'Failed')", ['duty-1', 'process-2']],
    ["ExecutionStatus > 'Running'", ['duty-1', 'process-2']],
    ["ExecutionStatus NOT IN ('Running', 2)", ['duty-1']],
    ["WorkflowId STARTS_WITH 'process-'", ['process-3', 'process-1', 'process-2']],
    ["WorkflowId NOT STARTS_WITH 'process-'", ['duty-1']],
    ["StartTime > '2026-01-02T10:00:00Z'", ['process-3', 'duty-1']],
    ["StartTime >= '2026-01-02T10:00:00Z' AND StartTime < '2026-01-04T00:00:00Z'", ['duty-1', 'process-2']],
    ["StartTime BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-02T10:00:00Z'", ['process-1', 'process-2']],
    ["CloseTime < '2026-01-03T12:00:00Z'", ['process-2']],
    ['Priority > 2', ['process-1', 'duty-1']],
    ["Priority >= '3' AND Priority <= 3", ['process-1']],
    ['Priority NOT BETWEEN 2 AND 5', ['duty-1', 'process-2']],
    ['Priority != 1', ['process-1', 'duty-1']],
    ['Score < 1.5', ['process-1']],
    ['Urgent = true', ['process-1']],
    ["Urgent = 'false'", ['process-2']],
    ["DueAt < '2026-02-01T00:00:00Z'", ['process-1']],
    ["Customer = 'ACME' OR Customer = 'Globex'", ['process-1', 'process-2']],
    ["Customer STARTS_WITH 'ACME'", ['process-3', 'process-1']],
    ["Customer > 'B'", ['process-2']],
    ["Tags = 'finance'", ['process-3', 'process-1']],
    ["Tags != 'finance'", ['process-2']],
    ["Tags IN ('hr', 'q1')", ['process-1', 'process-2']],
    ["Tags NOT IN ('hr', 'q1')", ['process-3']],
    ["Notes = 'URGENT invoice'", ['process-1']],
    ["Notes != 'invoice'", ['process-3']],
    ["(WorkflowType = 'duty' OR Customer = 'Globex') AND Priority > 5", ['duty-1']],
    ["WorkflowType = 'duty' OR Customer = 'Globex' AND Priority > 5", ['duty-1']],
    ['ORDER BY Priority DESC', ['duty-1', 'process-1', 'process-2', 'process-3']],
    ['ORDER BY Priority', ['process-3', 'process-2', 'process-1', 'duty-1']],
    ["WorkflowType = 'process' ORDER BY StartTime ASC", ['process-1', 'process-2', 'process-3']],
    ['ORDER BY CloseTime DESC, WorkflowId', ['duty-1', 'process-2', 'process-1', 'process-3']],
    // By status number: Running (1), Completed (2), Failed (3); then the default order.
    ['ORDER BY ExecutionStatus', ['process-3', 'process-1', 'process-2', 'duty-1']],
    ['ORDER BY ExecutionStatus DESC, StartTime', ['duty-1', 'process-2', 'process-1', 'process-3']],
  ])('%s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["Unknown = 'x'", "column name 'Unknown' is not a valid search attribute (at position 1)"],
    ["WorkflowId = 'a' ORDER BY Nope", "column name 'Nope' is not a valid search attribute (at position 27)"],
    ['WorkflowId = 5', "invalid value 5 for search attribute 'WorkflowId' of type Keyword"],
    ["ExecutionStatus = 'Sleeping'", "invalid value 'Sleeping' for search attribute 'ExecutionStatus'"],
    ['Priority = 1.5', 'invalid value 1.5'],
    ["Priority = 'many'", "invalid value 'many'"],
    ["StartTime > 'yesterday'", "invalid value 'yesterday' for search attribute 'StartTime' of type Datetime"],
    ['Urgent = 1', 'invalid value 1'],
    ['Urgent > true', "operator '>' is not supported for Bool search attribute 'Urgent'"],
    ["Notes > 'a'", "operator '>' is not supported for Text"],
    ["Notes STARTS_WITH 'a'", 'STARTS_WITH is not supported for Text'],
    ["Tags < 'a'", "operator '<' is not supported for KeywordList"],
    ['Priority STARTS_WITH 1', 'STARTS_WITH is not supported for Int'],
    ['ORDER BY Tags', "cannot ORDER BY KeywordList search attribute 'Tags'"],
    ['ORDER BY Notes', 'cannot ORDER BY Text'],
    ['GROUP BY ExecutionStatus', "'GROUP BY' clause is only supported in a count query"],
  ])('refuses %s', (query, message) => {
    const text = refusal(query);
    expect(text).toMatch(/^invalid query: invalid expression: /);
    expect(text).toContain(message);
  });

  it('allows GROUP BY ExecutionStatus only in counts, and no ORDER BY there', () => {
    expect(compileQuery("WorkflowType = 'x' GROUP BY ExecutionStatus", schema, 'count').groupBy).toEqual([
      'ExecutionStatus',
    ]);
    expect(refusal('GROUP BY WorkflowType', 'count')).toContain(
      "'GROUP BY' clause is only supported for ExecutionStatus"
    );
    expect(refusal('ORDER BY StartTime', 'count')).toContain("'ORDER BY' clause is not supported in a count query");
  });

  it('agrees with a direct check on random Int filters (property)', () => {
    const operators = ['=', '!=', '<', '<=', '>', '>='] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...operators),
        fc.integer({ min: -5, max: 15 }),
        fc.array(fc.option(fc.integer({ min: -5, max: 15 }), { nil: undefined }), { maxLength: 8 }),
        (operator, value, priorities) => {
          const compiled = compileQuery(`Priority ${operator} ${value}`, schema, 'list');
          for (const priority of priorities) {
            const row: VisibilityRow = (name) => (name === 'Priority' ? priority : undefined);
            const expected =
              priority !== undefined &&
              {
                '=': priority === value,
                '!=': priority !== value,
                '<': priority < value,
                '<=': priority <= value,
                '>': priority > value,
                '>=': priority >= value,
              }[operator];
            expect(compiled.matches(row)).toBe(expected);
          }
        }
      ),
      { numRuns: 300 }
    );
  });
});
