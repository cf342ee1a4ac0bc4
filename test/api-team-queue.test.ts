import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// A team queue through the HTTP API, on the devserver with the real worker and Postgres: several members claim the
// same step at once and exactly one wins.
let bed: ApiTestBed;
let h: Harness;
let teamId: string;
let manager: TestUser;
type Person = TestUser & { name: string };
let members: Person[];
let outsider: TestUser;
let observer: TestUser;
let templateId: string;

interface QueueItem {
  id: string;
  processId: string;
  title: string;
  team: { id: string; name: string };
  claimedBy: { id: string; name: string } | null;
  mine: boolean;
  actions: string[];
}

beforeAll(async () => {
  bed = await startApiTestBed('team-queue', 12);
  h = bed.h;
  teamId = (await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Front desk') RETURNING id")).rows[0]!
    .id;
  manager = await addUser(h.pool, 'manager', 'Olga Manager', teamId);
  members = [];
  for (const name of ['Anna Nowak', 'Adam Kowal', 'Ewa Lis', 'Jan Wróbel'])
    members.push({ ...(await addUser(h.pool, 'assistant', name, teamId)), name });
  outsider = await addUser(h.pool, 'assistant', 'Piotr Outside');
  observer = await addUser(h.pool, 'observer', 'Olek Observer', teamId);
  const draft = {
    schemaVersion: 1,
    id: 'front-desk',
    name: 'Front desk request',
    calendarId: 'pl',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'answer',
        type: 'task',
        position: { x: 200, y: 0 },
        data: { title: 'Answer the client', assignee: { kind: 'team', teamId }, due: 'start + 1bd @17:00' },
      },
      { id: 'end', type: 'end', position: { x: 400, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'answer' },
      { id: 'e2', source: 'answer', target: 'end' },
    ],
  };
  templateId = await publishTemplate(h, manager, 'Front desk', draft);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

async function queue(user: TestUser): Promise<QueueItem[]> {
  const response = await h.app.request('/api/inbox/queue', { headers: bearer(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: QueueItem[] }).items;
}

const act = (user: TestUser, stepId: string, body: unknown) =>
  h.app.request(`/api/steps/${stepId}/actions`, json('POST', body, bearer(user)));

async function startOne(): Promise<{ processId: string; stepId: string }> {
  const started = await h.app.request('/api/processes', json('POST', { templateId, params: {} }, bearer(manager)));
  expect(started.status).toBe(201);
  const processId = ((await started.json()) as { id: string }).id;
  const item = await eventually(
    async () => (await queue(members[0]!)).find((entry) => entry.processId === processId),
    'the step in the team queue'
  );
  return { processId, stepId: item.id };
}

describe('team queue through the API', () => {
  it('shows the step to every member with the team’s name, tells each of them, and asks for a claim first', async () => {
    const { processId, stepId } = await startOne();
    for (const member of [...members, manager]) {
      const item = (await queue(member)).find((entry) => entry.id === stepId);
      expect(item).toMatchObject({ team: { id: teamId, name: 'Front desk' }, claimedBy: null, mine: false });
    }
    expect((await queue(members[1]!)).find((entry) => entry.id === stepId)?.actions).toEqual(['claim']);
    expect((await queue(manager)).find((entry) => entry.id === stepId)?.actions).toEqual(['claim', 'assign']);
    expect(await queue(outsider)).toEqual([]);
    expect(await queue(observer)).toEqual([]);
    // The team lead's overview lists the unclaimed step under the team's queue, by the team's name.
    const overview = await h.app.request('/api/inbox/team', { headers: bearer(manager) });
    const teamPeople = (
      (await overview.json()) as { people: { id: string; name: string; role: string; steps: { id: string }[] }[] }
    ).people;
    expect(teamPeople.find((entry) => entry.role === 'team')).toMatchObject({
      id: `team:${teamId}`,
      name: 'Front desk',
      steps: expect.arrayContaining([expect.objectContaining({ id: stepId })]) as unknown,
    });
    const notices = await eventually(async () => {
      const { rows } = await h.pool.query<{ recipient: string }>(
        `SELECT recipient FROM process_outbox WHERE workflow_id = $1 AND subject = 'New step in your team’s queue'`,
        [processId]
      );
      return rows.length >= 5 ? rows.map((row) => row.recipient).sort() : undefined;
    }, 'the new-step notices');
    expect(notices).toEqual([...members, manager].map((person) => person.id).sort());
    // A member can open the step before claiming it; working it needs the claim.
    const detail = await h.app.request(`/api/steps/${stepId}`, { headers: bearer(members[2]!) });
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ team: { name: 'Front desk' }, actions: ['claim'] });
    // The process page names the queue the step waits in by its team, never by id.
    const page = await h.app.request(`/api/processes/${processId}`, { headers: bearer(members[2]!) });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { people: Record<string, string> }).people[`team:${teamId}`]).toBe('Front desk');
    const early = await act(members[0]!, stepId, { type: 'start' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      detail: 'This step waits in the queue of Front desk: claim it first.',
      // The same as a key of the shared catalog, for the web app to say in the reader's language.
      code: 'claimFirstInTeam',
      params: { team: 'Front desk' },
    });
    const stranger = await act(outsider, stepId, { type: 'claim' });
    expect(stranger.status).toBe(403);
    // Someone outside the team does not even see the step.
    expect(((await stranger.json()) as { detail: string }).detail).toBe(
      'This step is not in one of your processes, your steps or your team’s.'
    );
  });

  it('of four members claiming at once exactly one wins; the others get 409 naming the winner', async () => {
    const { processId, stepId } = await startOne();
    const answers = await Promise.all(
      members.map(async (member) => {
        const response = await act(member, stepId, { type: 'claim' });
        return { member, status: response.status, body: (await response.json()) as { detail?: string } };
      })
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.member;
    const losers = answers.filter((answer) => answer.status !== 200);
    expect(losers.map((answer) => answer.status)).toEqual([409, 409, 409]);
    for (const loser of losers)
      expect(loser.body).toMatchObject({
        detail: `${winner.name} has claimed this step.`,
        code: 'claimedBy',
        params: { name: winner.name },
      });

    const { rows } = await h.pool.query<{ assignee: string; team_id: string }>(
      'SELECT assignee, team_id FROM process_tasks WHERE id = $1',
      [stepId]
    );
    expect(rows[0]).toEqual({ assignee: winner.id, team_id: teamId });
    const claims = await h.pool.query<{ actor: string }>(
      `SELECT actor FROM process_audit WHERE workflow_id = $1 AND action = 'claimed'`,
      [processId]
    );
    expect(claims.rows).toEqual([{ actor: winner.id }]);
    const other = losers[0]!.member;
    expect((await queue(other)).find((entry) => entry.id === stepId)).toMatchObject({
      claimedBy: { id: winner.id, name: winner.name },
      mine: false,
      actions: [],
    });
    expect((await queue(winner)).find((entry) => entry.id === stepId)).toMatchObject({
      mine: true,
      actions: ['release'],
    });
    // The winner works it as their own step; a later claim is refused with their name at once.
    expect((await act(winner, stepId, { type: 'start' })).status).toBe(200);
    // The process itself refuses taking off more time than was logged: its refusal key reaches the caller.
    const tooMuch = await act(winner, stepId, { type: 'logTime', minutes: -30 });
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.json()).toMatchObject({
      detail: 'only 0 minutes are logged in this round; that much can be removed',
      code: 'tooMuchTimeRemoved',
      params: { logged: 0 },
    });
    const late = await act(other, stepId, { type: 'claim' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { detail: string }).detail).toBe(`${winner.name} has claimed this step.`);
    expect((await act(other, stepId, { type: 'release' })).status).toBe(403);

    // Released, it is back in the queue, not started; someone else claims and starts it.
    expect((await act(winner, stepId, { type: 'release' })).status).toBe(200);
    const back = await queue(other);
    expect(back.find((entry) => entry.id === stepId)).toMatchObject({ claimedBy: null, status: 'open' });
    expect((await act(other, stepId, { type: 'claim' })).status).toBe(200);
    expect((await act(other, stepId, { type: 'start' })).status).toBe(200);
  });

  it('lets the team’s manager assign a team step to a member, and no one else, and only to a member', async () => {
    const { processId, stepId } = await startOne();
    const byAssistant = await act(members[0]!, stepId, { type: 'assign', to: members[1]!.id });
    expect(byAssistant.status).toBe(403);
    const toOutsider = await act(manager, stepId, { type: 'assign', to: outsider.id });
    expect(toOutsider.status).toBe(422);
    expect(JSON.stringify(await toOutsider.json())).toContain('not an active member of Front desk');
    const assigned = await act(manager, stepId, { type: 'assign', to: members[3]!.id });
    expect(assigned.status).toBe(200);
    expect((await queue(members[0]!)).find((entry) => entry.id === stepId)?.claimedBy).toEqual({
      id: members[3]!.id,
      name: 'Jan Wróbel',
    });
    const audit = await h.pool.query<{ actor: string; to: string }>(
      `SELECT actor, detail ->> 'to' AS to FROM process_audit WHERE workflow_id = $1 AND action = 'assigned'`,
      [processId]
    );
    expect(audit.rows).toEqual([{ actor: manager.id, to: members[3]!.id }]);
    const inbox = await h.app.request(`/api/inbox?processId=${processId}`, { headers: bearer(members[3]!) });
    expect(((await inbox.json()) as { items: { id: string; team: unknown }[] }).items).toEqual([
      expect.objectContaining({ id: stepId, team: { id: teamId, name: 'Front desk' } }),
    ]);
  });
});
