import { z } from '@hono/zod-openapi';
import { ApiError } from './api-error';
import { text } from './text';

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: text({ max: 500, trim: false }).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
});

export interface Cursor {
  /** The sort key of the last row of the previous page (an ISO timestamp or a number). */
  after: string;
  id: string;
}

const CursorSchema = z.object({ after: text({ max: 100, trim: false }), id: text({ max: 200, trim: false }) });

/** What a list's cursor holds, so a forged one is refused with a 422 before it reaches a typed SQL parameter. */
export interface CursorShape {
  /** `timestamp`: an ISO instant as `toISOString` writes it; `number`: a finite number; `text`: anything. */
  after?: 'timestamp' | 'number' | 'text';
  /** `uuid`, `digits` (a bigserial id), `workflowId` (`process-<uuid>` and the like), or `text`. */
  id?: 'uuid' | 'digits' | 'workflowId' | 'text';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_PATTERNS = { uuid: UUID, digits: /^\d{1,18}$/, workflowId: /^[\w.:@-]{1,200}$/, text: /^/ } as const;

function fitsShape(cursor: Cursor, shape: CursorShape): boolean {
  if (!ID_PATTERNS[shape.id ?? 'text'].test(cursor.id)) return false;
  switch (shape.after ?? 'text') {
    case 'timestamp': {
      // Only what this API wrote: a round trip through Date gives the same text, so the year fits PostgreSQL.
      const instant = new Date(cursor.after);
      return !Number.isNaN(instant.getTime()) && instant.toISOString() === cursor.after;
    }
    case 'number':
      return cursor.after.trim() !== '' && Number.isFinite(Number(cursor.after));
    case 'text':
      return true;
  }
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(encoded: string | undefined, shape: CursorShape = {}): Cursor | undefined {
  if (encoded === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success || !fitsShape(result.data, shape))
    throw new ApiError(422, 'The request is not valid', {
      code: 'listChanged',
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  return result.data;
}

/** Rows are fetched with `limit + 1` so that the presence of a next page is known without counting. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => Cursor,
  map: (row: Row) => Item
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

export const pageSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
