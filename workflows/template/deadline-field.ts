import { z } from 'zod';
import { DeadlineParseError, DeadlineSpecSchema, parseDeadline } from '../deadline/deadline-spec';
import type { DeadlineSpec } from '../deadline/deadline-spec';

/** Marks a zod issue raised by a deadline text that does not parse, so validation can give it its own code. */
export const DEADLINE_PARSE_ISSUE = 'baton/deadline-parse';

// Templates repeat the same few deadline texts many times; parsing is pure, so remember results
// (bounded) and hand out copies, since parsed templates may be edited in place.
const parsedTexts = new Map<string, DeadlineSpec>();
const PARSED_TEXTS_LIMIT = 2000;

function parseDeadlineCached(text: string): DeadlineSpec {
  let spec = parsedTexts.get(text);
  if (spec === undefined) {
    spec = parseDeadline(text);
    if (parsedTexts.size >= PARSED_TEXTS_LIMIT) parsedTexts.clear();
    parsedTexts.set(text, spec);
  }
  const copy: DeadlineSpec = { anchor: { ...spec.anchor } };
  if (spec.offset !== undefined) copy.offset = { ...spec.offset };
  if (spec.timeOfDay !== undefined) copy.timeOfDay = spec.timeOfDay;
  if (spec.anyDay === true) copy.anyDay = true;
  return copy;
}

const DeadlineTextSchema = z
  .string()
  .describe('A deadline in text form, e.g. "start + 3bd", "eventDate - 14d", "occurrence @17:00"')
  .transform((text, ctx) => {
    try {
      return parseDeadlineCached(text);
    } catch (error) {
      if (!(error instanceof DeadlineParseError)) throw error;
      ctx.issues.push({
        code: 'custom',
        input: text,
        message: error.message,
        params: { baton: DEADLINE_PARSE_ISSUE, position: error.position },
      });
      return z.NEVER;
    }
  });

/**
 * A deadline written either as the structured object or as its text form; both parse to the
 * structured `DeadlineSpec`, so everything after the schema sees one shape.
 */
// Text first: it is the common form in stored templates, and a union stops at the first match.
export const DeadlineFieldSchema = z.union([DeadlineTextSchema, DeadlineSpecSchema]);
