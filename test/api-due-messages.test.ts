import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { deadlineText } from '../workflows/i18n/deadline-text';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// A running step's due date explained as message keys (no English sentence), its anchor named in the reader's
// language, through the step, process and live-state routes, on the devserver with the real worker and Postgres.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let assistant: TestUser;
let templateId: string;

// The task is due two business days before a date parameter the template translates into Polish.
const template = {
  ...delegationCycleTemplate,
  parameters: [
    ...delegationCycleTemplate.parameters,
    { name: 'handIn', type: 'date', label: 'Hand-in date', required: true },
  ],
  nodes: delegationCycleTemplate.nodes.map((node) =>
    node.id === 'do-task' ? { ...node, data: { ...node.data, due: 'handIn - 2bd @12:00' } } : node
  ),
  translations: { pl: { 'parameters.handIn.label': 'Termin oddania' } },
};

beforeAll(async () => {
  bed = await startApiTestBed('due-messages');
  h = bed.h;
  manager = await addUser(h.pool, 'manager', 'Marta Manager');
  assistant = await addUser(h.pool, 'assistant', 'Adam Assistant');
  await h.pool.query("UPDATE users SET language = 'pl' WHERE id = $1", [assistant.id]);
  templateId = await publishTemplate(h, manager, 'Hand-in', template);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

interface Clause {
  key: string;
  params: Record<string, string | number>;
}

describe('due explanations of running steps', () => {
  it('serves keys with parameters, the anchor named in the reader’s language, and no English sentence', async () => {
    // Wednesday 13 January 2027: two business days before is Monday 11 January, 12:00 in Warsaw.
    const started = await h.app.request(
      '/api/processes',
      json(
        'POST',
        { templateId, params: { assistant: assistant.id, taskTitle: 'Write it', handIn: '2027-01-13' } },
        bearer(manager)
      )
    );
    expect(started.status).toBe(201);
    const processId = ((await started.json()) as { id: string }).id;
    const step = await eventually(async () => {
      const response = await h.app.request(`/api/inbox?processId=${processId}`, { headers: bearer(assistant) });
      return ((await response.json()) as { items: { id: string }[] }).items[0];
    }, 'the step in the inbox');

    const detail = (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(assistant) })).json()) as {
      dueAt: string;
      dueMessages: Clause[] | null;
      dueExplanation?: unknown;
    };
    expect(detail.dueAt).toBe('2027-01-11T11:00:00.000Z');
    expect(detail).not.toHaveProperty('dueExplanation');
    expect(detail.dueMessages?.[0]).toEqual({
      key: 'offset',
      params: expect.objectContaining({
        due: '2027-01-11T11:00:00.000Z',
        count: 2,
        unit: 'businessDays',
        direction: 'before',
        anchorKind: 'parameter',
        anchorId: 'handIn',
        anchor: 'Termin oddania',
      }) as unknown,
    });
    expect(deadlineText(detail.dueMessages ?? [], 'pl', 'Europe/Warsaw')).toMatch(
      /^pon\., 11 stycznia 12:00: 2 dni robocze przed „Termin oddania”/
    );

    // The manager reads English: the same clauses, the anchor by the template's own label.
    const page = (await (await h.app.request(`/api/processes/${processId}`, { headers: bearer(manager) })).json()) as {
      steps: { nodeId: string; dueMessages: Clause[] | null }[];
    };
    const clauses = page.steps.find((s) => s.nodeId === 'do-task')?.dueMessages;
    expect(clauses?.[0]?.params).toMatchObject({ anchor: 'Hand-in date', anchorId: 'handIn' });
    expect(deadlineText(clauses ?? [], 'en', 'Europe/Warsaw')).toMatch(/2 business days before “Hand-in date” \(/);

    const live = (await (
      await h.app.request(`/api/processes/${processId}/state`, { headers: bearer(assistant) })
    ).json()) as { steps: Record<string, { dueMessages: Clause[] | null; dueExplanation?: unknown }> };
    expect(live.steps['do-task']?.dueMessages?.[0]?.params.anchor).toBe('Termin oddania');
    expect(live.steps['do-task']).not.toHaveProperty('dueExplanation');
  });

  it('says a deadline set by hand has no rule behind it: no clauses', async () => {
    const started = await h.app.request(
      '/api/processes',
      json(
        'POST',
        { templateId, params: { assistant: assistant.id, taskTitle: 'Move it', handIn: '2027-01-13' } },
        bearer(manager)
      )
    );
    const processId = ((await started.json()) as { id: string }).id;
    const step = await eventually(async () => {
      const response = await h.app.request(`/api/inbox?processId=${processId}`, { headers: bearer(assistant) });
      return ((await response.json()) as { items: { id: string }[] }).items[0];
    }, 'the step in the inbox');
    const moved = await h.app.request(
      `/api/steps/${step.id}/actions`,
      json('POST', { type: 'changeDue', due: '2027-01-12T15:00:00.000Z', reason: 'Client asked' }, bearer(manager))
    );
    expect(moved.status).toBe(200);
    const detail = await eventually(async () => {
      const body = (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(assistant) })).json()) as {
        dueAt: string;
        dueMessages: Clause[] | null;
      };
      return body.dueAt === '2027-01-12T15:00:00.000Z' ? body : undefined;
    }, 'the moved deadline');
    expect(detail.dueMessages).toBeNull();
  });
});
