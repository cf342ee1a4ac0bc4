import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_REFUSAL_KEYS } from '../../workflows/i18n/api-refusals';
import { REFUSAL_KEYS } from '../../workflows/i18n/refusals';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// A refusal a person can meet carries its reason as a key of the shared catalogs (`code`, `params`), so the web app
// says it in the reader's language; `detail` stays English for API clients.
let h: Harness;
let manager: TestUser;
let observer: TestUser;
const KNOWN = new Set<string>([...REFUSAL_KEYS, ...API_REFUSAL_KEYS]);

beforeAll(async () => {
  h = await createHarness({ maxFileBytes: 3 * 1_048_576 });
  manager = await addUser(h.pool, 'manager');
  observer = await addUser(h.pool, 'observer');
});
afterAll(async () => h.close());

async function problemOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as { code?: string; params?: Record<string, unknown>; detail?: string };
  expect(KNOWN.has(body.code ?? ''), `unknown code ${body.code}`).toBe(true);
  return body;
}

describe('problem codes', () => {
  it('name a wrong password, a missing sign-in and a role that does not allow the action', async () => {
    const wrong = await h.app.request('/api/auth/login', json('POST', { email: manager.email, password: 'nope' }, {}));
    expect(await problemOf(wrong, 401)).toMatchObject({ code: 'wrongPassword' });
    expect(await problemOf(await h.app.request('/api/templates'), 401)).toMatchObject({ code: 'notSignedIn' });
    const byObserver = await h.app.request(
      '/api/templates',
      json('POST', { name: 'X', draft: delegationCycleTemplate }, bearer(observer))
    );
    expect(await problemOf(byObserver, 403)).toMatchObject({ code: 'roleNotAllowed' });
  });

  it('name what does not exist', async () => {
    const template = await h.app.request(`/api/templates/${randomUUID()}`, { headers: bearer(manager) });
    expect(await problemOf(template, 404)).toMatchObject({ code: 'templateNotFound' });
    const process = await h.app.request(`/api/processes/${randomUUID()}`, { headers: bearer(manager) });
    expect(await problemOf(process, 404)).toMatchObject({ code: 'processNotFound' });
  });

  it('name a stale template, a version that is not there and an archived template, with their values', async () => {
    const created = await h.app.request(
      '/api/templates',
      json('POST', { name: 'Delegation', draft: delegationCycleTemplate }, bearer(manager))
    );
    const { id } = (await created.json()) as { id: string };
    const etag = created.headers.get('etag')!;
    const url = `/api/templates/${id}`;
    const put = (tag: string) =>
      h.app.request(
        url,
        json('PUT', { name: 'A', draft: delegationCycleTemplate }, bearer(manager, { 'if-match': tag }))
      );
    expect((await put(etag)).status).toBe(200);
    expect(await problemOf(await put(etag), 412)).toMatchObject({ code: 'templateChanged' });
    const version = await h.app.request(`${url}/versions/7`, { headers: bearer(manager) });
    expect(await problemOf(version, 404)).toMatchObject({ code: 'templateVersionNotFound', params: { version: 7 } });
    expect((await h.app.request(`${url}/archive`, { method: 'POST', headers: bearer(manager) })).status).toBe(200);
    const again = await h.app.request(`${url}/archive`, { method: 'POST', headers: bearer(manager) });
    expect(await problemOf(again, 409)).toMatchObject({ code: 'templateAlreadyArchived' });
  });

  it('name a file over the limit in megabytes, and an empty one', async () => {
    const upload = (bytes: Buffer) =>
      h.app.request('/api/files?name=scan.pdf', {
        method: 'POST',
        headers: bearer(manager, { 'content-type': 'application/pdf' }),
        body: new Uint8Array(bytes),
      });
    const big = await problemOf(await upload(Buffer.alloc(3 * 1_048_576 + 1, 1)), 413);
    expect(big).toMatchObject({ code: 'fileTooLarge', params: { megabytes: 3 } });
    expect(big.detail).toContain('3145728 bytes');
    expect(await problemOf(await upload(Buffer.alloc(0)), 422)).toMatchObject({ code: 'fileEmpty' });
  });

  it('name an unpublished template, a version published already, and values that do not fit', async () => {
    const created = await h.app.request(
      '/api/templates',
      json('POST', { name: 'Delegation', draft: delegationCycleTemplate }, bearer(manager))
    );
    const { id } = (await created.json()) as { id: string };
    const start = () => h.app.request('/api/processes', json('POST', { templateId: id, params: {} }, bearer(manager)));
    expect(await problemOf(await start(), 409)).toMatchObject({ code: 'nothingPublished' });
    const publish = (query = '') =>
      h.app.request(`/api/templates/${id}/publish${query}`, { method: 'POST', headers: bearer(manager) });
    expect((await publish()).status).toBe(201);
    expect(await problemOf(await publish('?version=1'), 409)).toMatchObject({
      code: 'versionAlreadyPublished',
      params: { version: 1, next: 2 },
    });
    // The delegation cycle needs its parameters: the start form's values do not fit.
    expect(await problemOf(await start(), 422)).toMatchObject({ code: 'parametersInvalid' });
  });
});
