import { invalidArgument, type ServiceError } from '../errors';
import { parseQuery, printLiteral, type Column, type Condition, type Literal } from './query';
import type { SearchAttributeType, SearchValue } from './search-attributes';

/** A run as visibility sees it: the value of a search attribute by name, undefined when the run has none. */
export type VisibilityRow = (name: string) => SearchValue | undefined;

/** The type of a search attribute known in the namespace (system or registered), undefined when unknown. */
export type SearchAttributeSchema = (name: string) => SearchAttributeType | undefined;

export interface CompiledQuery {
  matches(row: VisibilityRow): boolean;
  /** The query's ORDER BY, then the server's default order (open runs first, latest close, latest start). */
  compare(a: VisibilityRow, b: VisibilityRow): number;
  groupBy: string[];
}

/** Status names as the filter language spells them, indexed by the WorkflowExecutionStatus enum value. */
export const executionStatusNames = [
  'Unspecified',
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;

function statusNumber(name: string): number {
  return (executionStatusNames as readonly string[]).indexOf(name);
}

function expressionError(message: string, column: Column): ServiceError {
  return invalidArgument(`invalid query: invalid expression: ${message} (at position ${column.position})`);
}

type Scalar = string | number | boolean;

/** Converts a literal to the attribute's type, as the real server's query converter does. */
function coerce(literal: Literal, type: SearchAttributeType, column: Column): Scalar {
  const bad = () =>
    expressionError(
      `invalid value ${printLiteral(literal)} for search attribute '${column.name}' of type ${type}`,
      column
    );
  if (column.name === 'ExecutionStatus') {
    const name =
      literal.type === 'number'
        ? executionStatusNames[literal.value]
        : executionStatusNames.find((status) => literal.type === 'string' && status === literal.value);
    if (!name || name === 'Unspecified') throw bad();
    // Compared as the enum number, as the real server stores it (so ranges and ORDER BY follow the enum).
    return executionStatusNames.indexOf(name);
  }
  switch (type) {
    case 'Keyword':
    case 'Text':
    case 'KeywordList':
      if (literal.type !== 'string') throw bad();
      return literal.value;
    case 'Int':
    case 'Double': {
      const value = literal.type === 'number' ? literal.value : literal.type === 'string' ? Number(literal.value) : NaN;
      if (literal.type === 'string' && literal.value.trim() === '') throw bad();
      if (!Number.isFinite(value) || (type === 'Int' && !Number.isInteger(value))) throw bad();
      return value;
    }
    case 'Bool':
      if (literal.type === 'bool') return literal.value;
      if (literal.type === 'string' && /^(true|false)$/i.test(literal.value))
        return literal.value.toLowerCase() === 'true';
      throw bad();
    case 'Datetime': {
      // Strings are RFC 3339 times; integers are nanoseconds since the epoch, as on the real server.
      const ms =
        literal.type === 'string' ? Date.parse(literal.value) : literal.type === 'number' ? literal.value / 1e6 : NaN;
      if (Number.isNaN(ms)) throw bad();
      return ms;
    }
  }
}

function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

type Predicate = (row: VisibilityRow) => boolean;

const rangeOperators = new Set(['<', '<=', '>', '>=']);

function compileCondition(condition: Condition, schema: SearchAttributeSchema): Predicate {
  if (condition.kind === 'and' || condition.kind === 'or') {
    const left = compileCondition(condition.left, schema);
    const right = compileCondition(condition.right, schema);
    return condition.kind === 'and' ? (row) => left(row) && right(row) : (row) => left(row) || right(row);
  }
  const { column } = condition;
  const type = schema(column.name);
  if (!type) throw expressionError(`column name '${column.name}' is not a valid search attribute`, column);
  const name = column.name;
  const notAllowed = (what: string) =>
    expressionError(`${what} is not supported for ${type} search attribute '${name}'`, column);
  // Absent values never match, negated or not: SQL NULL semantics, as the devserver's SQL visibility has.
  const present = (row: VisibilityRow) => {
    const value = row(name);
    return name === 'ExecutionStatus' && typeof value === 'string' ? statusNumber(value) : value;
  };

  switch (condition.kind) {
    case 'compare': {
      const { operator } = condition;
      const value = coerce(condition.value, type, column);
      if (type === 'Text') {
        if (rangeOperators.has(operator)) throw notAllowed(`operator '${operator}'`);
        // Text is full-text matched: every word of the value must occur in the attribute.
        const wanted = words(String(value));
        return (row) => {
          const actual = present(row);
          if (typeof actual !== 'string') return false;
          const have = new Set(words(actual));
          const found = wanted.length ? wanted.every((word) => have.has(word)) : actual === value;
          return operator === '=' ? found : !found;
        };
      }
      if (type === 'KeywordList') {
        if (rangeOperators.has(operator)) throw notAllowed(`operator '${operator}'`);
        return (row) => {
          const actual = present(row);
          if (!Array.isArray(actual)) return false;
          return actual.includes(String(value)) === (operator === '=');
        };
      }
      if (type === 'Bool' && rangeOperators.has(operator)) throw notAllowed(`operator '${operator}'`);
      return (row) => {
        const actual = present(row);
        if (actual === undefined || Array.isArray(actual)) return false;
        const order = compareScalars(actual, value);
        switch (operator) {
          case '=':
            return order === 0;
          case '!=':
            return order !== 0;
          case '<':
            return order < 0;
          case '<=':
            return order <= 0;
          case '>':
            return order > 0;
          case '>=':
            return order >= 0;
        }
      };
    }
    case 'in': {
      if (type === 'Text') throw notAllowed('IN');
      const values = condition.values.map((literal) => coerce(literal, type, column));
      return (row) => {
        const actual = present(row);
        if (actual === undefined) return false;
        const list: Scalar[] = Array.isArray(actual) ? actual : [actual];
        const found = list.some((item) => values.some((value) => compareScalars(item, value) === 0));
        return found !== condition.negated;
      };
    }
    case 'between': {
      if (type === 'Text' || type === 'KeywordList' || type === 'Bool') throw notAllowed('BETWEEN');
      const low = coerce(condition.low, type, column);
      const high = coerce(condition.high, type, column);
      return (row) => {
        const actual = present(row);
        if (actual === undefined || Array.isArray(actual)) return false;
        const inside = compareScalars(actual, low) >= 0 && compareScalars(actual, high) <= 0;
        return inside !== condition.negated;
      };
    }
    case 'startsWith': {
      if (type !== 'Keyword' && type !== 'KeywordList') throw notAllowed('STARTS_WITH');
      const prefix = coerce(condition.prefix, type, column);
      if (typeof prefix !== 'string') throw notAllowed('STARTS_WITH');
      return (row) => {
        const actual = present(row);
        if (actual === undefined) return false;
        const list = Array.isArray(actual) ? actual : [String(actual)];
        return list.some((item) => item.startsWith(prefix)) !== condition.negated;
      };
    }
  }
}

/** Absent values sort lowest (ascending puts them first), as in SQL. */
function compareNullable(a: SearchValue | undefined, b: SearchValue | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
  if (Array.isArray(a) || Array.isArray(b)) return 0;
  return compareScalars(a, b);
}

/** Open runs first, then latest close, latest start, run id: the real server's default visibility order. */
export function defaultOrder(a: VisibilityRow, b: VisibilityRow): number {
  const closeA = a('CloseTime');
  const closeB = b('CloseTime');
  if ((closeA === undefined) !== (closeB === undefined)) return closeA === undefined ? -1 : 1;
  return (
    -compareNullable(closeA, closeB) ||
    -compareNullable(a('StartTime'), b('StartTime')) ||
    compareNullable(a('RunId'), b('RunId'))
  );
}

/**
 * Parses and checks a list filter against the namespace's search attributes. `count` allows GROUP BY
 * ExecutionStatus and refuses ORDER BY; `list` the other way round, like the real server.
 */
export function compileQuery(text: string, schema: SearchAttributeSchema, purpose: 'list' | 'count'): CompiledQuery {
  const query = parseQuery(text);
  const matches = query.where ? compileCondition(query.where, schema) : () => true;
  for (const column of [...query.groupBy, ...query.orderBy.map((order) => order.column)]) {
    if (!schema(column.name))
      throw expressionError(`column name '${column.name}' is not a valid search attribute`, column);
  }
  if (purpose === 'list' && query.groupBy.length) {
    throw expressionError("'GROUP BY' clause is only supported in a count query", query.groupBy[0] as Column);
  }
  if (purpose === 'count' && query.orderBy.length) {
    throw expressionError(
      "'ORDER BY' clause is not supported in a count query",
      (query.orderBy[0] as { column: Column }).column
    );
  }
  for (const column of query.groupBy) {
    if (column.name !== 'ExecutionStatus' || query.groupBy.length > 1) {
      throw expressionError("'GROUP BY' clause is only supported for ExecutionStatus", column);
    }
  }
  for (const { column } of query.orderBy) {
    const type = schema(column.name);
    if (type === 'Text' || type === 'KeywordList') {
      throw expressionError(`cannot ORDER BY ${type} search attribute '${column.name}'`, column);
    }
  }
  const orderBy = query.orderBy;
  return {
    matches,
    compare: (a, b) => {
      for (const { column, descending } of orderBy) {
        const value = (row: VisibilityRow) => {
          const found = row(column.name);
          return column.name === 'ExecutionStatus' && typeof found === 'string' ? statusNumber(found) : found;
        };
        const order = compareNullable(value(a), value(b));
        if (order !== 0) return descending ? -order : order;
      }
      return defaultOrder(a, b);
    },
    groupBy: query.groupBy.map((column) => column.name),
  };
}
