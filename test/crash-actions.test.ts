import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../server/free-port';
import { delegationCycleTemplate } from '../workflows/template/fixtures/delegation-cycle.fixture';

// kill -9 of Baton (and everything it started: devserver, embedded PostgreSQL) while step actions are in flight,
// restart on the same data directory, retry every action with its Idempotency-Key, and drive every process to the
// end: no step wedged, no action lost or doubled (one audit entry per action and process), every process completed.

const root = fileURLToPath(new URL('..', import.meta.url));
const PROCESSES = 20;
const ADMIN_PASSWORD = 'kill-nine-admin-password';
const PASSWORD = 'kill-nine-people-password';
const groups: number[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  for (const group of groups) killGroup(group);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Running {
  child: ChildProcess;
  lines: string[];
  base: string;
  exit: Promise<void>;
}

/** `npm start` in its own process group, so kill -9 takes Baton and all its children at once. */
async function startBaton(dir: string): Promise<Running> {
  const port = await getFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      BATON_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BATON_DATA_DIR: dir,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.push(child.pid!);
  const running: Running = {
    child,
    lines: [],
    base: `http://127.0.0.1:${port}`,
    exit: new Promise((resolve) => child.once('close', () => resolve())),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      try {
        running.lines.push((JSON.parse(part) as { msg: string }).msg);
      } catch {
        running.lines.push(part);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => running.lines.push(chunk.toString()));
  const deadline = Date.now() + 240_000;
  while (!running.lines.some((line) => line.startsWith('api: listening'))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
      throw new Error(`Baton did not start:\n${running.lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

async function killBaton(baton: Running): Promise<void> {
  killGroup(baton.child.pid!);
  await baton.exit;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One signed-in person: their session cookie works against whichever Baton runs now (sessions are in the database). */
class Person {
  cookie = '';
  constructor(
    readonly email: string,
    readonly password: string
  ) {}
  async signIn(base: string): Promise<void> {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: this.email, password: this.password }),
    });
    expect(response.status).toBe(200);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  async call(base: string, method: string, url: string, body?: unknown, key?: string): Promise<Response> {
    return fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        origin: base,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(key !== undefined && { 'idempotency-key': key }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }
}

interface Action {
  processId: string;
  stepId: string;
  by: Person;
  body: Record<string, unknown>;
  key: string;
}

const submission = {
  type: 'submit',
  values: { result: 'Done: https://example.com/result' },
  checklist: ['brief-read', 'time-logged'],
};

describe('kill -9 with step actions in flight', () => {
  it(
    'loses, wedges and doubles nothing over three crash rounds; every process completes',
    { timeout: 600_000 },
    async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-kill-nine-'));
      let baton = await startBaton(dataDir);
      const admin = new Person('admin@baton.local', ADMIN_PASSWORD);
      await admin.signIn(baton.base);
      const team = await admin.call(baton.base, 'POST', '/api/teams', { name: 'Crash office' });
      expect(team.status).toBe(201);
      const teamId = ((await team.json()) as { id: string }).id;
      const createPerson = async (role: string, email: string, reportsTo?: string) => {
        const response = await admin.call(baton.base, 'POST', '/api/users', {
          email,
          name: email.split('@')[0],
          role,
          password: PASSWORD,
          teamId,
          ...(reportsTo && { reportsTo }),
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { id: string }).id;
      };
      const managerId = await createPerson('manager', 'manager@crash.test');
      const assistantId = await createPerson('assistant', 'assistant@crash.test', managerId);
      const manager = new Person('manager@crash.test', PASSWORD);
      const assistant = new Person('assistant@crash.test', PASSWORD);
      await manager.signIn(baton.base);
      await assistant.signIn(baton.base);

      const created = await manager.call(baton.base, 'POST', '/api/templates', {
        name: 'Crash delegation',
        draft: delegationCycleTemplate,
      });
      expect(created.status).toBe(201);
      const templateId = ((await created.json()) as { id: string }).id;
      expect((await manager.call(baton.base, 'POST', `/api/templates/${templateId}/publish`)).status).toBe(201);
      const processIds: string[] = [];
      for (let index = 0; index < PROCESSES; index++) {
        const response = await manager.call(baton.base, 'POST', '/api/processes', {
          templateId,
          params: { assistant: assistantId, taskTitle: `Task ${index}` },
        });
        expect(response.status).toBe(201);
        processIds.push(((await response.json()) as { id: string }).id);
      }

      const database = () => {
        const { user, password } = JSON.parse(
          readFileSync(path.join(dataDir!, 'postgres', 'credentials.json'), 'utf8')
        ) as { user: string; password: string };
        const port = /127\.0\.0\.1:(\d+)/.exec(baton.lines.find((line) => line.startsWith('postgres: embedded'))!)![1];
        return new pg.Client({ host: '127.0.0.1', port: Number(port), database: 'baton', user, password });
      };
      const steps = new Map<string, string>();
      const waitForSteps = async (status: string) => {
        const client = database();
        await client.connect();
        try {
          const deadline = Date.now() + 120_000;
          for (;;) {
            const { rows } = await client.query<{ id: string; workflow_id: string }>(
              'SELECT id, workflow_id FROM process_tasks WHERE workflow_id = ANY($1) AND round = 1 AND status = $2',
              [processIds, status]
            );
            if (rows.length === PROCESSES) {
              for (const row of rows) steps.set(row.workflow_id, row.id);
              return;
            }
            if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${PROCESSES} steps reached ${status}`);
            await sleep(200);
          }
        } finally {
          await client.end();
        }
      };

      /**
       * Sends every action at once, kills Baton with kill -9 while they are in flight, starts it again on the same data
       * directory and retries each action with its key until it answers 200. Returns what each phase answered.
       */
      const crashRound = async (actions: Action[]) => {
        const beforeKill: Record<string, number> = {};
        const inFlight = actions.map((action) =>
          action.by
            .call(baton.base, 'POST', `/api/steps/${action.stepId}/actions`, action.body, action.key)
            .then((response) => {
              beforeKill[response.status] = (beforeKill[response.status] ?? 0) + 1;
              return response.status;
            })
            .catch(() => 'lost' as const)
        );
        // Kill once some answers are back and others are still waiting (or after 3 s whatever happened).
        const killAt = Date.now() + 3000;
        while (
          Object.values(beforeKill).reduce((sum, count) => sum + count, 0) < actions.length / 4 &&
          Date.now() < killAt
        )
          await sleep(10);
        await killBaton(baton);
        const first = await Promise.all(inFlight);
        const lost = first.filter((status) => status === 'lost').length;
        const restartAt = Date.now();
        baton = await startBaton(dataDir!);
        const restartMs = Date.now() - restartAt;
        const retryAt = Date.now();
        const unavailable = new Set<string>();
        const retries: Record<string, number> = {};
        const deadline = Date.now() + 120_000;
        for (const action of actions) {
          for (;;) {
            const response = await action.by.call(
              baton.base,
              'POST',
              `/api/steps/${action.stepId}/actions`,
              action.body,
              action.key
            );
            const label = `${response.status}${response.headers.get('idempotent-replayed') ? ' replayed' : ''}`;
            retries[label] = (retries[label] ?? 0) + 1;
            if (response.status === 200) break;
            if (response.status === 503)
              unavailable.add(((await response.clone().json()) as { detail: string }).detail);
            // 202 (outcome unknown), 409 "request in progress" or 503: ask again; anything else that lasts is a wedge.
            if (Date.now() > deadline)
              throw new Error(`step ${action.stepId} wedged: ${response.status} ${await response.text()}`);
            await response.body?.cancel();
            await sleep(500);
          }
        }
        return {
          answeredBeforeKill: beforeKill,
          lostInKill: lost,
          retries,
          restartMs,
          retryMs: Date.now() - retryAt,
          ...(unavailable.size > 0 && { unavailable: [...unavailable] }),
        };
      };

      const figures: Record<string, unknown> = {};
      await waitForSteps('open');
      figures.start = await crashRound(
        processIds.map((id) => ({
          processId: id,
          stepId: steps.get(id)!,
          by: assistant,
          body: { type: 'start' },
          key: randomUUID(),
        }))
      );
      await waitForSteps('inProgress');
      figures.submit = await crashRound(
        processIds.map((id) => ({
          processId: id,
          stepId: steps.get(id)!,
          by: assistant,
          body: submission,
          key: randomUUID(),
        }))
      );
      await waitForSteps('inReview');
      figures.approve = await crashRound(
        processIds.map((id) => ({
          processId: id,
          stepId: steps.get(id)!,
          by: manager,
          body: { type: 'approve' },
          key: randomUUID(),
        }))
      );

      // Every process ends; each action is in its history exactly once; no claim or step is left behind.
      const client = database();
      await client.connect();
      try {
        const deadline = Date.now() + 120_000;
        for (;;) {
          const { rows } = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM processes WHERE workflow_id = ANY($1) AND status = 'completed'",
            [processIds]
          );
          if (rows[0]!.n === PROCESSES) break;
          if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${PROCESSES} processes completed`);
          await sleep(500);
        }
        const audit = await client.query<{ workflow_id: string; action: string; n: number }>(
          `SELECT workflow_id, action, count(*)::int AS n FROM process_audit
          WHERE workflow_id = ANY($1) AND action IN ('started', 'submitted', 'approved') GROUP BY 1, 2`,
          [processIds]
        );
        const counts = new Map(audit.rows.map((row) => [`${row.workflow_id} ${row.action}`, row.n]));
        const wrong = processIds.flatMap((id) =>
          ['started', 'submitted', 'approved']
            .map((action) => [action, counts.get(`${id} ${action}`) ?? 0] as const)
            .filter(([, n]) => n !== 1)
            .map(([action, n]) => `${id} ${action} x${n}`)
        );
        expect(wrong).toEqual([]);
        const open = await client.query(
          "SELECT 1 FROM process_tasks WHERE workflow_id = ANY($1) AND status IN ('open', 'inProgress', 'inReview')",
          [processIds]
        );
        expect(open.rowCount).toBe(0);
        figures.audit = `${audit.rows.length} (process, action) pairs, each exactly once`;
      } finally {
        await client.end();
      }
      console.info(
        `kill -9 with ${PROCESSES} processes, 3 crash rounds (start, submit, approve): ${JSON.stringify(figures)}`
      );
      await killBaton(baton);
    }
  );
});
