import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import type { TemplateInput } from '../workflows/template';
import { clientRequest } from '../workflows/template/library';
import { eventually, expectedDue, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// A client's request and the comments around it, through the HTTP API on the devserver with the real worker.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let assistant: TestUser;
let client: TestUser;
let otherClient: TestUser;
let requestTemplate: string;
let staffOnlyTemplate: string;

const INTERNAL = 'this client always pays late';

beforeAll(async () => {
  bed = await startApiTestBed('client-requests');
  h = bed.h;
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Front office') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'Maria Manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'Anna Assistant', team.rows[0]!.id);
  client = await addUser(h.pool, 'observer', 'Karol Client');
  otherClient = await addUser(h.pool, 'observer', 'Olga Client');
  // The built-in client request, marked "clients may start", its assistant given by default.
  const marked: TemplateInput = {
    ...clientRequest,
    clientsMayStart: true,
    parameters: (clientRequest.parameters ?? []).map((parameter) =>
      parameter.type === 'person' ? { ...parameter, default: assistant.id } : parameter
    ),
  };
  requestTemplate = await publishTemplate(h, manager, 'Client request', marked);
  staffOnlyTemplate = await publishTemplate(h, manager, 'Staff only', clientRequest);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

const post = (user: TestUser, path: string, body: unknown, key?: string) =>
  h.app.request(path, json('POST', body, bearer(user, key === undefined ? {} : { 'idempotency-key': key })));
const getJson = async <T>(user: TestUser, path: string) => {
  const response = await h.app.request(path, { headers: bearer(user) });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};
const openStep = (processId: string) =>
  eventually(async () => {
    const { rows } = await h.pool.query<{ id: string; node_id: string; due_at: Date }>(
      "SELECT id::text, node_id, due_at FROM process_tasks WHERE workflow_id = $1 AND status = 'open'",
      [processId]
    );
    return rows[0];
  }, 'the answer step');
const request = { client: 'Karol Client', request: 'Please resend the March invoice', urgent: false };

describe('who may start a client request', () => {
  it('lets a client send a request from a form marked "clients may start", as its owner, once per key', async () => {
    const forms = await getJson<{
      forms: { templateId: string; parameters: { name: string }[] }[];
      clients: unknown[];
    }>(client, '/api/requests/forms');
    expect(forms.forms.map((form) => form.templateId)).toEqual([requestTemplate]);
    expect(forms.forms[0]!.parameters.map((parameter) => parameter.name)).toEqual(['client', 'request', 'urgent']);
    expect(forms.clients).toEqual([]);
    const sent = await post(client, '/api/processes', { templateId: requestTemplate, params: request }, 'req-1');
    expect(sent.status).toBe(201);
    const process = (await sent.json()) as { id: string; owner: string; starter: string };
    expect([process.owner, process.starter]).toEqual([client.id, client.id]);
    const again = await post(client, '/api/processes', { templateId: requestTemplate, params: request }, 'req-1');
    expect(((await again.json()) as { id: string }).id).toBe(process.id);
    const { rows } = await h.pool.query('SELECT 1 FROM processes WHERE owner = $1', [client.id]);
    expect(rows).toHaveLength(1);
    // The template's default assistant has the step, due 24 hours after the request came in.
    const step = await openStep(process.id);
    const { rows: tasks } = await h.pool.query('SELECT assignee FROM process_tasks WHERE id = $1', [step.id]);
    expect(tasks[0]).toEqual({ assignee: assistant.id });
    const started = (
      await h.pool.query<{ started_at: Date }>('SELECT started_at FROM processes WHERE workflow_id = $1', [process.id])
    ).rows[0]!.started_at;
    // The template's deadline (one business day, in working time) counted from the request's arrival.
    const due = await expectedDue(h, manager, requestTemplate, step.node_id, started, { urgent: 'false' });
    expect(Math.abs(step.due_at.getTime() - due.getTime())).toBeLessThan(60_000);
  });

  it('refuses a client on other templates, for someone else, or naming people', async () => {
    const cases: [string, TestUser, Record<string, unknown>, number | string][] = [
      ['a template not marked', client, { templateId: staffOnlyTemplate, params: request }, 403],
      ['for another client', client, { templateId: requestTemplate, params: request, owner: otherClient.id }, 403],
      [
        'back-dated by a client',
        client,
        { templateId: requestTemplate, params: request, receivedAt: new Date().toISOString() },
        '422 receivedAt',
      ],
      [
        'an assistant without a client',
        assistant,
        { templateId: requestTemplate, params: { ...request, assistant: assistant.id } },
        '422 owner',
      ],
      [
        'an assistant for a non-client',
        assistant,
        { templateId: requestTemplate, params: { ...request, assistant: assistant.id }, owner: manager.id },
        '422 owner',
      ],
      [
        'an assistant on a template not marked',
        assistant,
        { templateId: staffOnlyTemplate, params: { ...request, assistant: assistant.id }, owner: client.id },
        403,
      ],
    ];
    const actual = [];
    for (const [name, user, body] of cases) {
      const response = await post(user, '/api/processes', body);
      const answer = (await response.json()) as { issues?: { path: string }[] };
      actual.push([
        name,
        response.status === 422 ? `422 ${answer.issues?.map((issue) => issue.path).join(',')}` : response.status,
      ]);
    }
    expect(actual).toEqual(cases.map(([name, , , status]) => [name, status]));
  });

  it('lets an assistant log a call on a client’s behalf: the client owns it and the clock runs from the call', async () => {
    const receivedAt = new Date(Date.now() - 3 * 3600_000);
    const response = await post(assistant, '/api/processes', {
      templateId: requestTemplate,
      params: { ...request, assistant: assistant.id },
      owner: client.id,
      receivedAt: receivedAt.toISOString(),
    });
    expect(response.status).toBe(201);
    const process = (await response.json()) as { id: string; owner: string; starter: string; startedAt: string };
    expect([process.owner, process.starter]).toEqual([client.id, assistant.id]);
    expect(new Date(process.startedAt).getTime()).toBe(receivedAt.getTime());
    const step = await openStep(process.id);
    const due = await expectedDue(h, manager, requestTemplate, step.node_id, receivedAt, { urgent: 'false' });
    expect(Math.abs(step.due_at.getTime() - due.getTime())).toBeLessThan(60_000);
  });
});

describe('public and internal comments on a running request', () => {
  it('shows the client the public answer and its own comment, never the internal note, on any route', async () => {
    const started = await post(client, '/api/processes', { templateId: requestTemplate, params: request });
    const { id } = (await started.json()) as { id: string };
    const step = await openStep(id);
    const act = (body: unknown) => post(assistant, `/api/steps/${step.id}/actions`, body);
    // An internal note naming the client tells the client nothing; a public answer is for the client.
    expect((await act({ type: 'comment', text: `${INTERNAL} @Karol Client` })).status).toBe(200);
    expect((await act({ type: 'comment', text: 'We are resending it today', visibility: 'public' })).status).toBe(200);
    expect((await post(client, `/api/processes/${id}/comments`, { text: 'Thank you!' })).status).toBe(201);
    expect((await post(manager, `/api/processes/${id}/comments`, { text: 'Escalate if he calls again' })).status).toBe(
      201
    );
    const audit = await eventually(async () => {
      const page = await getJson<{ items: { action: string; detail: { text?: string; visibility?: string } }[] }>(
        assistant,
        `/api/processes/${id}/audit`
      );
      const comments = page.items.filter((entry) => entry.action === 'commented');
      return comments.length === 4 ? comments : undefined;
    }, 'four comments in the history');
    expect(audit.map((entry) => [entry.detail.text, entry.detail.visibility])).toEqual([
      [`${INTERNAL} @Karol Client`, 'internal'],
      ['We are resending it today', 'public'],
      ['Thank you!', 'public'],
      ['Escalate if he calls again', 'internal'],
    ]);
    const seen = await getJson<{ items: { action: string; detail: { text?: string } }[] }>(
      client,
      `/api/processes/${id}/audit`
    );
    expect(seen.items.filter((entry) => entry.action === 'commented').map((entry) => entry.detail.text)).toEqual([
      'We are resending it today',
      'Thank you!',
    ]);
    const stepView = await h.app.request(`/api/steps/${step.id}`, { headers: bearer(client) });
    const stepText = await stepView.text();
    expect(stepText).toContain('We are resending it today');
    // The assistant hears of the client's comment; nothing internal reaches the client's notices.
    const notices = await h.pool.query<{ recipient: string; subject: string; message: string }>(
      'SELECT recipient, subject, message FROM process_outbox WHERE workflow_id = $1',
      [id]
    );
    expect(notices.rows).toContainEqual(expect.objectContaining({ recipient: assistant.id, message: 'Thank you!' }));
    const toClient = notices.rows.filter((notice) => notice.recipient === client.id);
    for (const text of [INTERNAL, 'Escalate if he calls again']) {
      expect(seen.items.map((entry) => JSON.stringify(entry)).join()).not.toContain(text);
      expect(stepText).not.toContain(text);
      expect(JSON.stringify(toClient)).not.toContain(text);
    }
    const state = await h.app.request(`/api/processes/${id}/state`, { headers: bearer(client) });
    expect(state.status).toBe(403);
  });
});
