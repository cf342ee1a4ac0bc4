import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// Editing and ending absences through the HTTP API, on the devserver with the real worker and Postgres: the steps of
// running processes follow (to the new deputy, back to the person), for assignees and reviewers alike.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let manager2: TestUser;
let assistant: TestUser;
let deputy: TestUser;
let deputy2: TestUser;
let templateId: string;

beforeAll(async () => {
  bed = await startApiTestBed('absence');
  h = bed.h;
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  const teamId = team.rows[0]!.id;
  manager = await addUser(h.pool, 'manager', 'Marta Manager', teamId);
  manager2 = await addUser(h.pool, 'manager', 'Nina Second', teamId);
  assistant = await addUser(h.pool, 'assistant', 'Anna Assistant', teamId);
  deputy = await addUser(h.pool, 'assistant', 'Bart Deputy', teamId);
  deputy2 = await addUser(h.pool, 'assistant', 'Cleo Deputy', teamId);
  templateId = await publishTemplate(h, manager, 'Delegation', delegationCycleTemplate);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

interface InboxItem {
  id: string;
  round: number;
  status: string;
  as: string;
  assignee: string;
  reviewer: string | null;
  actingFor: string | null;
  actingForName: string | null;
  reviewerActingFor: string | null;
  reviewerActingForName: string | null;
}

async function inbox(user: TestUser, processId: string): Promise<InboxItem[]> {
  const response = await h.app.request(`/api/inbox?processId=${processId}`, { headers: bearer(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: InboxItem[] }).items;
}

const holding = (user: TestUser, processId: string, match: (item: InboxItem) => boolean, what: string) =>
  eventually(async () => (await inbox(user, processId)).find(match), what);

const act = (user: TestUser, stepId: string, body: unknown) =>
  h.app.request(`/api/steps/${stepId}/actions`, json('POST', body, bearer(user)));

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function start(title: string): Promise<string> {
  const response = await h.app.request(
    '/api/processes',
    json('POST', { templateId, params: { assistant: assistant.id, taskTitle: title } }, bearer(manager))
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function audits(processId: string, action: string) {
  const { rows } = await h.pool.query<{ detail: Record<string, unknown> }>(
    'SELECT detail FROM process_audit WHERE workflow_id = $1 AND action = $2 ORDER BY id',
    [processId, action]
  );
  return rows.map((row) => row.detail);
}

describe('editing and ending absences', () => {
  it('moves the step to the new deputy when the absence is edited, and back to the person when it is ended early', async () => {
    const processId = await start('Renew the lease');
    await holding(assistant, processId, (item) => item.status === 'open', 'the step with the assistant');
    const recorded = await h.app.request(
      `/api/users/${assistant.id}/absences`,
      json('POST', { startsOn: day(-1), endsOn: day(5), deputyId: deputy.id }, bearer(manager))
    );
    expect(recorded.status).toBe(201);
    const absence = (await recorded.json()) as { id: string };
    const withDeputy = await holding(deputy, processId, (item) => item.status === 'open', 'the step with the deputy');
    expect(withDeputy).toMatchObject({ actingFor: assistant.id, actingForName: 'Anna Assistant' });

    // Another deputy: the step follows at once.
    const edited = await h.app.request(
      `/api/users/${assistant.id}/absences/${absence.id}`,
      json('PATCH', { deputyId: deputy2.id }, bearer(manager))
    );
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ deputyId: deputy2.id, handOver: { failed: [] } });
    await holding(deputy2, processId, (item) => item.actingFor === assistant.id, 'the step with the new deputy');
    expect(await inbox(deputy, processId)).toEqual([]);

    // Ended early: the assistant has the step again, without the mark; audited and told.
    const ended = await h.app.request(
      `/api/users/${assistant.id}/absences/${absence.id}/end`,
      json('POST', {}, bearer(manager))
    );
    expect(ended.status).toBe(200);
    expect(((await ended.json()) as { endedAt: string | null }).endedAt).not.toBeNull();
    const back = await holding(
      assistant,
      processId,
      (item) => item.status === 'open' && item.actingFor === null,
      'the step back with the assistant'
    );
    expect(back.assignee).toBe(assistant.id);
    expect(await inbox(deputy2, processId)).toEqual([]);
    expect(await audits(processId, 'backFromAbsence')).toEqual([
      expect.objectContaining({ role: 'assignee', person: assistant.id, from: deputy2.id }),
    ]);
    expect((await act(assistant, back.id, { type: 'start' })).status).toBe(200);
    // An ended absence no longer hands anything over to processes started afterwards.
    const later = await start('Order paper');
    await holding(assistant, later, (item) => item.status === 'open' && item.actingFor === null, 'a new step');
  });

  it("gives an absent reviewer's review to the deputy, and brings it back when the absence is withdrawn", async () => {
    const processId = await start('Book the venue');
    // Once the process is up (its first step open) it takes the absence; one told while starting refuses it.
    const open = await holding(assistant, processId, (item) => item.status === 'open', 'the step');
    const recorded = await h.app.request(
      `/api/users/${manager.id}/absences`,
      json('POST', { startsOn: day(0), endsOn: day(3), deputyId: manager2.id }, bearer(manager))
    );
    expect(recorded.status).toBe(201);
    const absence = (await recorded.json()) as { id: string; handOver?: { failed?: unknown[] } };
    expect(absence.handOver?.failed ?? []).toEqual([]);
    expect((await act(assistant, open.id, { type: 'start' })).status).toBe(200);
    const submitted = await act(assistant, open.id, {
      type: 'submit',
      values: { result: 'https://example.com/booking/42' },
      checklist: ['brief-read', 'time-logged'],
    });
    expect(submitted.status).toBe(200);
    const review = await holding(
      manager2,
      processId,
      (item) => item.status === 'inReview',
      'the review with the deputy'
    );
    expect(review).toMatchObject({
      as: 'reviewer',
      reviewer: manager2.id,
      reviewerActingFor: manager.id,
      reviewerActingForName: 'Marta Manager',
    });
    const withdrawn = await h.app.request(
      `/api/users/${manager.id}/absences/${absence.id}`,
      json('DELETE', undefined, bearer(manager))
    );
    expect(withdrawn.status).toBe(200);
    await holding(
      manager,
      processId,
      (item) => item.status === 'inReview' && item.reviewerActingFor === null,
      'the review back with the reviewer'
    );
    expect(await inbox(manager2, processId)).toEqual([]);
    expect((await act(manager, review.id, { type: 'approve' })).status).toBe(200);
  });
});
