import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook requests carry `X-Baton-Timestamp` and `X-Baton-Signature: sha256=<hex>`, an HMAC-SHA256 of
// `<timestamp>.<raw body>` with the endpoint's secret; the timestamp lets receivers refuse replays.

export const SIGNATURE_HEADER = 'x-baton-signature';
export const TIMESTAMP_HEADER = 'x-baton-timestamp';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a received webhook: the signature must match and the timestamp be within `toleranceSeconds` of `now`.
 * Receivers (and Baton's tests) use it as is.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {}
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const received = Buffer.from(headers.signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
