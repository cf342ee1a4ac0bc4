import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Harness, type TestUser } from '../api/test/harness';
import type { TemplateInput } from '../workflows/template';
import { clientRequest } from '../workflows/template/library';
import { signWebhook } from '../worker/outbox/webhook-signature';
import { eventually, expectedDue, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// A client request by signed webhook, through the HTTP API on the devserver with the real worker.
const SECRET = 'intake-secret-for-tests-0123456789';
let bed: ApiTestBed;
let h: Harness;
let client: TestUser;
let assistant: TestUser;
let manager: TestUser;
let templateId: string;

beforeAll(async () => {
  bed = await startApiTestBed('intake', 10, { intakeSecret: SECRET });
  h = bed.h;
  manager = await addUser(h.pool, 'manager', 'Maria Manager');
  assistant = await addUser(h.pool, 'assistant', 'Anna Assistant');
  client = await addUser(h.pool, 'observer', 'Karol Client');
  const marked: TemplateInput = {
    ...clientRequest,
    clientsMayStart: true,
    parameters: (clientRequest.parameters ?? []).map((parameter) =>
      parameter.type === 'person' ? { ...parameter, default: assistant.id } : parameter
    ),
  };
  templateId = await publishTemplate(h, manager, 'Client request', marked);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

const deliver = (body: unknown, sign: { secret?: string; timestamp?: number; tamper?: boolean } = {}) => {
  const raw = JSON.stringify(body);
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signWebhook(sign.secret ?? SECRET, timestamp, raw);
  return h.app.request('/api/intake/webhook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-baton-timestamp': String(timestamp),
      'x-baton-signature': signature,
    },
    body: sign.tamper ? raw.replace('invoice', 'refund!') : raw,
  });
};
const request = (id: string) => ({
  id,
  client: { email: client.email.toUpperCase() },
  params: { client: 'Karol Client', request: 'Please resend the March invoice', urgent: false },
});

describe('the inbound request webhook', () => {
  it('starts one process for the client per delivery id, however often it is delivered', async () => {
    const receivedAt = new Date(Date.now() - 2 * 3600_000);
    const first = await deliver({ ...request('msg-1'), receivedAt: receivedAt.toISOString() });
    expect(first.status).toBe(201);
    const { processId } = (await first.json()) as { processId: string };
    const again = await Promise.all([deliver(request('msg-1')), deliver(request('msg-1'))]);
    for (const answer of again) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ processId, duplicate: true });
    }
    const { rows } = await h.pool.query<{ owner: string; starter: string; started_at: Date }>(
      'SELECT owner, starter, started_at FROM processes'
    );
    expect(rows).toEqual([{ owner: client.id, starter: client.id, started_at: receivedAt }]);
    // The template's assistant has the answer step, due as the template says counted from the request's arrival.
    const step = await eventually(async () => {
      const tasks = await h.pool.query<{ assignee: string; node_id: string; due_at: Date }>(
        'SELECT assignee, node_id, due_at FROM process_tasks WHERE workflow_id = $1',
        [processId]
      );
      return tasks.rows[0];
    }, 'the answer step');
    expect(step.assignee).toBe(assistant.id);
    const due = await expectedDue(h, manager, templateId, step.node_id, receivedAt, { urgent: 'false' });
    expect(Math.abs(step.due_at.getTime() - due.getTime())).toBeLessThan(60_000);
  });

  it('refuses a bad signature, a stale one and a missing one with 401 and a reason, starting nothing', async () => {
    const cases = [
      ['wrong secret', await deliver(request('msg-2'), { secret: 'another-secret-0123456789' })],
      ['body changed after signing', await deliver(request('msg-2'), { tamper: true })],
      ['ten minutes old', await deliver(request('msg-2'), { timestamp: Math.floor(Date.now() / 1000) - 600 })],
      [
        'unsigned',
        await h.app.request('/api/intake/webhook', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request('msg-2')),
        }),
      ],
    ] as const;
    const answers = [];
    for (const [name, response] of cases) {
      const problem = (await response.json()) as { detail?: string };
      answers.push([name, response.status, typeof problem.detail === 'string' && problem.detail.length > 20]);
    }
    expect(answers).toEqual(cases.map(([name]) => [name, 401, true]));
    const { rows } = await h.pool.query('SELECT 1 FROM processes');
    expect(rows).toHaveLength(1);
  });

  it('names what is wrong with a signed delivery: an unknown client, bad parameters', async () => {
    const unknown = await deliver({ ...request('msg-3'), client: { email: 'nobody@example.com' } });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain('client.email');
    const bad = await deliver({ ...request('msg-4'), params: { client: 'Karol' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('params.request');
  });
});
