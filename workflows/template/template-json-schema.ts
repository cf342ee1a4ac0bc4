import { z } from 'zod';
import { TemplateSchema } from './template.schema';

/**
 * JSON Schema (draft 2020-12) of a template as written, for editors and other languages. It
 * describes the input side: deadlines may be text, defaulted fields are optional. Checks that
 * need code (defaults against options, deadline text grammar, graph rules) live in validation.
 */
export function templateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(TemplateSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
