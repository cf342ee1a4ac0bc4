import { invalidArgument, type ServiceError } from '../errors';

/**
 * The Temporal list-filter language (the SQL-like `query` of ListWorkflowExecutions / CountWorkflowExecutions),
 * the subset the devserver supports: comparisons, IN, BETWEEN, STARTS_WITH, AND, OR, parentheses, GROUP BY and
 * ORDER BY. This file is syntax only; search attribute names and value types are checked in evaluate.ts.
 */

export type Literal =
  { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'bool'; value: boolean };

/** A search attribute name as written, with its 1-based position in the query for error messages. */
export interface Column {
  name: string;
  position: number;
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; column: Column; operator: ComparisonOperator; value: Literal }
  | { kind: 'in'; column: Column; negated: boolean; values: Literal[] }
  | { kind: 'between'; column: Column; negated: boolean; low: Literal; high: Literal }
  | { kind: 'startsWith'; column: Column; negated: boolean; prefix: Literal };

export interface OrderBy {
  column: Column;
  descending: boolean;
}

export interface VisibilityQuery {
  where: Condition | null;
  groupBy: Column[];
  orderBy: OrderBy[];
}

type TokenKind = 'identifier' | 'keyword' | 'string' | 'number' | 'operator' | 'punctuation' | 'end';

interface Token {
  kind: TokenKind;
  /** Keywords upper-cased; identifiers and strings unquoted. */
  value: string;
  /** The token as written, for error messages. */
  text: string;
  /** 1-based character position of the token's first character. */
  position: number;
}

const keywords = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'STARTS_WITH',
  'ORDER',
  'GROUP',
  'BY',
  'ASC',
  'DESC',
  'TRUE',
  'FALSE',
]);

export function syntaxError(token: Pick<Token, 'kind' | 'text' | 'position'>, expected: string): ServiceError {
  const near = token.kind === 'end' ? 'end of query' : `'${token.text}'`;
  return invalidArgument(
    `invalid query: syntax error at position ${token.position} near ${near}: expected ${expected}`
  );
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index] ?? '';
    const position = index + 1;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      // Quotes escape with a backslash or by doubling, as in the SQL parser the real server uses.
      let value = '';
      let end = index + 1;
      let closed = false;
      while (end < query.length) {
        const next = query[end] ?? '';
        if (next === '\\' && char !== '`' && end + 1 < query.length) {
          value += query[end + 1] ?? '';
          end += 2;
        } else if (next === char && query[end + 1] === char) {
          value += char;
          end += 2;
        } else if (next === char) {
          closed = true;
          end++;
          break;
        } else {
          value += next;
          end++;
        }
      }
      const text = query.slice(index, end);
      if (!closed) throw syntaxError({ kind: 'string', text, position }, `a closing ${char}`);
      tokens.push({ kind: char === '`' ? 'identifier' : 'string', value, text, position });
      index = end;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(query.slice(index));
    if (number && !/[A-Za-z_]/.test(query[index + number[0].length] ?? '')) {
      tokens.push({ kind: 'number', value: number[0], text: number[0], position });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(index));
    if (word) {
      const upper = word[0].toUpperCase();
      const isKeyword = keywords.has(upper);
      tokens.push({
        kind: isKeyword ? 'keyword' : 'identifier',
        value: isKeyword ? upper : word[0],
        text: word[0],
        position,
      });
      index += word[0].length;
      continue;
    }
    const operator = /^(<=|>=|!=|<>|=|<|>)/.exec(query.slice(index));
    if (operator) {
      const value = operator[0] === '<>' ? '!=' : operator[0];
      tokens.push({ kind: 'operator', value, text: operator[0], position });
      index += operator[0].length;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', value: char, text: char, position });
      index++;
      continue;
    }
    throw syntaxError({ kind: 'operator', text: char, position }, 'a search attribute, value, operator or keyword');
  }
  tokens.push({ kind: 'end', value: '', text: '', position: query.length + 1 });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index] ?? (this.tokens.at(-1) as Token);
  }

  private peek(offset: number): Token {
    return this.tokens[this.index + offset] ?? (this.tokens.at(-1) as Token);
  }

  private isKeyword(value: string, token = this.current): boolean {
    return token.kind === 'keyword' && token.value === value;
  }

  private accept(kind: TokenKind, value?: string): Token | undefined {
    const token = this.current;
    if (token.kind === kind && (value === undefined || token.value === value)) {
      this.index++;
      return token;
    }
    return undefined;
  }

  private expect(kind: TokenKind, value: string, expected: string): Token {
    const token = this.accept(kind, value);
    if (!token) throw syntaxError(this.current, expected);
    return token;
  }

  parseQuery(): VisibilityQuery {
    let where: Condition | null = null;
    if (this.current.kind !== 'end' && !this.isKeyword('ORDER') && !this.isKeyword('GROUP')) {
      where = this.parseOr();
    }
    const groupBy: Column[] = [];
    if (this.accept('keyword', 'GROUP')) {
      this.expect('keyword', 'BY', 'BY after GROUP');
      do groupBy.push(this.parseColumn());
      while (this.accept('punctuation', ','));
    }
    const orderBy: OrderBy[] = [];
    if (this.accept('keyword', 'ORDER')) {
      this.expect('keyword', 'BY', 'BY after ORDER');
      do {
        const column = this.parseColumn();
        let descending = false;
        if (this.accept('keyword', 'DESC')) descending = true;
        else this.accept('keyword', 'ASC');
        orderBy.push({ column, descending });
      } while (this.accept('punctuation', ','));
    }
    if (this.current.kind !== 'end') {
      const expected =
        where || groupBy.length || orderBy.length ? 'AND, OR, GROUP BY, ORDER BY or the end' : 'a condition';
      throw syntaxError(this.current, expected);
    }
    return { where, groupBy, orderBy };
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.accept('keyword', 'OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parsePrimary();
    while (this.accept('keyword', 'AND')) left = { kind: 'and', left, right: this.parsePrimary() };
    return left;
  }

  private parsePrimary(): Condition {
    if (this.accept('punctuation', '(')) {
      const inner = this.parseOr();
      this.expect('punctuation', ')', "')'");
      return inner;
    }
    const column = this.parseColumn();
    const operator = this.accept('operator');
    if (operator)
      return { kind: 'compare', column, operator: operator.value as ComparisonOperator, value: this.parseLiteral() };
    // NOT only as part of NOT IN / NOT BETWEEN / NOT STARTS_WITH.
    const negated =
      this.isKeyword('NOT') && ['IN', 'BETWEEN', 'STARTS_WITH'].some((word) => this.isKeyword(word, this.peek(1)));
    if (negated) this.index++;
    if (this.accept('keyword', 'IN')) {
      this.expect('punctuation', '(', "'(' after IN");
      const values = [this.parseLiteral()];
      while (this.accept('punctuation', ',')) values.push(this.parseLiteral());
      this.expect('punctuation', ')', "',' or ')'");
      return { kind: 'in', column, negated, values };
    }
    if (this.accept('keyword', 'BETWEEN')) {
      const low = this.parseLiteral();
      this.expect('keyword', 'AND', 'AND in BETWEEN ... AND ...');
      return { kind: 'between', column, negated, low, high: this.parseLiteral() };
    }
    if (this.accept('keyword', 'STARTS_WITH'))
      return { kind: 'startsWith', column, negated, prefix: this.parseLiteral() };
    throw syntaxError(this.current, 'a comparison operator (=, !=, <, <=, >, >=), IN, BETWEEN or STARTS_WITH');
  }

  private parseColumn(): Column {
    const token = this.accept('identifier');
    if (!token) throw syntaxError(this.current, 'a search attribute name');
    return { name: token.value, position: token.position };
  }

  private parseLiteral(): Literal {
    const token = this.current;
    if (token.kind === 'string') {
      this.index++;
      return { type: 'string', value: token.value };
    }
    if (token.kind === 'number') {
      this.index++;
      return { type: 'number', value: Number(token.value) };
    }
    if (this.isKeyword('TRUE') || this.isKeyword('FALSE')) {
      this.index++;
      return { type: 'bool', value: token.value === 'TRUE' };
    }
    throw syntaxError(token, 'a value (a quoted string, a number, true or false)');
  }
}

/** Parses a list filter; a syntax error is INVALID_ARGUMENT naming the position and the offending token. */
export function parseQuery(query: string): VisibilityQuery {
  return new Parser(tokenize(query)).parseQuery();
}

function printColumn(column: Column): string {
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(column.name) && !keywords.has(column.name.toUpperCase())) return column.name;
  return `\`${column.name.replaceAll('`', '``')}\``;
}

export function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return `'${literal.value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    case 'number':
      return String(literal.value);
    case 'bool':
      return literal.value ? 'true' : 'false';
  }
}

function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      // Parsing is left-associative and AND binds tighter than OR: parenthesize what would regroup otherwise.
      const left = condition.kind === 'and' && condition.left.kind === 'or';
      const right = condition.right.kind === 'or' || condition.right.kind === condition.kind;
      const wrap = (text: string, paren: boolean) => (paren ? `(${text})` : text);
      return `${wrap(printCondition(condition.left), left)} ${condition.kind.toUpperCase()} ${wrap(printCondition(condition.right), right)}`;
    }
    case 'compare':
      return `${printColumn(condition.column)} ${condition.operator} ${printLiteral(condition.value)}`;
    case 'in':
      return `${printColumn(condition.column)} ${condition.negated ? 'NOT IN' : 'IN'} (${condition.values.map(printLiteral).join(', ')})`;
    case 'between':
      return `${printColumn(condition.column)} ${condition.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${printLiteral(condition.low)} AND ${printLiteral(condition.high)}`;
    case 'startsWith':
      return `${printColumn(condition.column)} ${condition.negated ? 'NOT STARTS_WITH' : 'STARTS_WITH'} ${printLiteral(condition.prefix)}`;
  }
}

/** Prints a query back as list-filter text that parses to the same tree. */
export function printQuery(query: VisibilityQuery): string {
  const parts: string[] = [];
  if (query.where) parts.push(printCondition(query.where));
  if (query.groupBy.length) parts.push(`GROUP BY ${query.groupBy.map(printColumn).join(', ')}`);
  if (query.orderBy.length) {
    parts.push(
      `ORDER BY ${query.orderBy.map((order) => `${printColumn(order.column)}${order.descending ? ' DESC' : ''}`).join(', ')}`
    );
  }
  return parts.join(' ');
}
