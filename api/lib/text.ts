import { z } from '@hono/zod-openapi';

/**
 * The one schema for text a client sends, and the one check for JSON documents it sends (drafts, parameters, form
 * values, schedules). PostgreSQL cannot store NUL in text or jsonb, and a lone UTF-16 surrogate has no UTF-8
 * encoding: such text would pass the API and then fail every write of it (an audit row, a task row) forever, so it
 * is refused here with a 422 naming the field.
 */

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000); remove it';
export const SURROGATE_MESSAGE =
  'must be well-formed Unicode text; it contains half of a character (a lone UTF-16 surrogate)';

/** Why a string cannot be stored, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return undefined;
}

/** The text storable in PostgreSQL: NUL removed and lone surrogates replaced by U+FFFD (for defence in depth). */
export function storableText(value: string): string {
  return value
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export interface TextOptions {
  /** Fewest characters after trimming; 0 by default. */
  min?: number;
  /** Most characters after trimming. */
  max: number;
  /** Whether leading and trailing white space is removed; true by default (passwords keep theirs). */
  trim?: boolean;
}

/** A text field: no NUL, well-formed UTF-16, trimmed, with length limits that say what to fix. */
export function text({ min = 0, max, trim = true }: TextOptions) {
  const checked = z.string().superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, abort: true });
  });
  const trimmed = trim ? checked.trim() : checked;
  const minimum =
    min > 0 ? trimmed.min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters long`) : trimmed;
  return minimum.max(max, `must be at most ${max} characters long`);
}

/** How deep a JSON document may nest: templates nest a few levels; thousands would overflow the stack. */
export const MAX_JSON_DEPTH = 64;
/** Most characters of one string inside a JSON document (a label, an instruction, a form value). */
export const MAX_JSON_STRING = 100_000;
/** Most characters of a key inside a JSON document (a node id, a parameter or field name). */
export const MAX_JSON_KEY = 1_000;

interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first problem of a JSON value: too deep, or a string (value or key) that is not storable. Iterative, so a
 * document nested many thousand levels is answered, not a stack overflow.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem !== undefined) return { path, message: problem };
      if (current.length > MAX_JSON_STRING)
        return { path, message: `must be at most ${MAX_JSON_STRING} characters long` };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= maxDepth)
      return { path, message: `nests deeper than ${maxDepth} levels; a Baton document is much flatter` };
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const problem =
        textProblem(key) ?? (key.length > MAX_JSON_KEY ? `must be at most ${MAX_JSON_KEY} characters long` : undefined);
      if (problem !== undefined) return { path: [...path, key], message: `the key ${problem}` };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return undefined;
}

/** Adds the check of {@link jsonProblem} to a schema of a JSON document, the issue naming the field. */
export function safeJson<T extends z.ZodType>(schema: T, maxDepth = MAX_JSON_DEPTH): T {
  return schema.superRefine((value, ctx) => {
    const problem = jsonProblem(value, maxDepth);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  }) as unknown as T;
}
