import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

// Live events: rows written to process_tasks / process_audit (as the worker writes them) reach the person's stream
// through the triggers and LISTEN/NOTIFY, in order; a reconnect with Last-Event-ID gets what it missed.
let h: Harness;
let assistant: TestUser;
let manager: TestUser;
const PROCESS = 'process-00000000-0000-4000-8000-0000000000e1';

interface Received {
  id: string;
  event: string;
  data: { type: string; stepId: string | null; data: Record<string, unknown> };
}

/** Reads Server-Sent Events from a response body until `count` have arrived. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(count: number, timeoutMs = 15_000): Promise<Received[]> {
      const events: Received[] = [];
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0 && events.length < count) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => !line.startsWith(':') && line.includes(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()])
          ) as Record<string, string>;
          if (fields.data)
            events.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) as Received['data'] });
          boundary = buffer.indexOf('\n\n');
        }
        if (events.length >= count) break;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`only ${events.length} of ${count} events arrived`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), remaining)),
        ]);
        if (chunk.done) throw new Error('the stream ended');
        buffer += chunk.value;
      }
      return events;
    },
    close: () => reader.cancel(),
  };
}

beforeAll(async () => {
  h = await createHarness();
  assistant = await addUser(h.pool, 'assistant');
  manager = await addUser(h.pool, 'manager');
});
afterAll(async () => h.close());

const addTask = async (node: string) =>
  (
    await h.pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer)
       VALUES ($1, $2, 1, $2, $3, $4) RETURNING id`,
      [PROCESS, node, assistant.id, manager.id]
    )
  ).rows[0]!.id;

describe('live events', () => {
  it('delivers new steps, changes and comments in order, and resumes from Last-Event-ID without loss', async () => {
    const first = await h.app.request('/api/events', { headers: bearer(assistant) });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    const stream = sseReader(first);

    const one = await addTask('one');
    const two = await addTask('two');
    await h.pool.query("UPDATE process_tasks SET status = 'inProgress' WHERE id = $1", [one]);
    await h.pool.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail)
       VALUES ('k1', $1, 'one', 'commented', $2, '{"text":"Please hurry"}')`,
      [PROCESS, manager.id]
    );
    const received = await stream.next(4);
    expect(received.map((event) => [event.event, event.data.stepId])).toEqual([
      ['step.created', one],
      ['step.created', two],
      ['step.changed', one],
      ['comment', one],
    ]);
    const ids = received.map((event) => Number(event.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    await stream.close();

    // Written while nobody listens: an escalation and a reassignment away from the assistant.
    await h.pool.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail)
       VALUES ('k2', $1, 'two', 'escalated', 'system', '{"level":1}')`,
      [PROCESS]
    );
    await h.pool.query('UPDATE process_tasks SET assignee = $2 WHERE id = $1', [two, manager.id]);

    const resumed = await h.app.request('/api/events', {
      headers: bearer(assistant, { 'last-event-id': received.at(-1)!.id }),
    });
    const again = sseReader(resumed);
    const missed = await again.next(2);
    expect(missed.map((event) => [event.event, event.data.stepId])).toEqual([
      ['escalation', two],
      ['step.changed', two],
    ]);
    expect(Number(missed[0]!.id)).toBeGreaterThan(Number(received.at(-1)!.id));
    // And it stays live after the replay.
    const three = await addTask('three');
    expect((await again.next(1))[0]).toMatchObject({ event: 'step.created', data: { stepId: three } });
    await again.close();
  });

  it('starts from now without Last-Event-ID and only carries the caller’s own events', async () => {
    const response = await h.app.request('/api/events', { headers: bearer(manager) });
    const stream = sseReader(response);
    // The manager reviews every task above but was not told of them before connecting; now a comment by the
    // assistant on step "one" is for the manager (the reviewer), not for the assistant who wrote it.
    await h.pool.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail)
       VALUES ('k3', $1, 'one', 'commented', $2, '{"text":"Done soon"}')`,
      [PROCESS, assistant.id]
    );
    const [event] = await stream.next(1);
    expect(event).toMatchObject({ event: 'comment', data: { data: { actor: assistant.id } } });
    await stream.close();
    const own = await h.pool.query('SELECT count(*)::int AS n FROM user_events WHERE user_id = $1 AND type = $2', [
      assistant.id,
      'comment',
    ]);
    expect(own.rows[0]).toEqual({ n: 1 });
  });

  it('serves the same events from two API instances, each with its own LISTEN connection', async () => {
    // A second API process on the same database: its own app and event hub.
    const second = createApp({
      logger: pino({ level: 'silent' }),
      pool: h.pool,
      checks: {
        postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
        temporal: () => Promise.resolve({ ok: false, detail: 'test' }),
      },
    });
    const streams = [
      sseReader(await h.app.request('/api/events', { headers: bearer(assistant) })),
      sseReader(await second.request('/api/events', { headers: bearer(assistant) })),
    ];
    const four = await addTask('four');
    for (const stream of streams) {
      expect((await stream.next(1))[0]).toMatchObject({ event: 'step.created', data: { stepId: four } });
      await stream.close();
    }
  });
});
