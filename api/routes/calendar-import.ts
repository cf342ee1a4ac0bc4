import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { BusinessCalendarSchema } from '../../workflows/calendar';
import { IcsFormatError, parseIcsDays, previewIcsImport } from '../../workflows/calendar/ics-import';
import type { AppEnv } from '../lib/app-env';
import { ApiError, megabytesOf } from '../lib/api-error';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, security } from '../lib/schemas';

/** An .ics file larger than this is not a holiday list. */
export const MAX_ICS_BYTES = 1_000_000;
const FETCH_TIMEOUT_MS = 10_000;

const DaySchema = z.object({ date: z.string(), summary: z.string() });

export const previewCalendarImport = createRoute({
  method: 'post',
  path: '/api/teams/calendar-import/preview',
  tags: ['People'],
  summary:
    'What importing days off from an iCalendar file or URL would add to a calendar’s company days off, before saving (admins)',
  security,
  middleware: [authorize('admin')] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              calendar: BusinessCalendarSchema,
              ics: z.string().max(MAX_ICS_BYTES).optional().openapi({ description: 'The file’s text' }),
              // Any address parses here; one that is not http(s) is refused by the handler with a reason people read.
              url: z.url().optional().openapi({
                description: 'An http or https address of the file',
                example: 'https://example.com/days-off.ics',
              }),
            })
            .refine((input) => (input.ics === undefined) !== (input.url === undefined), {
              message: 'send either the file’s text (ics) or its address (url)',
            }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The days the import adds, those already off, events skipped, and the calendar as it would be saved',
      content: {
        'application/json': {
          schema: z
            .object({
              added: z.array(DaySchema),
              alreadyOff: z.array(DaySchema),
              skipped: z.array(z.object({ summary: z.string(), reason: z.enum(['recurring', 'noStart', 'tooLong']) })),
              calendar: BusinessCalendarSchema,
            })
            .openapi('CalendarImportPreview'),
        },
      },
    },
    ...errorResponses,
  },
});

/**
 * Fetches an .ics file over http(s) only, giving up after the timeout or past the size limit, so an address typed
 * by an admin cannot hang the API or fill its memory.
 */
export async function fetchIcs(url: string, limits: { timeoutMs?: number; maxBytes?: number } = {}): Promise<string> {
  const { timeoutMs = FETCH_TIMEOUT_MS, maxBytes = MAX_ICS_BYTES } = limits;
  const address = new URL(url);
  if (address.protocol !== 'http:' && address.protocol !== 'https:') {
    throw new ApiError(422, 'Only http and https addresses can be imported', {
      detail: `not ${address.protocol}`,
      code: 'calendarAddressScheme',
    });
  }
  let response: Response;
  try {
    response = await fetch(address, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(422, timedOut ? 'The address did not answer in time' : 'The address cannot be reached', {
      detail: timedOut ? `no answer within ${timeoutMs / 1000} s` : String(error),
      code: timedOut ? 'calendarAddressTimeout' : 'calendarAddressUnreachable',
      params: timedOut ? { seconds: timeoutMs / 1000 } : {},
    });
  }
  if (!response.ok) {
    throw new ApiError(422, 'The address did not give a calendar', {
      detail: `it answered ${response.status}`,
      code: 'calendarAddressAnswered',
      params: { status: response.status },
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(422, 'The calendar file is too large', {
    detail: `at most ${maxBytes} bytes`,
    code: 'calendarTooLarge',
    params: { megabytes: megabytesOf(maxBytes) },
  });
}

export const previewCalendarImportHandler: RouteHandler<typeof previewCalendarImport, AppEnv> = async (c) => {
  const input = c.req.valid('json');
  const text = input.ics ?? (await fetchIcs(input.url ?? ''));
  try {
    const imported = parseIcsDays(text);
    const preview = previewIcsImport(input.calendar, imported);
    return c.json(
      { ...preview, added: [...preview.added], alreadyOff: [...preview.alreadyOff], skipped: [...imported.skipped] },
      200
    );
  } catch (error) {
    if (error instanceof IcsFormatError)
      throw new ApiError(422, 'The file is not a calendar', { detail: error.message, code: 'notACalendar' });
    throw error;
  }
};
