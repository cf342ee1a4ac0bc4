import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// A bank account typed into a sensitive field, and one typed into free text, through the HTTP API on the devserver
// with the real worker: neither reaches the audit, the notices (emails, webhooks) or anyone but assignee and reviewer.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let assistant: TestUser;
let colleague: TestUser;
let client: TestUser;
let templateId: string;

const IBAN = 'PL61 1090 1014 0000 0712 1981 2874';
const IBAN_DIGITS = '109010140000071219812874';
const OTHER_IBAN = 'DE89370400440532013000';
const CARD = '4111 1111 1111 1111';

beforeAll(async () => {
  bed = await startApiTestBed('sensitive');
  h = bed.h;
  manager = await addUser(h.pool, 'manager', 'Maria Manager');
  assistant = await addUser(h.pool, 'assistant', 'Anna Assistant');
  colleague = await addUser(h.pool, 'assistant', 'Celina Colleague');
  client = await addUser(h.pool, 'observer', 'Karol Client');
  templateId = await publishTemplate(h, manager, 'Refund', {
    schemaVersion: 1,
    id: 'refund',
    name: 'Refund',
    calendarId: 'pl',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'refund',
        type: 'task',
        position: { x: 1, y: 0 },
        data: {
          title: 'Refund the client',
          assignee: { kind: 'person', personId: assistant.id },
          reviewer: { kind: 'person', personId: manager.id },
          form: [
            { name: 'account', label: 'Client’s bank account', type: 'text', required: true, sensitive: 'iban' },
            { name: 'note', label: 'Note', type: 'text' },
          ],
        },
      },
      { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'refund' },
      { id: 'e2', source: 'refund', target: 'end' },
    ],
  });
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

const post = (user: TestUser, path: string, body: unknown) => h.app.request(path, json('POST', body, bearer(user)));
const stepOf = (processId: string, status: string) =>
  eventually(async () => {
    const { rows } = await h.pool.query<{ id: string }>(
      'SELECT id::text FROM process_tasks WHERE workflow_id = $1 AND status = $2',
      [processId, status]
    );
    return rows[0]?.id;
  }, `a step ${status}`);

describe('sensitive form fields', () => {
  it('keeps an IBAN out of the audit, the notices and everyone but the assignee and reviewer, then erases it', async () => {
    const started = await post(manager, '/api/processes', { templateId, params: {}, owner: client.id });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    let step = await stepOf(id, 'open');
    expect((await post(assistant, `/api/steps/${step}/actions`, { type: 'start' })).status).toBe(200);
    // Free text with an IBAN and a card number is masked too; the manager's return comment (a notice) as well.
    expect(
      (
        await post(assistant, `/api/steps/${step}/actions`, {
          type: 'comment',
          text: `Card ${CARD}?`,
          visibility: 'public',
        })
      ).status
    ).toBe(200);
    const submit = (account: string) =>
      post(assistant, `/api/steps/${step}/actions`, {
        type: 'submit',
        values: { account, note: `also ${OTHER_IBAN}` },
      });
    expect((await submit(IBAN)).status).toBe(200);
    step = await stepOf(id, 'inReview');
    expect(
      (await post(manager, `/api/steps/${step}/actions`, { type: 'returnForRework', comment: `Use ${IBAN} exactly` }))
        .status
    ).toBe(200);
    step = await stepOf(id, 'open');
    expect((await post(assistant, `/api/steps/${step}/actions`, { type: 'start' })).status).toBe(200);
    expect((await submit(IBAN)).status).toBe(200);

    // Everything Baton wrote down: the history, the outbox (emails, webhooks, in-app) and the process row.
    const written = async () => {
      const tables = await Promise.all([
        h.pool.query('SELECT detail FROM process_audit WHERE workflow_id = $1', [id]),
        h.pool.query('SELECT subject, message FROM process_outbox WHERE workflow_id = $1', [id]),
        h.pool.query('SELECT params FROM processes WHERE workflow_id = $1', [id]),
        h.pool.query('SELECT data FROM user_events WHERE workflow_id = $1', [id]),
      ]);
      return JSON.stringify(tables.map((table) => table.rows));
    };
    // The second round is in review once its submission (and the history entry before it) is written.
    step = await stepOf(id, 'inReview');
    const record = await written();
    const outbox = await h.pool.query<{ message: string }>(
      'SELECT message FROM process_outbox WHERE workflow_id = $1',
      [id]
    );
    expect(outbox.rows.map((row) => row.message)).toContain('Use ••••2874 exactly');
    for (const secret of [IBAN, IBAN_DIGITS, OTHER_IBAN, CARD, '4111111111111111'])
      expect(record).not.toContain(secret);
    expect(record).toContain('••••2874');
    expect(record).toContain('••••3000');
    expect(record).toContain('••••1111');

    // The assignee and the reviewer read the value; a colleague (not on the step), the client and the audit do not.
    const stepView = async (user: TestUser) => {
      const response = await h.app.request(`/api/steps/${step}`, { headers: bearer(user) });
      return { status: response.status, text: await response.text() };
    };
    for (const user of [assistant, manager]) {
      const view = await stepView(user);
      expect(view.status).toBe(200);
      expect(JSON.parse(view.text)).toMatchObject({
        sensitiveValues: [
          { round: 1, field: 'account', kind: 'iban', value: IBAN },
          { round: 2, field: 'account', kind: 'iban', value: IBAN },
        ],
      });
    }
    const clientView = await stepView(client);
    expect(clientView.status).toBe(200);
    expect(JSON.parse(clientView.text)).toMatchObject({ sensitiveValues: [] });
    expect(clientView.text).not.toContain(IBAN);
    expect((await stepView(colleague)).status).toBe(403);
    const audit = await h.app.request(`/api/processes/${id}/audit`, { headers: bearer(manager) });
    expect(await audit.text()).not.toContain(IBAN);

    // Erased only once the process is closed, never by its client.
    const erase = (user: TestUser) => post(user, `/api/processes/${id}/sensitive-values/erase`, {});
    expect((await erase(manager)).status).toBe(409);
    expect((await post(manager, `/api/steps/${step}/actions`, { type: 'approve' })).status).toBe(200);
    await eventually(
      async () =>
        (await h.pool.query("SELECT 1 FROM processes WHERE workflow_id = $1 AND status = 'completed'", [id]))
          .rowCount || undefined,
      'the process completed'
    );
    expect((await erase(client)).status).toBe(403);
    const erased = await erase(manager);
    expect(await erased.json()).toEqual({ processId: id, erased: 2 });
    const after = JSON.parse((await stepView(assistant)).text) as { sensitiveValues: { value: string | null }[] };
    expect(after.sensitiveValues.map((entry) => entry.value)).toEqual([null, null]);
    const { rows } = await h.pool.query('SELECT value FROM step_sensitive_values WHERE workflow_id = $1', [id]);
    expect(JSON.stringify(rows)).not.toContain(IBAN_DIGITS.slice(-8));
  });
});
