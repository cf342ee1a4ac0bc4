import { z } from 'zod';
import type { TemplateInput } from '../../../workflows/template';

// Only the outline is required to open a file: everything else, even invalid, is shown and explained by validation.
const OutlineSchema = z.looseObject({
  name: z.string(),
  nodes: z.array(
    z.looseObject({ id: z.string(), type: z.string(), position: z.object({ x: z.number(), y: z.number() }) })
  ),
  edges: z.array(z.looseObject({ id: z.string(), source: z.string(), target: z.string() })),
});

export type TemplateFileResult = { ok: true; template: TemplateInput } | { ok: false; error: string };

/** Reads an exported template; says what is missing when the file is not a template at all. */
export function parseTemplateFile(text: string): TemplateFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not JSON: ${String(error)}` };
  }
  const outline = OutlineSchema.safeParse(json);
  if (!outline.success) {
    return { ok: false, error: `The file is not a Baton template: ${z.prettifyError(outline.error)}` };
  }
  // Deeper problems (bad node data, dangling edges) are the validator's to report on the canvas.
  return { ok: true, template: outline.data as unknown as TemplateInput };
}
