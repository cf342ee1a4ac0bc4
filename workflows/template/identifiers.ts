import { z } from 'zod';

// Node ids follow the deadline text form (`<nodeId>.done`), so they exclude dots and spaces;
// generated React Flow ids such as `task-3` or UUIDs fit.
export const NODE_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
// Variable names are usable unquoted in JSON-logic `var` paths and in the deadline text form.
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const NodeIdSchema = z
  .string()
  .regex(NODE_ID_PATTERN, 'a node id is letters, digits, _ and - (no dots or spaces), e.g. `review-contract`');

export const VariableNameSchema = z
  .string()
  .regex(VARIABLE_NAME_PATTERN, 'a name is letters, digits and _, starting with a letter or _, e.g. `eventDate`');

export const PersonIdSchema = z.string().min(1, 'a person id is required');
export const TeamIdSchema = z.string().min(1, 'a team id is required');

/** Titles shown in the designer and inbox; the template's `name` is the fallback. */
export const LocalizedTextSchema = z.object({
  en: z.string().min(1).optional(),
  pl: z.string().min(1).optional(),
  cs: z.string().min(1).optional(),
  ru: z.string().min(1).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
