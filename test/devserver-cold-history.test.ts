import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addItem, finish, items, setLabel } from '../devserver/test-support/conformance.workflows';
import type * as workflows from '../devserver/test-support/conformance.workflows';
import { startHarness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// A devserver that runs for years holds in memory only what is open: closed runs keep their records (for list and
// describe) but their histories stay in storage until someone reads them, with a few recently read ones cached.

afterAll(dropPreparedDatabases);

describe.each(devserverStorages)('closed histories read on demand, $name storage', ({ prepare }) => {
  it('answers history, describe, list, queries and finished updates of closed runs after a restart', async () => {
    const { open } = await prepare();
    const cache = 2;
    const h = await startHarness(open(), { closedHistoryCache: cache });
    try {
      const taskQueue = `cold-${randomUUID()}`;
      const closedIds = Array.from({ length: 5 }, (_, index) => `closed-${index}-${randomUUID()}`);
      const openId = `open-${randomUUID()}`;
      const updatedId = `updated-${randomUUID()}`;
      const before = new Map<string, unknown>();
      await h.withWorker(taskQueue, async () => {
        for (const [index, workflowId] of closedIds.entries()) {
          const handle = await h.client.workflow.start<typeof workflows.collector>('collector', {
            taskQueue,
            workflowId,
          });
          for (let item = 0; item <= index; item++) await handle.signal(addItem, `item ${item}`);
          await handle.signal(finish);
          await handle.result();
        }
        const updated = await h.client.workflow.start<typeof workflows.updatable>('updatable', {
          taskQueue,
          workflowId: updatedId,
        });
        expect(await updated.executeUpdate(setLabel, { args: ['blue'], updateId: 'paint-1' })).toBe('label=blue');
        await updated.signal(finish);
        await updated.result();
        const kept = await h.client.workflow.start<typeof workflows.collector>('collector', {
          taskQueue,
          workflowId: openId,
        });
        await kept.signal(addItem, 'still open');
      });
      for (const workflowId of [...closedIds, updatedId])
        before.set(workflowId, (await h.client.workflow.getHandle(workflowId).fetchHistory()).events);
      await h.server.engine.flush();
      // Written or read, only the most recent closed histories stay in memory.
      expect(h.server.engine.closedHistoriesInMemory).toBeLessThanOrEqual(cache);

      await h.restart(open());
      // A start reads no closed history at all.
      expect(h.server.engine.closedHistoriesInMemory).toBe(0);
      for (const workflowId of [...closedIds, updatedId]) {
        const handle = h.client.workflow.getHandle(workflowId);
        const events = before.get(workflowId) as unknown[];
        expect((await handle.describe()).historyLength).toBe(events.length);
        expect((await handle.fetchHistory()).events).toEqual(events);
        expect(h.server.engine.closedHistoriesInMemory).toBeLessThanOrEqual(cache);
      }
      const listed: { id: string; length: number }[] = [];
      for await (const run of h.client.workflow.list({ query: "WorkflowType = 'collector'" }))
        listed.push({ id: run.workflowId, length: run.historyLength });
      expect(listed.map((run) => run.id).sort()).toEqual([...closedIds, openId].sort());
      for (const run of listed.filter((entry) => entry.id !== openId))
        expect(run.length).toBe((before.get(run.id) as unknown[]).length);

      await h.withWorker(taskQueue, async () => {
        // A query of a closed run replays its history, read back from storage.
        expect(await h.client.workflow.getHandle(closedIds[4]!).query(items)).toEqual([
          'item 0',
          'item 1',
          'item 2',
          'item 3',
          'item 4',
        ]);
        // The same update id again on the closed run: its outcome, from history.
        const updated = h.client.workflow.getHandle(updatedId);
        expect(await updated.executeUpdate(setLabel, { args: ['red'], updateId: 'paint-1' })).toBe('label=blue');
        // The open run was kept whole and goes on.
        const kept = h.client.workflow.getHandle<typeof workflows.collector>(openId);
        await kept.signal(addItem, 'after the restart');
        await kept.signal(finish);
        expect(await kept.result()).toEqual(['still open', 'after the restart']);
      });
      await h.server.engine.flush();
      expect(h.server.engine.closedHistoriesInMemory).toBeLessThanOrEqual(cache);
    } finally {
      await h.close();
    }
  }, 120_000);
});
