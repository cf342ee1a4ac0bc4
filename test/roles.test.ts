import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type TestUser } from '../api/test/harness';
import { ENV_DATABASE_URL } from '../devserver/cli-args';
import { getFreePort } from '../server/free-port';
import { DEVSERVER_BIN } from '../server/start';
import { waitForPort } from '../server/temporal/embedded-devserver';
import { launchChromium, personContext, sees, signIn } from '../designer/e2e/browser';
import { eventually } from './support/api-test-bed';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { twoStepsTemplate } from './support/two-steps-template';

// Baton split in roles as an office that outgrows one machine runs it: the devserver on its own as the shared
// Temporal service on PostgreSQL, one `worker` process and two `api` processes on the same database. A process
// started through one API instance is worked through the other, and the worker runs it.

const root = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = path.join(root, 'test-results', 'e2e');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Child {
  child: ChildProcess;
  lines: string[];
  exit: Promise<void>;
}

function launch(command: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const launched: Child = { child, lines: [], exit: new Promise((resolve) => child.once('close', () => resolve())) };
  const collect = (chunk: Buffer) => launched.lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.stdin?.on('error', () => undefined);
  return launched;
}

async function waitForLine(launched: Child, pattern: RegExp, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launched.lines.some((line) => pattern.test(line))) {
    if (launched.child.exitCode !== null) throw new Error(`exited before ${pattern}:\n${launched.lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time:\n${launched.lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Baton in roles on one database and one Temporal service', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dataDir: string;
  let shared: Record<string, string> = {};
  const children: Child[] = [];
  const workers: Child[] = [];
  const apiChildren: Child[] = [];
  const apiPorts: number[] = [];
  const apis: string[] = [];
  let workerUrl = '';
  let manager: TestUser;
  let assistant: TestUser;

  const startWorker = (port: number) => {
    const launched = launch(['--import', 'tsx', 'server/main.ts', '--role', 'worker'], {
      ...shared,
      PORT: String(port),
    });
    children.push(launched);
    return launched;
  };
  const startApi = (port: number) => {
    const launched = launch(['--import', 'tsx', 'server/main.ts'], {
      ...shared,
      BATON_ROLE: 'api',
      PORT: String(port),
    });
    children.push(launched);
    return launched;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-roles-'));
    const temporalPort = await getFreePort();
    const devserver = launch(
      [DEVSERVER_BIN, 'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless'],
      // The database URL (with its password) goes through the environment, never the command line.
      { [ENV_DATABASE_URL]: db.url }
    );
    children.push(devserver);
    await waitForPort('127.0.0.1', temporalPort, 30_000, () => devserver.child.exitCode === null);
    shared = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_TASK_QUEUE: `roles-${Date.now()}`,
      BATON_DATA_DIR: dataDir,
      BATON_ADMIN_PASSWORD: 'Roles-test-admin-2026!',
    };
    const workerPort = await getFreePort();
    workerUrl = `http://127.0.0.1:${workerPort}`;
    workers.push(startWorker(workerPort), startWorker(0));
    for (let index = 0; index < 2; index++) {
      const port = await getFreePort();
      apiPorts.push(port);
      apis.push(`http://127.0.0.1:${port}`);
      apiChildren.push(startApi(port));
    }
    await Promise.all([
      ...workers.map((launched) => waitForLine(launched, /Baton worker is ready/)),
      ...apiChildren.map((launched) => waitForLine(launched, /Baton is ready/)),
    ]);
    manager = await addUser(pool, 'manager', 'Maria');
    assistant = await addUser(pool, 'assistant', 'Anna');
  }, 400_000);

  afterAll(async () => {
    for (const launched of children.reverse()) {
      launched.child.kill('SIGINT');
      await Promise.race([launched.exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (launched.child.exitCode === null) launched.child.kill('SIGKILL');
    }
    await pool?.end();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const call = async (
    base: string,
    user: TestUser,
    method: string,
    pathName: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const response = await fetch(`${base}${pathName}`, {
      method,
      headers: {
        authorization: `Bearer ${user.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  it('says which role each process runs and what it is ready for', async () => {
    const onWorker = (await (await fetch(`${workerUrl}/api/ready`)).json()) as Record<string, unknown>;
    expect(onWorker).toEqual({
      ready: true,
      role: 'worker',
      checks: { postgres: { ok: true }, temporal: { ok: true }, worker: { ok: true } },
    });
    const notHere = await fetch(`${workerUrl}/api/templates`);
    expect(notHere.status).toBe(404);
    expect(((await notHere.json()) as { detail: string }).detail).toContain('worker role');
    for (const base of apis) {
      expect(await (await fetch(`${base}/api/ready`)).json()).toEqual({
        ready: true,
        role: 'api',
        checks: { postgres: { ok: true }, temporal: { ok: true } },
      });
    }
    // The first admin and the built-in templates were made once, whichever process came first.
    const admins = await pool.query("SELECT count(*)::int AS n FROM users WHERE email = 'admin@baton.local'");
    expect(admins.rows[0]).toEqual({ n: 1 });
    const seeds = await pool.query(
      'SELECT count(*)::int AS n, count(DISTINCT library_id)::int AS d FROM template_library_seeds'
    );
    expect(seeds.rows[0]!.n).toBe(seeds.rows[0]!.d);
  });

  /** The assistant's live-event stream on one API instance, as the web app reads it; collects what arrives. */
  const listen = (base: string) => {
    const controller = new AbortController();
    const received = { text: '' };
    const done = fetch(`${base}/api/events`, {
      headers: { authorization: `Bearer ${assistant.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    })
      .then(async (response) => {
        expect(response.status).toBe(200);
        const decoder = new TextDecoder();
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          received.text += decoder.decode(chunk, { stream: true });
      })
      .catch(() => undefined);
    return { received, close: () => (controller.abort(), done) };
  };

  it('runs a process started through one API instance and worked through the other', async () => {
    const [first, second] = apis as [string, string];
    // A browser may be connected to either API instance: both see the worker's events.
    const streams = apis.map(listen);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const created = await call(first, manager, 'POST', '/api/templates', {
      name: 'Two steps',
      draft: twoStepsTemplate,
    });
    expect(created.status).toBe(201);
    expect((await call(first, manager, 'POST', `/api/templates/${created.body.id as string}/publish`)).status).toBe(
      201
    );
    const started = await call(first, manager, 'POST', '/api/processes', {
      templateId: created.body.id,
      params: { assistant: assistant.id },
    });
    expect(started.status).toBe(201);
    const processId = started.body.id as string;
    const step = async (title: string) =>
      eventually(async () => {
        const page = await call(second, assistant, 'GET', `/api/inbox?processId=${processId}`);
        return (page.body.items as { id: string; title: string }[]).find((item) => item.title === title);
      }, `step "${title}" in the inbox of the other API instance`);
    for (const title of ['First', 'Second']) {
      const { id } = await step(title);
      const submitted = await call(second, assistant, 'POST', `/api/steps/${id}/actions`, { type: 'submit' });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    const done = await eventually(async () => {
      const detail = await call(first, manager, 'GET', `/api/processes/${processId}`);
      return detail.body.status === 'completed' ? detail.body : undefined;
    }, 'the process to complete');
    expect(done.status).toBe('completed');
    for (const stream of streams) {
      await eventually(
        async () => (stream.received.text.includes(`"processId":"${processId}"`) ? true : undefined),
        'a live event of the process on each API instance'
      );
      await stream.close();
    }
  });

  it('takes one sign-in and one idempotency key on every API instance, and lets one of two racing actions win', async () => {
    // A session made through one instance is good on the other: sessions live in the shared database.
    const login = await fetch(`${apis[0]}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apis[0]! },
      body: JSON.stringify({ email: assistant.email, password: assistant.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/=/);
    for (const base of apis) {
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { email: string }).email).toBe(assistant.email);
    }
    // The same Idempotency-Key on the other instance answers with the first start, not a second process.
    const { rows } = await pool.query<{ template_id: string }>(
      "SELECT template_id FROM template_library_seeds WHERE library_id = 'information-request'"
    );
    const body = { templateId: rows[0]!.template_id, params: { assistant: assistant.id, question: 'Who signs?' } };
    const first = await call(apis[0]!, manager, 'POST', '/api/processes', body, { 'idempotency-key': 'both-apis' });
    const again = await call(apis[1]!, manager, 'POST', '/api/processes', body, { 'idempotency-key': 'both-apis' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const started = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM processes WHERE params->>'question' = 'Who signs?'"
    );
    expect(started.rows[0]).toEqual({ n: 1 });
    // The same step submitted through both instances at once: exactly one submission wins.
    const processId = first.body.id as string;
    const step = await eventually(async () => {
      const page = await call(apis[1]!, assistant, 'GET', `/api/inbox?processId=${processId}`);
      return (page.body.items as { id: string }[] | undefined)?.[0];
    }, 'the step in the inbox');
    const answers = await Promise.all(
      apis.map((base, index) =>
        call(
          base,
          assistant,
          'POST',
          `/api/steps/${step.id}/actions`,
          { type: 'submit', values: { answer: `through API ${index + 1}` } },
          { 'idempotency-key': `race-${index}` }
        )
      )
    );
    const statuses = answers.map((answer) => answer.status);
    expect(
      statuses.filter((status) => status === 200),
      JSON.stringify(answers)
    ).toHaveLength(1);
    expect(
      statuses.every((status) => [200, 409, 422].includes(status)),
      JSON.stringify(answers)
    ).toBe(true);
    const submitted = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM process_audit WHERE workflow_id = $1 AND action = 'submitted'",
      [processId]
    );
    expect(submitted.rows[0]).toEqual({ n: 1 });
    // Approved, so the live-browser test that follows starts from an empty inbox.
    await eventually(async () => {
      const page = await call(apis[0]!, manager, 'GET', `/api/inbox?processId=${processId}`);
      const review = (page.body.items as { id: string; status: string }[] | undefined)?.find(
        (item) => item.status === 'inReview'
      );
      if (!review) return undefined;
      const approved = await call(apis[0]!, manager, 'POST', `/api/steps/${review.id}/actions`, { type: 'approve' });
      return approved.status === 200 ? true : undefined;
    }, 'the review approved');
  });

  it('shows a new step live in a browser signed in on either API instance', async () => {
    const browser = await launchChromium();
    try {
      const person = { id: assistant.id, name: 'Anna', email: assistant.email, password: assistant.password };
      // Anna on her desktop through the first API instance, and on her phone through the second.
      const pages = await Promise.all(
        apis.map(async (base, index) => {
          const context = await personContext(browser, index === 0 ? DESKTOP : PHONE);
          const page = await context.newPage();
          await signIn(page, base, person);
          return page;
        })
      );
      const { rows } = await pool.query<{ template_id: string }>(
        "SELECT template_id FROM template_library_seeds WHERE library_id = 'information-request'"
      );
      const started = await call(apis[0]!, manager, 'POST', '/api/processes', {
        templateId: rows[0]!.template_id,
        params: { assistant: assistant.id, question: 'Which venues are free on 18 June?' },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      // Neither page is reloaded: the step and its notice arrive as live events, whichever instance serves the page.
      for (const [index, page] of pages.entries()) {
        await page.getByText('New step for you').first().waitFor({ timeout: 90_000 });
        await sees(
          page.locator('[data-testid^=inbox-item-]').first(),
          'Find and deliver the information',
          'Information request'
        );
        await page.screenshot({ path: path.join(SHOTS, `roles-live-step-api${index + 1}.png`) });
      }
      // Done from the phone, it leaves the desktop's inbox live as well.
      await pages[1]!.locator('[data-testid^=inbox-item-]').first().click();
      const panel = pages[1]!.getByTestId('step-panel');
      await panel.getByTestId('param-answer').fill('The town hall and the library');
      await panel.getByTestId('action-submit').click();
      await pages[1]!.getByText('Submitted for review').first().waitFor({ timeout: 30_000 });
      await pages[0]!.waitForTimeout(3000);
      await pages[0]!.screenshot({ path: path.join(SHOTS, 'roles-live-step-done-api1.png') });
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('completes 50 processes from the built-in templates, none lost or doubled, when an API and a worker are killed mid-run', async () => {
    const seeds = await pool.query<{ library_id: string; template_id: string }>(
      'SELECT library_id, template_id FROM template_library_seeds'
    );
    const templateOf = new Map(seeds.rows.map((row) => [row.library_id, row.template_id]));
    // Three built-ins an office runs every day; each process is one of them, taking turns.
    const kinds = [
      {
        library: 'delegation-with-review',
        params: (index: number) => ({ assistant: assistant.id, task: `Task ${index}`, dueDate: '2027-09-20' }),
        values: () => ({ result: 'Done and filed' }),
        steps: ['do'],
      },
      {
        library: 'client-request',
        params: (index: number) => ({
          assistant: assistant.id,
          client: `Client ${index}`,
          request: `Request ${index}`,
          urgent: index % 2 === 0,
        }),
        // Every fourth client request runs into a conflict, which the template reports to the manager.
        values: (index: number) => ({ response: 'Answered by phone', conflict: index % 4 === 1 }),
        steps: ['answer'],
      },
      {
        library: 'information-request',
        params: (index: number) => ({ assistant: assistant.id, question: `Question ${index}` }),
        values: () => ({ answer: 'The figures are in the shared folder' }),
        steps: ['deliver'],
      },
    ];
    for (const kind of kinds) expect(templateOf.has(kind.library), kind.library).toBe(true);

    const alive = new Set([0, 1]);
    const base = (index: number) => apis[alive.has(index % 2) ? index % 2 : [...alive][0]!]!;
    // A request to an API instance that is being killed fails; it goes again, with the same key, to another one.
    const send = async (index: number, user: TestUser, pathName: string, body: unknown, key: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await call(base(index + attempt), user, 'POST', pathName, body, { 'idempotency-key': key });
          if (answer.status < 500 && answer.status !== 202) return answer;
        } catch {
          // connection refused or reset: that instance is gone
        }
        if (attempt > 60) throw new Error(`POST ${pathName} never succeeded`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const count = 50;
    const processes = new Map<string, { index: number; kind: (typeof kinds)[number] }>();
    for (let index = 0; index < count; index++) {
      const kind = kinds[index % kinds.length]!;
      const body = { templateId: templateOf.get(kind.library), params: kind.params(index) };
      const started = await send(index, manager, '/api/processes', body, `start-${index}`);
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      processes.set(started.body.id as string, { index, kind });
    }

    // Scripted people: the assistant submits what is hers, the manager approves what she sent for review; each reads
    // the inbox on either API instance. Halfway through, kill -9 of the first worker and the second API instance;
    // both come back while the work goes on.
    const actions: string[] = [];
    let restarted: Promise<void> | undefined;
    const inbox = async (round: number, user: TestUser) => {
      try {
        const page = await call(base(round), user, 'GET', '/api/inbox?limit=200');
        return (
          (page.body.items as { id: string; processId: string; nodeId: string; as: string; status: string }[]) ?? []
        );
      } catch {
        return [];
      }
    };
    const finishedAt = Date.now() + 600_000;
    for (let round = 0; ; round++) {
      if (Date.now() > finishedAt) throw new Error(`the processes did not finish; actions so far: ${actions.length}`);
      let acted = 0;
      for (const item of await inbox(round, assistant)) {
        const process = processes.get(item.processId);
        if (!process || item.as !== 'assignee' || !['open', 'inProgress'].includes(item.status)) continue;
        const answer = await send(
          round + acted,
          assistant,
          `/api/steps/${item.id}/actions`,
          { type: 'submit', values: process.kind.values(process.index) },
          `${item.processId}-${item.nodeId}-submit`
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        actions.push(`submit ${item.processId} ${item.nodeId}`);
        acted++;
      }
      for (const item of await inbox(round + 1, manager)) {
        if (!processes.has(item.processId) || item.as !== 'reviewer' || item.status !== 'inReview') continue;
        const answer = await send(
          round + acted,
          manager,
          `/api/steps/${item.id}/actions`,
          { type: 'approve' },
          `${item.processId}-${item.nodeId}-approve`
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        actions.push(`approve ${item.processId} ${item.nodeId}`);
        acted++;
      }
      if (!restarted && actions.length >= count / 2) {
        workers[0]!.child.kill('SIGKILL');
        apiChildren[1]!.child.kill('SIGKILL');
        alive.delete(1);
        await Promise.all([workers[0]!.exit, apiChildren[1]!.exit]);
        const worker = startWorker(0);
        const api = startApi(apiPorts[1]!);
        restarted = Promise.all([
          waitForLine(worker, /Baton worker is ready/),
          waitForLine(api, /Baton is ready/),
        ]).then(() => void alive.add(1));
      }
      if (acted > 0) continue;
      const statuses = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM processes WHERE workflow_id = ANY($1) AND status = 'completed'",
        [[...processes.keys()]]
      );
      if (statuses.rows[0]!.n === count) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await restarted;
    const processIds = [...processes.keys()];
    // Through the API too: every process completed.
    for (const processId of processIds) {
      const detail = await call(
        apis[processes.get(processId)!.index % 2]!,
        manager,
        'GET',
        `/api/processes/${processId}`
      );
      expect(detail.body.status).toBe('completed');
    }

    // One report workflow per manager, however many workers started (and restarted) and ensured it.
    const connection = await Connection.connect({ address: shared.TEMPORAL_ADDRESS! });
    try {
      const temporal = new Client({ connection });
      const reports = await eventually(async () => {
        const ids: string[] = [];
        for await (const run of temporal.workflow.list({
          query: "WorkflowType = 'reportWorkflow' AND ExecutionStatus = 'Running'",
        }))
          ids.push(run.workflowId);
        return ids.includes(`report-${manager.id}`) ? ids : undefined;
      }, "the manager's report workflow");
      expect(reports.filter((id) => id === `report-${manager.id}`)).toHaveLength(1);
      expect(reports.filter((id) => id === `report-${assistant.id}`)).toHaveLength(0);
    } finally {
      await connection.close();
    }

    // Each step was created once, done once, submitted once and (where reviewed) approved once.
    const { rows } = await pool.query<{ workflow_id: string; node_id: string; tasks: number; done: number }>(
      `SELECT workflow_id, node_id, count(*)::int AS tasks, count(*) FILTER (WHERE status = 'done')::int AS done
         FROM process_tasks WHERE workflow_id = ANY($1) GROUP BY workflow_id, node_id`,
      [processIds]
    );
    const expectedSteps = processIds.map((processId) => {
      const { index, kind } = processes.get(processId)!;
      const node = kind.library === 'client-request' && index % 2 === 0 ? 'answer-urgent' : kind.steps[0]!;
      return `${processId} ${node} 1 1`;
    });
    expect(rows.map((row) => `${row.workflow_id} ${row.node_id} ${row.tasks} ${row.done}`).sort()).toEqual(
      expectedSteps.sort()
    );
    const audit = await pool.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM process_audit
        WHERE workflow_id = ANY($1) AND action IN ('submitted', 'approved') GROUP BY action ORDER BY action`,
      [processIds]
    );
    const reviewed = processIds.filter((id) => processes.get(id)!.kind.library !== 'client-request').length;
    expect(audit.rows).toEqual([
      { action: 'approved', n: reviewed },
      { action: 'submitted', n: count },
    ]);
    expect(actions).toHaveLength(count + reviewed);

    // No notification lost or doubled in the in-app feed: one "new step" per process for the assistant, one conflict
    // report per conflicting client request for the manager, and the feed the API serves holds exactly those.
    const feed = await pool.query<{ user_id: string; workflow_id: string; key: string | null; n: number }>(
      `SELECT user_id, workflow_id, notice->>'key' AS key, count(*)::int AS n FROM notifications
        WHERE workflow_id = ANY($1) GROUP BY user_id, workflow_id, notice->>'key'`,
      [processIds]
    );
    expect(feed.rows.filter((row) => row.n !== 1)).toEqual([]);
    const newSteps = feed.rows.filter((row) => row.user_id === assistant.id && row.key === 'stepNew');
    expect(newSteps.map((row) => row.workflow_id).sort()).toEqual([...processIds].sort());
    const conflicts = processIds.filter((id) => {
      const { index, kind } = processes.get(id)!;
      return kind.library === 'client-request' && index % 4 === 1;
    });
    expect(conflicts.length).toBeGreaterThan(0);
    const toManager = feed.rows.filter((row) => row.user_id === manager.id);
    expect(toManager.map((row) => row.workflow_id).sort()).toEqual(conflicts.sort());
    const served = await call(apis[1]!, assistant, 'GET', '/api/notifications?limit=200');
    const ours = (served.body.items as { processId: string | null; title: string }[]).filter(
      (item) => item.processId !== null && processes.has(item.processId)
    );
    expect(ours).toHaveLength(feed.rows.filter((row) => row.user_id === assistant.id).length);
  }, 900_000);
});
