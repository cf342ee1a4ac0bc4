import { z } from 'zod';
import { DeadlineParseError, DeadlineSpecSchema, parseDeadline } from '../deadline/deadline-spec';

/** Marks a zod issue raised by a deadline text that does not parse, so validation can give it its own code. */
export const DEADLINE_PARSE_ISSUE = 'baton/deadline-parse';

const DeadlineTextSchema = z
  .string()
  .describe('A deadline in text form, e.g. "start + 3bd", "eventDate - 14d", "occurrence @17:00"')
  .transform((text, ctx) => {
    try {
      return parseDeadline(text);
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
