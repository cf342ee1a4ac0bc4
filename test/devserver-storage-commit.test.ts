import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../devserver/engine/records';
import { PostgresStorage } from '../devserver/storage/postgres.storage';
import type { ExecutionChange } from '../devserver/storage/storage';
import { testLogger } from '../devserver/test-support/harness';
import { createTestDatabase, type TestDatabase } from './support/postgres';

/** A running run as the engine keeps it, with ids and texts that need escaping on the way to PostgreSQL. */
function run(workflowId: string, nextEventId: number): ExecutionRecord {
  return {
    namespace: 'default',
    workflowId,
    runId: `${workflowId}-run`,
    firstRunId: `${workflowId}-run`,
    workflowType: 'process"Workflow\\v2',
    taskQueue: 'biuro-zadań',
    status: 'Running',
    startTime: 1_765_000_000_000,
    closeTime: 0,
    executionExpiration: 0,
    runExpiration: 0,
    executionTimeoutMs: 0,
    runTimeoutMs: 0,
    taskTimeoutMs: 10_000,
    requestIds: ['a"b', 'c\\d', '{e,f}'],
    signalRequestIds: [],
    memo: null,
    searchAttributes: null,
    nextEventId,
    lastCompletedStartedEventId: 0,
    workflowTask: null,
    stickyQueue: '',
    stickyTimeoutMs: 0,
    activities: {},
    timers: {},
    buffered: [],
    cancelRequested: false,
    newRunId: '',
    historySizeBytes: 0,
  };
}

const change = (record: ExecutionRecord, eventIds: number[]): ExecutionChange => ({
  record,
  newEvents: eventIds.map((eventId) => ({ eventId, data: new Uint8Array([eventId, 0, 92, 34, 255]) })),
});

describe('the devserver storage on PostgreSQL commits runs and their events', () => {
  let database: TestDatabase;
  let storage: PostgresStorage;

  beforeAll(async () => {
    database = await createTestDatabase();
    storage = new PostgresStorage(database.url, testLogger);
    await storage.load();
  });

  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('writes several runs with their new events and reads them back unchanged, escapes and all', async () => {
    const first = run('zadanie "pierwsze" \\ {1,2}', 3);
    const second = run('zadanie-drugie-ąę', 2);
    await storage.commit({ namespaces: [], executions: [change(first, [1, 2]), change(second, [1])] });
    await storage.commit({
      namespaces: [],
      executions: [change({ ...first, nextEventId: 4, requestIds: [...first.requestIds, 'g'] }, [3])],
    });

    const loaded = await storage.load();
    const byId = new Map(loaded.executions.map((stored) => [stored.record.workflowId, stored]));
    expect(byId.get(first.workflowId)?.record).toEqual({
      ...first,
      nextEventId: 4,
      requestIds: ['a"b', 'c\\d', '{e,f}', 'g'],
    });
    expect(byId.get(second.workflowId)?.record).toEqual(second);
    expect(byId.get(first.workflowId)?.events).toEqual([1, 2, 3].map((id) => new Uint8Array([id, 0, 92, 34, 255])));
    expect(byId.get(second.workflowId)?.events).toEqual([new Uint8Array([1, 0, 92, 34, 255])]);
  });

  it('writes all of a batch or nothing: an event that is already stored undoes the runs written beside it', async () => {
    const kept = run('niepodzielna', 2);
    await storage.commit({ namespaces: [], executions: [change(kept, [1])] });

    // The run's record moves on and a second run arrives, but one event id repeats a stored one.
    const other = run('obok', 2);
    await expect(
      storage.commit({
        namespaces: [],
        executions: [change({ ...kept, nextEventId: 3 }, [1]), change(other, [1])],
      })
    ).rejects.toThrow(/duplicate key/);

    const loaded = await storage.load();
    const ids = loaded.executions.map((stored) => stored.record.workflowId);
    expect(ids).not.toContain('obok');
    const stored = loaded.executions.find((execution) => execution.record.workflowId === 'niepodzielna');
    expect(stored?.record.nextEventId).toBe(2);
    expect(stored?.events).toHaveLength(1);
  });
});
