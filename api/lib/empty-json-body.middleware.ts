import type { MiddlewareHandler } from 'hono';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * A request that declares a JSON body but sends none (`Content-Length: 0`, as `fetch` does for a POST without a body)
 * is treated as a request without a body. A route whose body is optional (publish, run now…) then runs with its
 * defaults, and a route that needs a body answers 422 with the missing fields, instead of Hono's 400 "Malformed JSON".
 */
export const emptyJsonBody: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header('content-type');
  if (c.req.header('content-length') === '0' && contentType !== undefined && JSON_MEDIA_TYPE.test(contentType)) {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, signal: c.req.raw.signal });
  }
  await next();
};
