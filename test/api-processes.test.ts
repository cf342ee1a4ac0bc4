import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { twoStepsTemplate } from './support/two-steps-template';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// The full life of a delegation through the HTTP API, on the devserver with the real worker and Postgres.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let assistant: TestUser;
let other: TestUser;
let observer: TestUser;
let colleague: TestUser;
let templateId: string;

beforeAll(async () => {
  bed = await startApiTestBed('api');
  h = bed.h;
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  other = await addUser(h.pool, 'assistant', 'other');
  observer = await addUser(h.pool, 'observer', 'observer');
  colleague = await addUser(h.pool, 'assistant', 'colleague', team.rows[0]!.id);
  templateId = await publishTemplate(h, manager, 'Delegation', delegationCycleTemplate);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

interface InboxItem {
  id: string;
  processId: string;
  round: number;
  status: string;
  as: string;
}

async function inbox(user: TestUser, processId: string): Promise<InboxItem[]> {
  const response = await h.app.request(`/api/inbox?processId=${processId}`, { headers: bearer(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: InboxItem[] }).items;
}

const stepIn = (user: TestUser, processId: string, round: number, status: string) =>
  eventually(
    async () => (await inbox(user, processId)).find((item) => item.round === round && item.status === status),
    `round ${round} ${status} in the inbox`
  );

const act = (user: TestUser, stepId: string, body: unknown, key?: string) =>
  h.app.request(
    `/api/steps/${stepId}/actions`,
    json('POST', body, bearer(user, key === undefined ? {} : { 'idempotency-key': key }))
  );

const submission = {
  type: 'submit',
  values: { result: 'Venue booked: https://example.com/booking/42' },
  checklist: ['brief-read', 'time-logged'],
};

async function start(params: Record<string, unknown>, key?: string) {
  return h.app.request(
    '/api/processes',
    json('POST', { templateId, params }, bearer(manager, key === undefined ? {} : { 'idempotency-key': key }))
  );
}

describe('processes through the API', () => {
  it('refuses parameters that do not fit the template with 422 naming each field', async () => {
    const response = await start({ assistant: 'nobody', dueInDays: 0, colour: 'red' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { issues: { path: string; message: string }[] };
    const paths = body.issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['params.assistant', 'params.colour', 'params.dueInDays', 'params.taskTitle']);
    expect(body.issues.find((issue) => issue.path === 'params.dueInDays')?.message).toContain('at least 1');
  });

  it('runs a delegation: start, submit, return for rework, resubmit, approve, completed', async () => {
    const key = randomUUID();
    const params = { assistant: assistant.id, taskTitle: 'Book the venue' };
    const started = await start(params, key);
    expect(started.status).toBe(201);
    const process = (await started.json()) as { id: string; status: string; warnings: unknown[] };
    expect(process).toMatchObject({ status: 'running', templateId, templateVersion: 1 });
    // The assistant reports to nobody: the ladder's third rung (the assistant's manager) is named at the start.
    expect(process.warnings).toEqual([
      expect.objectContaining({
        step: 'Do the delegated task',
        rung: 3,
        missing: 'assigneeManager',
        person: 'assistant',
      }),
    ]);
    // A retried start with the same key answers the same and starts nothing more.
    const retried = await start(params, key);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retried.json()) as { id: string }).id).toBe(process.id);
    // A retry whose key a crash released (the row gone) finds the process the first attempt started: still one.
    await h.pool.query('DELETE FROM idempotency_keys');
    const afterCrash = await start(params, key);
    expect(afterCrash.status).toBe(201);
    expect(((await afterCrash.json()) as { id: string }).id).toBe(process.id);
    const list = await h.app.request(`/api/processes?templateId=${templateId}`, { headers: bearer(manager) });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);

    const first = await stepIn(assistant, process.id, 1, 'open');
    // The team lead's overview names the assistant and lists the step; it is for staff only.
    const team = await h.app.request('/api/inbox/team', { headers: bearer(manager) });
    expect(team.status).toBe(200);
    const overview = (await team.json()) as { people: { id: string; name: string; steps: { id: string }[] }[] };
    expect(overview.people.find((person) => person.id === assistant.id)).toMatchObject({
      name: 'assistant',
      steps: expect.arrayContaining([expect.objectContaining({ id: first.id })]) as unknown,
    });
    expect((await h.app.request('/api/inbox/team', { headers: bearer(assistant) })).status).toBe(403);
    const detail = await h.app.request(`/api/steps/${first.id}`, { headers: bearer(assistant) });
    expect(await detail.json()).toMatchObject({
      kind: 'task',
      instructions: expect.stringContaining('Follow the brief') as string,
      checklist: [{ id: 'brief-read' }, { id: 'time-logged' }],
      form: [{ name: 'result' }, { name: 'needsFollowUp' }],
      actions: expect.arrayContaining(['start', 'submit']) as string[],
    });
    expect((await h.app.request(`/api/steps/${first.id}`, { headers: bearer(other) })).status).toBe(403);
    expect((await h.app.request(`/api/processes/${process.id}`, { headers: bearer(observer) })).status).toBe(403);

    expect((await act(assistant, first.id, { type: 'start' })).status).toBe(200);
    expect((await act(assistant, first.id, { type: 'logTime', minutes: 45 })).status).toBe(200);
    // A tick is kept on the step with who made it; an item the step does not have is refused.
    expect((await act(assistant, first.id, { type: 'check', item: 'brief-read', done: true })).status).toBe(200);
    expect((await act(assistant, first.id, { type: 'check', item: 'no-such-item', done: true })).status).toBe(409);
    const ticks = (await (await h.app.request(`/api/steps/${first.id}`, { headers: bearer(manager) })).json()) as {
      record: { rounds: { ticked: { item: string; by: string }[] }[] };
    };
    expect(ticks.record.rounds[0]?.ticked).toEqual([expect.objectContaining({ item: 'brief-read', by: assistant.id })]);
    // The workflow's validator refuses an incomplete submission: 409 with its reason.
    const incomplete = await act(assistant, first.id, { type: 'submit', values: {} });
    expect(incomplete.status).toBe(409);
    expect(((await incomplete.json()) as { detail: string }).detail).toContain('required form field missing: result');
    // Not the reviewer: the manager approving an unsubmitted step is refused by the workflow too.
    const early = await act(manager, first.id, { type: 'approve' });
    expect(early.status).toBe(409);
    expect((await act(other, first.id, submission)).status).toBe(403);

    // Two submissions at once (a double click on two devices): exactly one wins.
    const racing = await Promise.all([act(assistant, first.id, submission), act(assistant, first.id, submission)]);
    expect(racing.map((response) => response.status).sort()).toEqual([200, 409]);
    await stepIn(manager, process.id, 1, 'inReview');

    const returned = await act(manager, first.id, { type: 'returnForRework', comment: 'Add the booking number' });
    expect(returned.status).toBe(200);
    const second = await stepIn(assistant, process.id, 2, 'open');
    expect(second.id).not.toBe(first.id);
    expect((await act(assistant, first.id, { type: 'start' })).status).toBe(409);

    // Round 2 is one record with round 1: what was submitted, the time, the reviewer's comment, all by name.
    const record = (await (await h.app.request(`/api/steps/${second.id}`, { headers: bearer(assistant) })).json()) as {
      latestStepId: string;
      people: Record<string, string>;
      record: {
        rounds: { round: number; values: unknown; checklist: unknown; minutes: number; outcome: unknown }[];
        comments: { kind: string; text: string; by: string }[];
        history: { action: string }[];
      };
    };
    expect(record.latestStepId).toBe(second.id);
    expect(record.record.rounds[0]).toMatchObject({
      round: 1,
      values: submission.values,
      checklist: submission.checklist,
      minutes: 45,
      outcome: 'returned',
    });
    expect(record.record.comments).toContainEqual(
      expect.objectContaining({ kind: 'return', text: 'Add the booking number', by: manager.id })
    );
    expect(record.people[manager.id]).toBe('manager');
    expect(record.people[assistant.id]).toBe('assistant');
    // The first round's page points at the round to work on now.
    const old = (await (await h.app.request(`/api/steps/${first.id}`, { headers: bearer(assistant) })).json()) as {
      latestStepId: string;
    };
    expect(old.latestStepId).toBe(second.id);

    expect((await act(assistant, second.id, submission)).status).toBe(200);
    const review = await stepIn(manager, process.id, 2, 'inReview');
    expect(review.as).toBe('reviewer');
    // The reviewer sees what was submitted in this round.
    const reviewed = (await (await h.app.request(`/api/steps/${second.id}`, { headers: bearer(manager) })).json()) as {
      record: { rounds: { round: number; values: unknown }[] };
    };
    expect(reviewed.record.rounds.find((entry) => entry.round === 2)?.values).toEqual(submission.values);
    // The reviewer approves with an idempotency key and retries: one approval, the same answer twice.
    const approveKey = randomUUID();
    const approvals = [
      await act(manager, second.id, { type: 'approve', comment: 'Thanks' }, approveKey),
      await act(manager, second.id, { type: 'approve', comment: 'Thanks' }, approveKey),
    ];
    expect(approvals.map((response) => response.status)).toEqual([200, 200]);
    expect(approvals[1]!.headers.get('idempotent-replayed')).toBe('true');

    const state = await eventually(async () => {
      const response = await h.app.request(`/api/processes/${process.id}/state`, { headers: bearer(manager) });
      const body = (await response.json()) as { status: string; variables: Record<string, unknown> };
      return body.status === 'completed' ? body : undefined;
    }, 'the process to complete');
    expect(state.variables).toMatchObject({ result: submission.values.result, taskTitle: 'Book the venue' });
    const audit = await eventually(async () => {
      const response = await h.app.request(`/api/processes/${process.id}/audit?limit=200`, {
        headers: bearer(assistant),
      });
      const actions = ((await response.json()) as { items: { action: string }[] }).items.map((item) => item.action);
      return actions.includes('approved') ? actions : undefined;
    }, 'the approval in the audit');
    expect(audit.filter((action) => action === 'submitted')).toHaveLength(2);
    expect(audit).toEqual(
      expect.arrayContaining(['processStarted', 'started', 'timeLogged', 'returnedForRework', 'approved'])
    );
    expect(audit.filter((action) => action === 'approved')).toHaveLength(1);
    expect(await inbox(assistant, process.id)).toEqual([]);
  });

  it('applies one of two concurrent submits, and the answer names the caller’s next step, already written', async () => {
    const twoSteps = await publishTemplate(h, manager, 'Two steps', twoStepsTemplate);
    const started = await h.app.request(
      '/api/processes',
      json('POST', { templateId: twoSteps, params: { assistant: assistant.id } }, bearer(manager))
    );
    expect(started.status).toBe(201);
    const process = (await started.json()) as { id: string };
    const first = await stepIn(assistant, process.id, 1, 'open');
    // No claim in the API: both reach the workflow, whose update validation lets exactly one through.
    const answers = await Promise.all([
      act(assistant, first.id, { type: 'submit' }),
      act(assistant, first.id, { type: 'submit' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const won = (await answers.find((answer) => answer.status === 200)!.json()) as { nextStepId: string | null };
    // Read at once, without waiting: the step's rows were written before the action answered.
    const open = (await inbox(assistant, process.id)).filter((item) => item.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(first.id);
    expect(won.nextStepId).toBe(open[0]!.id);
    const submitted = await h.pool.query(
      "SELECT 1 FROM process_audit WHERE workflow_id = $1 AND action = 'submitted'",
      [process.id]
    );
    expect(submitted.rowCount).toBe(1);
    expect((await h.pool.query('SELECT 1 FROM step_claims')).rowCount).toBe(0);
    // The last step has no next one.
    const last = (await (await act(assistant, open[0]!.id, { type: 'submit' })).json()) as { nextStepId: unknown };
    expect(last.nextStepId).toBeNull();
  });

  it('changes a parameter of a running process for its starter only, refusing what does not fit', async () => {
    const started = await start({ assistant: assistant.id, taskTitle: 'Prepare the offer' });
    const process = (await started.json()) as { id: string };
    await stepIn(assistant, process.id, 1, 'open');
    const change = (user: TestUser, body: unknown) =>
      h.app.request(`/api/processes/${process.id}/parameters`, json('POST', body, bearer(user)));

    expect((await change(assistant, { name: 'dueInDays', value: 5 })).status).toBe(403);
    const unknown = await change(manager, { name: 'colour', value: 'red' });
    expect(unknown.status).toBe(409);
    expect(((await unknown.json()) as { detail: string }).detail).toContain('there is no parameter "colour"');
    const wrong = await change(manager, { name: 'dueInDays', value: 'soon' });
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { detail: string }).detail).toContain('expected a number');
    expect((await change(manager, { name: 'dueInDays' })).status).toBe(422);

    const changed = await change(manager, { name: 'dueInDays', value: 5 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ id: process.id, name: 'dueInDays', value: 5 });
    const row = await h.pool.query('SELECT params FROM processes WHERE workflow_id = $1', [process.id]);
    expect(row.rows[0].params).toMatchObject({ dueInDays: 5 });
    const audit = await h.pool.query(
      "SELECT actor, detail FROM process_audit WHERE workflow_id = $1 AND action = 'parameterChanged'",
      [process.id]
    );
    expect(audit.rows).toEqual([{ actor: manager.id, detail: expect.objectContaining({ name: 'dueInDays', to: 5 }) }]);
    expect((await h.app.request(`/api/processes/${process.id}/cancel`, json('POST', {}, bearer(manager)))).status).toBe(
      202
    );
  });

  it('lists answerDecision to the reviewer while a decision request waits, and requestDecision only before', async () => {
    const started = await start({ assistant: assistant.id, taskTitle: 'Pick a caterer' });
    const process = (await started.json()) as { id: string };
    const step = await stepIn(assistant, process.id, 1, 'open');
    // The diagram of the running version: for the assistant with a step and the starter, not for strangers.
    const diagram = (user: TestUser) =>
      h.app.request(`/api/processes/${process.id}/diagram`, { headers: bearer(user) });
    const drawn = await diagram(assistant);
    expect(drawn.status).toBe(200);
    const body = (await drawn.json()) as { templateVersion: number; definition: { nodes: { id: string }[] } };
    expect(body.templateVersion).toBe(1);
    expect(body.definition.nodes.map((node) => node.id)).toContain('do-task');
    expect((await diagram(manager)).status).toBe(200);
    expect((await diagram(observer)).status).toBe(403);
    expect((await diagram(other)).status).toBe(403);
    const detail = async (user: TestUser) =>
      (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(user) })).json()) as {
        actions: string[];
        decisionPending: boolean;
      };
    expect((await detail(assistant)).actions).toContain('requestDecision');
    expect((await detail(manager)).actions).not.toContain('answerDecision');
    expect((await act(manager, step.id, { type: 'answerDecision', answer: 'too early' })).status).toBe(409);

    expect((await act(assistant, step.id, { type: 'requestDecision', question: 'Vegan or not?' })).status).toBe(200);
    expect(await detail(assistant)).toMatchObject({ decisionPending: true });
    expect((await detail(assistant)).actions).not.toContain('requestDecision');
    expect((await detail(assistant)).actions).not.toContain('answerDecision');
    expect((await detail(manager)).actions).toContain('answerDecision');
    // The question waits in the manager's queue, asked of them by name.
    const asked = await eventually(async () => {
      const items = (await inbox(manager, process.id)) as (InboxItem & { waitingFor?: string })[];
      return items.find((item) => item.id === step.id && item.waitingFor === manager.id);
    }, 'the decision in the manager’s queue');
    expect(asked.as).toBe('decider');
    const question = (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(manager) })).json()) as {
      record: { decisions: { question: string; to: string; answer: string | null }[] };
    };
    expect(question.record.decisions).toEqual([
      expect.objectContaining({ question: 'Vegan or not?', to: manager.id, answer: null }),
    ]);
    expect((await act(manager, step.id, { type: 'answerDecision', answer: 'Both' })).status).toBe(200);
    const answered = (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(assistant) })).json()) as {
      record: { decisions: { answer: string | null; answeredBy: string | null }[] };
    };
    expect(answered.record.decisions[0]).toMatchObject({ answer: 'Both', answeredBy: manager.id });
    // The assistant is told the answer (an outbox notice addressed to her).
    const told = await h.pool.query<{ subject: string; message: string }>(
      'SELECT subject, message FROM process_outbox WHERE workflow_id = $1 AND recipient = $2',
      [process.id, assistant.id]
    );
    expect(told.rows).toContainEqual({ subject: 'Decision answered', message: 'Both' });
    // A comment naming people with @ tells those taking part in the process, never an outsider.
    expect((await act(assistant, step.id, { type: 'comment', text: 'Thanks @manager, and @other FYI' })).status).toBe(
      200
    );
    const mentioned = await h.pool.query<{ recipient: string }>(
      "SELECT recipient FROM process_outbox WHERE workflow_id = $1 AND subject LIKE 'You were mentioned%'",
      [process.id]
    );
    expect(mentioned.rows).toEqual([{ recipient: manager.id }]);
    // Time logged by mistake is taken back in the open round.
    expect((await act(assistant, step.id, { type: 'logTime', minutes: 50 })).status).toBe(200);
    expect((await act(assistant, step.id, { type: 'logTime', minutes: -20 })).status).toBe(200);
    expect((await act(assistant, step.id, { type: 'logTime', minutes: -31 })).status).toBe(409);
    expect((await act(assistant, step.id, { type: 'logTime', minutes: 0 })).status).toBe(422);
    const timed = (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(assistant) })).json()) as {
      record: { rounds: { minutes: number }[] };
    };
    expect(timed.record.rounds[0]?.minutes).toBe(30);
    expect(await detail(manager)).toMatchObject({ decisionPending: false });
    expect((await detail(manager)).actions).not.toContain('answerDecision');
    expect((await detail(assistant)).actions).toContain('requestDecision');
    expect((await h.app.request(`/api/processes/${process.id}/cancel`, json('POST', {}, bearer(manager)))).status).toBe(
      202
    );
  });

  it('lets the managing manager move a deadline with a reason, set the priority and hand the step on', async () => {
    const started = await start({ assistant: assistant.id, taskTitle: 'Renew the parking permits' });
    const process = (await started.json()) as { id: string };
    const step = await stepIn(assistant, process.id, 1, 'open');
    const detail = async (user: TestUser) =>
      (await (await h.app.request(`/api/steps/${step.id}`, { headers: bearer(user) })).json()) as {
        actions: string[];
        dueAt: string;
        priority: { urgent: boolean; important: boolean };
        assignee: string;
      };
    expect((await detail(manager)).actions).toEqual(expect.arrayContaining(['reassign', 'changeDue', 'setPriority']));
    expect((await detail(assistant)).actions).not.toContain('changeDue');
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect((await act(assistant, step.id, { type: 'changeDue', due, reason: 'later' })).status).toBe(403);
    const past = await act(manager, step.id, { type: 'changeDue', due: '2020-01-01T10:00:00Z', reason: 'oops' });
    expect(past.status).toBe(422);
    expect((await act(manager, step.id, { type: 'changeDue', due, reason: '' })).status).toBe(422);
    expect(
      (await act(manager, step.id, { type: 'changeDue', due, reason: 'the permits office is closed' })).status
    ).toBe(200);
    expect((await detail(manager)).dueAt).toBe(due);
    expect((await act(manager, step.id, { type: 'setPriority', urgent: true, important: true })).status).toBe(200);
    expect((await detail(manager)).priority).toEqual({ urgent: true, important: true });
    // Handed on within the team; never to someone outside it.
    expect((await act(manager, step.id, { type: 'reassign', to: other.id })).status).toBe(422);
    expect((await act(manager, step.id, { type: 'reassign', to: colleague.id })).status).toBe(200);
    expect((await detail(manager)).assignee).toBe(colleague.id);
    const audit = await h.pool.query<{ action: string; detail: Record<string, unknown> }>(
      `SELECT action, detail FROM process_audit WHERE workflow_id = $1 AND action IN ('dueChanged', 'priorityChanged')
        ORDER BY id`,
      [process.id]
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        action: 'dueChanged',
        detail: expect.objectContaining({ to: due, reason: 'the permits office is closed' }),
      }),
      expect.objectContaining({ action: 'priorityChanged' }),
    ]);
  });

  it('cancels a process for its starter, not for an assistant, and cancels its open step', async () => {
    const started = await start({ assistant: assistant.id, taskTitle: 'Order flowers' });
    const process = (await started.json()) as { id: string };
    const step = await stepIn(assistant, process.id, 1, 'open');
    // The process page offers the cancel button by the same rule the route applies.
    const mayCancel = async (user: TestUser) =>
      (
        (await (await h.app.request(`/api/processes/${process.id}`, { headers: bearer(user) })).json()) as {
          mayCancel: boolean;
        }
      ).mayCancel;
    expect(await mayCancel(assistant)).toBe(false);
    expect(await mayCancel(manager)).toBe(true);
    const refused = await h.app.request(`/api/processes/${process.id}/cancel`, json('POST', {}, bearer(assistant)));
    expect(refused.status).toBe(403);
    const cancelled = await h.app.request(`/api/processes/${process.id}/cancel`, json('POST', {}, bearer(manager)));
    expect(cancelled.status).toBe(202);
    await eventually(async () => ((await inbox(assistant, process.id)).length === 0 ? true : undefined), 'no step');
    const detail = await h.app.request(`/api/processes/${process.id}`, { headers: bearer(manager) });
    const body = (await detail.json()) as { steps: { id: string; status: string }[] };
    expect(body.steps).toEqual([expect.objectContaining({ id: step.id, status: 'cancelled' })]);
    expect((await act(assistant, step.id, { type: 'start' })).status).toBe(409);
  });
});

describe('absences through the API', () => {
  it("hands an absent assistant's open step and a new process's step to the deputy, marked acting for", async () => {
    const team = await h.pool.query<{ team_id: string }>('SELECT team_id FROM users WHERE id = $1', [assistant.id]);
    const deputy = await addUser(h.pool, 'assistant', 'deputy', team.rows[0]!.team_id);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const before = (await (await start({ assistant: assistant.id, taskTitle: 'Renew the lease' })).json()) as {
      id: string;
    };
    const open = await stepIn(assistant, before.id, 1, 'open');

    const recorded = await h.app.request(
      `/api/users/${assistant.id}/absences`,
      json('POST', { startsOn: day(-1), endsOn: day(5), deputyId: deputy.id }, bearer(manager))
    );
    expect(recorded.status).toBe(201);
    const body = (await recorded.json()) as { handOver: { processes: number; failed: string[]; deputy: string } };
    expect(body.handOver).toMatchObject({ failed: [], deputy: deputy.id });
    expect(body.handOver.processes).toBeGreaterThanOrEqual(1);

    // The open step moved: the deputy sees it, marked as acting for the assistant; the assistant no longer has it.
    const moved = await eventually(
      async () =>
        (await inbox(deputy, before.id)).find((item) => item.id === open.id) as
          (InboxItem & { actingFor: string | null; assignee: string }) | undefined,
      'the step in the deputy inbox'
    );
    expect(moved).toMatchObject({ assignee: deputy.id, actingFor: assistant.id });
    expect(await inbox(assistant, before.id)).toEqual([]);
    expect((await act(assistant, open.id, { type: 'start' })).status).not.toBe(200);
    expect((await act(deputy, open.id, { type: 'start' })).status).toBe(200);
    const audit = await h.pool.query(
      "SELECT actor, detail FROM process_audit WHERE workflow_id = $1 AND action = 'actingFor'",
      [before.id]
    );
    expect(audit.rows).toEqual([
      { actor: 'system', detail: expect.objectContaining({ deputy: deputy.id, actingFor: assistant.id }) },
    ]);

    // A process started during the absence gives its step to the deputy from the start.
    const during = (await (await start({ assistant: assistant.id, taskTitle: 'Order paper' })).json()) as {
      id: string;
    };
    const fresh = await stepIn(deputy, during.id, 1, 'open');
    expect(fresh).toMatchObject({ actingFor: assistant.id });
    for (const id of [before.id, during.id]) {
      expect((await h.app.request(`/api/processes/${id}/cancel`, json('POST', {}, bearer(manager)))).status).toBe(202);
    }
  });
});

describe('duties through the API', () => {
  it('creates a duty, lists it with its next occurrence, and pauses, resumes, skips and reschedules it', async () => {
    const schedule = {
      recurrence: { kind: 'weekly', days: [1, 3] },
      timeOfDay: '09:00',
      timeZone: 'Europe/Warsaw',
      startDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    };
    const created = await h.app.request(
      '/api/duties',
      json(
        'POST',
        {
          templateId,
          name: 'Weekly CRM update',
          assignee: assistant.id,
          assigneeParameter: 'assistant',
          params: { taskTitle: 'Update the CRM' },
          owner: observer.id,
          schedule,
        },
        bearer(manager)
      )
    );
    expect(created.status).toBe(201);
    const duty = (await created.json()) as { id: string; status: string };
    expect(duty.status).toBe('active');
    const upcoming = await eventually(async () => {
      const response = await h.app.request(`/api/duties/${duty.id}/upcoming?count=4`, { headers: bearer(observer) });
      return response.status === 200 ? ((await response.json()) as { date: string }[]) : undefined;
    }, 'the upcoming occurrences');
    expect(upcoming).toHaveLength(4);
    expect(upcoming.every((occurrence) => occurrence.date >= schedule.startDate)).toBe(true);
    const weekdays = upcoming.map((occurrence) => new Date(`${occurrence.date}T12:00:00Z`).getUTCDay());
    expect(weekdays.every((day) => day === 1 || day === 3)).toBe(true);

    const change = (user: TestUser, action: string, body: unknown = {}) =>
      h.app.request(`/api/duties/${duty.id}/${action}`, json('POST', body, bearer(user)));
    expect((await change(assistant, 'pause')).status).toBe(403);
    const paused = await change(observer, 'pause', { reason: 'holidays' });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ status: 'paused' });
    expect(await (await change(manager, 'resume')).json()).toMatchObject({ status: 'active' });
    const skipKey = randomUUID();
    const skip = () =>
      h.app.request(
        `/api/duties/${duty.id}/skip-next`,
        json('POST', {}, bearer(manager, { 'idempotency-key': skipKey }))
      );
    const skipped = (await (await skip()).json()) as { skipDates: string[] };
    expect(skipped.skipDates).toEqual([upcoming[0]!.date]);
    // Retried with the same key after a crash released it: the workflow returns the first answer, nothing skipped twice.
    await h.pool.query('DELETE FROM idempotency_keys');
    expect(((await (await skip()).json()) as { skipDates: string[] }).skipDates).toEqual([upcoming[0]!.date]);
    const rescheduled = await change(manager, 'schedule', {
      schedule: { ...schedule, recurrence: { kind: 'monthly', day: 15 } },
    });
    expect(rescheduled.status).toBe(200);
    expect(await rescheduled.json()).toMatchObject({ schedule: { recurrence: { kind: 'monthly', day: 15 } } });

    // Given to someone else from the next occurrence: only to someone who does the work, within the org.
    const reassign = (user: TestUser, to: string) => change(user, 'assignee', { assignee: to, reason: 'rota' });
    expect((await reassign(manager, observer.id)).status).toBe(422);
    expect((await reassign(manager, other.id)).status).toBe(422);
    expect((await reassign(assistant, colleague.id)).status).toBe(403);
    const given = await reassign(manager, colleague.id);
    expect(given.status).toBe(200);
    expect(await given.json()).toMatchObject({ assignee: colleague.id });

    const listed = await h.app.request('/api/duties', { headers: bearer(observer) });
    const items = ((await listed.json()) as { items: { id: string; assigneeName: string; ownerName: string }[] }).items;
    expect(items.map((item) => item.id)).toEqual([duty.id]);
    expect(items[0]).toMatchObject({ assigneeName: 'colleague', ownerName: 'observer' });
  });
});
