import type pg from 'pg';

/**
 * Copies a stored run (its record and every history event) `copies` times under new workflow ids
 * (`<workflowId>-1`, `-2`, …) in two statements: a store of many closed or open runs without running them, for the
 * store benchmark and the retention tests.
 */
export async function copyStoredRun(db: pg.ClientBase, workflowId: string, copies: number): Promise<void> {
  await db.query(
    `INSERT INTO baton_devserver.executions (namespace, workflow_id, run_id, data)
     SELECT namespace, workflow_id || '-' || g, run_id, jsonb_set(data, '{workflowId}', to_jsonb(workflow_id || '-' || g))
       FROM baton_devserver.executions, generate_series(1, $2::int) g WHERE workflow_id = $1`,
    [workflowId, copies]
  );
  await db.query(
    `INSERT INTO baton_devserver.history_events (namespace, workflow_id, run_id, event_id, data)
     SELECT namespace, workflow_id || '-' || g, run_id, event_id, data
       FROM baton_devserver.history_events, generate_series(1, $2::int) g WHERE workflow_id = $1`,
    [workflowId, copies]
  );
}
