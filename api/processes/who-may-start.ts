import type pg from 'pg';
import type { AuthUser } from '../lib/app-env';
import { ApiError, forbidden } from '../lib/api-error';
import type { PublishedVersion } from './process-input';

export interface StartRequest {
  params: Record<string, unknown>;
  owner?: string | undefined;
  receivedAt?: string | undefined;
}

/** How far back a request may be logged: its deadlines run from its receipt, so older ones are refused. */
const MAX_RECEIPT_AGE_MS = 30 * 24 * 3600 * 1000;
/** Clocks differ a little: a receipt up to this far ahead counts as now. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const invalid = (path: string, message: string) =>
  new ApiError(422, 'The request is not valid', { issues: [{ path, message }] });

/** Refuses (422) a receipt time in the future or more than 30 days back. */
export function checkReceivedAt(receivedAt: string | undefined): void {
  if (receivedAt === undefined) return;
  const at = new Date(receivedAt).getTime();
  if (at > Date.now() + CLOCK_SKEW_MS) throw invalid('receivedAt', 'a request cannot be received in the future');
  if (at < Date.now() - MAX_RECEIPT_AGE_MS)
    throw invalid('receivedAt', 'a request received more than 30 days ago cannot be logged: start it from now');
}

/**
 * Who may start which published template, and for whom:
 * - managers and admins start any template, for anyone (`owner`);
 * - a client (observer) starts a template marked `clientsMayStart`, for itself only: it is the owner, its request is
 *   received now, and it names nobody (person parameters take their defaults);
 * - an assistant logs a request on a client's behalf: a template marked `clientsMayStart`, with `owner` an active
 *   client (observer) and, when the request came in earlier (a call, a letter), `receivedAt`.
 * Everyone else gets 403 with the rule in words. Returns what the process starts with.
 */
export async function checkStart(
  pool: pg.Pool,
  user: AuthUser,
  published: PublishedVersion,
  request: StartRequest
): Promise<StartRequest> {
  checkReceivedAt(request.receivedAt);
  if (user.role === 'admin' || user.role === 'manager') return request;
  if (published.template.clientsMayStart !== true)
    throw forbidden(
      'Only managers and admins start this template. Clients and assistants (for a client) start templates marked ' +
        '“clients may start”.',
      'onlyStaffStart'
    );
  if (user.role === 'observer') {
    if (request.owner !== undefined && request.owner !== user.id)
      throw forbidden('A client sends requests for itself only.', 'clientOwnRequests');
    if (request.receivedAt !== undefined)
      throw invalid('receivedAt', 'a client’s request is received when it is sent: leave receivedAt out');
    const params = { ...request.params };
    for (const parameter of published.template.parameters) {
      if (parameter.type !== 'person') continue;
      // A client never chooses who works on its request: the template's default does.
      delete params[parameter.name];
      if (parameter.required && parameter.default === undefined)
        throw new ApiError(409, 'This request form is not ready', {
          detail: `Its parameter “${parameter.label ?? parameter.name}” names a person and has no default: a manager must give it one.`,
          code: 'requestFormNotReady',
          params: { parameter: parameter.label ?? parameter.name },
        });
    }
    return { params, owner: user.id };
  }
  if (request.owner === undefined) throw invalid('owner', 'name the client this request is for');
  const client = await pool.query("SELECT 1 FROM users WHERE id = $1 AND role = 'observer' AND NOT disabled", [
    request.owner,
  ]);
  if (client.rowCount === 0) throw invalid('owner', 'not an active client (observer)');
  return request;
}
