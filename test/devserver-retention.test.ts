import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type * as workflows from '../devserver/test-support/conformance.workflows';
import { startHarness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// Retention as the real server applies it: a closed run and its history go once the namespace's retention has passed
// since it closed; open runs stay, in memory and in storage, across a restart.

afterAll(dropPreparedDatabases);

describe.each(devserverStorages)('devserver retention on $name storage', ({ prepare }) => {
  it('deletes a closed run past its retention with its history and keeps the open one, also after a restart', async () => {
    const { open, url } = await prepare();
    const h = await startHarness(open());
    try {
      const taskQueue = `retention-${randomUUID()}`;
      h.server.engine.setRetention('default', 1_000);
      const closedId = `closed-${randomUUID()}`;
      const openId = `open-${randomUUID()}`;
      const waiting = await h.withWorker(taskQueue, async () => {
        await h.client.workflow.execute<typeof workflows.sleeper>('sleeper', {
          taskQueue,
          workflowId: closedId,
          args: [1],
        });
        const handle = await h.client.workflow.start<typeof workflows.collector>('collector', {
          taskQueue,
          workflowId: openId,
        });
        await handle.signal('addItem', 'kept');
        return handle;
      });
      // Within retention nothing goes. (The server's own sweep may also run meanwhile: assert the state, not counts.)
      await h.server.engine.sweepRetention();
      expect((await h.client.workflow.getHandle(closedId).describe()).status.name).toBe('COMPLETED');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await h.server.engine.sweepRetention();
      await expect(h.client.workflow.getHandle(closedId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect((await waiting.describe()).status.name).toBe('RUNNING');
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const rows = await client.query<{ workflow_id: string; events: number }>(
            `SELECT e.workflow_id, (SELECT count(*)::int FROM baton_devserver.history_events h
                                      WHERE h.workflow_id = e.workflow_id) AS events
               FROM baton_devserver.executions e WHERE e.workflow_id = ANY($1)`,
            [[closedId, openId]]
          );
          expect(rows.rows).toHaveLength(1);
          expect(rows.rows[0]!.workflow_id).toBe(openId);
          expect(rows.rows[0]!.events).toBeGreaterThan(0);
          const orphans = await client.query(
            'SELECT count(*)::int AS n FROM baton_devserver.history_events WHERE workflow_id = $1',
            [closedId]
          );
          expect(orphans.rows[0]).toEqual({ n: 0 });
        } finally {
          await client.end();
        }
      }

      await h.restart(open());
      await expect(h.client.workflow.getHandle(closedId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      const result = await h.withWorker(taskQueue, async () => {
        await waiting.signal('finish');
        return await waiting.result();
      });
      expect(result).toEqual(['kept']);
      // The retention set for the namespace survived the restart.
      const described = await h.client.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(1);
    } finally {
      await h.close();
    }
  }, 60_000);
});
