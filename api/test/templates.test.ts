import { deadlineText } from '../../workflows/i18n/deadline-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { eventOrganization } from '../../workflows/template/library';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

let h: Harness;
let manager: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await addUser(h.pool, 'manager');
});
afterAll(async () => h.close());

async function create(draft: unknown = delegationCycleTemplate, headers: Record<string, string> = {}) {
  const response = await h.app.request(
    '/api/templates',
    json('POST', { name: 'Delegation', draft }, bearer(manager, headers))
  );
  expect(response.status).toBe(201);
  return { etag: response.headers.get('etag')!, body: (await response.json()) as { id: string; revision: number } };
}

describe('templates', () => {
  it('updates a draft only with the current ETag', async () => {
    const { etag, body } = await create();
    const url = `/api/templates/${body.id}`;
    const missing = await h.app.request(
      url,
      json('PUT', { name: 'A', draft: delegationCycleTemplate }, bearer(manager))
    );
    expect(missing.status).toBe(428);
    const first = await h.app.request(
      url,
      json('PUT', { name: 'A', draft: delegationCycleTemplate }, bearer(manager, { 'if-match': etag }))
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await h.app.request(
      url,
      json('PUT', { name: 'B', draft: delegationCycleTemplate }, bearer(manager, { 'if-match': etag }))
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    const read = (await (await h.app.request(url, { headers: bearer(manager) })).json()) as { name: string };
    expect(read.name).toBe('A');
  });

  it('previews the timeline of a draft: each step due from the event date, explained, past ones warned', async () => {
    const { body } = await create(eventOrganization);
    const preview = (input: unknown) =>
      h.app.request(`/api/templates/${body.id}/timeline`, json('POST', input, bearer(manager)));
    const response = await preview({ start: '2027-02-01T08:00:00Z', parameters: { eventDate: '2027-03-19' } });
    expect(response.status).toBe(200);
    const timeline = (await response.json()) as {
      calendar: { timeZone: string };
      rows: {
        nodeId: string;
        due: string | null;
        explanationMessages: unknown[] | null;
        warnings: string[];
      }[];
    };
    expect(timeline.calendar.timeZone).toBe('Europe/Warsaw');
    const plan = timeline.rows.find((row) => row.nodeId === 'plan');
    // Two weeks before Friday 19 March 2027, 17:00 in Warsaw.
    expect(plan).toMatchObject({ due: '2027-03-05T16:00:00.000Z', warnings: [] });
    // No finished English sentence: only keys with parameters.
    expect(plan).not.toHaveProperty('explanation');
    // The same explanation as keys with parameters, which a reader's catalog says in their language.
    expect(plan?.explanationMessages?.[0]).toMatchObject({
      key: 'offset',
      params: {
        due: '2027-03-05T16:00:00.000Z',
        count: 10,
        unit: 'businessDays',
        direction: 'before',
        anchorKind: 'parameter',
      },
    });
    expect(deadlineText(plan?.explanationMessages ?? [], 'pl', 'Europe/Warsaw')).toMatch(
      /^pt\., 5 marca 17:00: 10 dni roboczych przed „/
    );
    const dues = timeline.rows.map((row) => row.due ?? '');
    expect(dues).toEqual([...dues].sort());

    // An event date already gone: its deadlines are flagged as past.
    const late = (await (
      await preview({ start: '2020-01-06T08:00:00Z', parameters: { eventDate: '2020-02-14' } })
    ).json()) as { rows: { warnings: string[] }[] };
    expect(late.rows.every((row) => row.warnings.includes('past'))).toBe(true);
    expect((await preview({ start: 'next week' })).status).toBe(422);
    const assistant = await addUser(h.pool, 'assistant');
    const refused = await h.app.request(
      `/api/templates/${body.id}/timeline`,
      json('POST', { start: '2027-02-01T08:00:00Z' }, bearer(assistant))
    );
    expect(refused.status).toBe(403);
  });

  it('validates with explained issues and refuses to publish an invalid draft', async () => {
    const broken = { ...delegationCycleTemplate, edges: [] };
    const { body } = await create(broken);
    const validation = await h.app.request(`/api/templates/${body.id}/validate`, {
      method: 'POST',
      headers: bearer(manager),
    });
    const result = (await validation.json()) as { valid: boolean; issues: { message: string; hint: string }[] };
    expect(result.valid).toBe(false);
    expect(result.issues[0]?.hint).toBeTruthy();
    const publish = await h.app.request(`/api/templates/${body.id}/publish`, {
      method: 'POST',
      headers: bearer(manager),
    });
    expect(publish.status).toBe(422);
  });

  it('takes a JSON request without a body as one without a body', async () => {
    const { body } = await create();
    // A client that says "JSON" and sends nothing (fetch without a body) gets the optional body's defaults, and a
    // route that needs a body names the missing fields: never "Malformed JSON".
    const emptyJson = bearer(manager, { 'content-type': 'application/json', 'content-length': '0' });
    const bare = await h.app.request(`/api/templates/${body.id}/publish`, { method: 'POST', headers: emptyJson });
    expect(bare.status).toBe(201);
    expect(await bare.json()).toMatchObject({ version: 1, releaseNotes: null });
    const nameless = await h.app.request('/api/templates', { method: 'POST', headers: emptyJson });
    expect(nameless.status).toBe(422);
    expect(JSON.stringify(await nameless.json())).toContain('name');
  });

  it('publishes immutable versions, lists and diffs them, archives, exports and imports', async () => {
    const { body } = await create();
    const base = `/api/templates/${body.id}`;
    const v1 = await h.app.request(`${base}/publish`, { method: 'POST', headers: bearer(manager) });
    expect(v1.status).toBe(201);
    expect(await v1.json()).toMatchObject({ version: 1 });
    const again = await h.app.request(`${base}/publish?version=1`, { method: 'POST', headers: bearer(manager) });
    expect(again.status).toBe(409);

    const current = await h.app.request(base, { headers: bearer(manager) });
    const changed = {
      ...delegationCycleTemplate,
      name: 'Delegation v2',
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.id === 'do-task' ? { ...node, position: { x: 999, y: 1 } } : node
      ),
    };
    const saved = await h.app.request(
      base,
      json('PUT', { name: 'Delegation', draft: changed }, bearer(manager, { 'if-match': current.headers.get('etag')! }))
    );
    expect(saved.status).toBe(200);
    const tooLong = await h.app.request(
      `${base}/publish`,
      json('POST', { releaseNotes: 'x'.repeat(5001) }, bearer(manager))
    );
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(await tooLong.json())).toContain('releaseNotes');
    const v2 = await h.app.request(
      `${base}/publish`,
      json('POST', { releaseNotes: '  The task moved on the canvas.  ' }, bearer(manager))
    );
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ version: 2, releaseNotes: 'The task moved on the canvas.' });

    const versions = (await (await h.app.request(`${base}/versions`, { headers: bearer(manager) })).json()) as {
      version: number;
      releaseNotes: string | null;
    }[];
    expect(versions.map((v) => [v.version, v.releaseNotes])).toEqual([
      [1, null],
      [2, 'The task moved on the canvas.'],
    ]);
    expect(await (await h.app.request(`${base}/versions/2`, { headers: bearer(manager) })).json()).toMatchObject({
      releaseNotes: 'The task moved on the canvas.',
    });
    const diff = await (await h.app.request(`${base}/diff?from=1&to=2`, { headers: bearer(manager) })).json();
    expect(diff).toMatchObject({ nodes: { added: [], removed: [], changed: ['do-task'] }, settings: ['name'] });

    const exported = (await (await h.app.request(`${base}/export`, { headers: bearer(manager) })).json()) as {
      versions: unknown[];
    };
    expect(exported.versions).toHaveLength(2);
    const imported = await h.app.request('/api/templates/import', json('POST', exported, bearer(manager)));
    expect(imported.status).toBe(201);
    const copy = (await imported.json()) as { id: string; latestVersion: number };
    expect(copy.latestVersion).toBe(2);

    expect((await h.app.request(`${base}/archive`, { method: 'POST', headers: bearer(manager) })).status).toBe(200);
    expect((await h.app.request(`${base}/archive`, { method: 'POST', headers: bearer(manager) })).status).toBe(409);
    const archived = (await (
      await h.app.request('/api/templates?archived=true', { headers: bearer(manager) })
    ).json()) as {
      items: { id: string }[];
    };
    expect(archived.items.map((t) => t.id)).toEqual([body.id]);
  });

  it('acts once for a retried POST with the same Idempotency-Key', async () => {
    const key = { 'idempotency-key': 'create-once-1' };
    const first = await create(delegationCycleTemplate, key);
    const retry = await h.app.request(
      '/api/templates',
      json('POST', { name: 'Delegation', draft: delegationCycleTemplate }, bearer(manager, key))
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as { id: string }).id).toBe(first.body.id);
    const { rows } = await h.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM templates WHERE name = 'Delegation' AND id = $1",
      [first.body.id]
    );
    expect(rows[0]?.n).toBe(1);
    const reused = await h.app.request(
      '/api/templates',
      json('POST', { name: 'Other', draft: {} }, bearer(manager, key))
    );
    expect(reused.status).toBe(422);
  });

  it('pages with cursors', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/templates?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await h.app.request(url, { headers: bearer(manager) })).json()) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const { rows } = await h.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM templates WHERE archived_at IS NULL'
    );
    expect(seen.size).toBe(rows[0]!.n);
    expect(pages).toBeGreaterThan(1);
    const bad = await h.app.request('/api/templates?cursor=garbage', { headers: bearer(manager) });
    expect(bad.status).toBe(422);
  });
});
