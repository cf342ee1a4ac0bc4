import type pg from 'pg';

/**
 * The longest a step action waits for its workflow update; then it answers 202 (outcome unknown).
 *
 * Step actions no longer claim a row in `step_claims` before they are sent: the process workflow validates every
 * update against the state with all updates accepted before it, so of two concurrent completions of the same step
 * exactly one is applied and the other refused, whichever API instance sent it.
 */
export const STEP_UPDATE_DEADLINE_MS = 30_000;

/**
 * At start-up, claims left by an earlier version of Baton (which claimed before sending) guard nothing: a claim whose
 * step row has not moved since it was made, or on a finished step, goes. An instance of that version still running on
 * a shared database keeps the claims of steps its actions moved. Returns how many claims were released.
 */
export async function reconcileStepClaims(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM step_claims c
      WHERE NOT EXISTS (
        SELECT 1 FROM process_tasks t
         WHERE t.id = c.task_id AND t.status IN ('open', 'inProgress', 'inReview') AND t.updated_at >= c.created_at)`
  );
  return rowCount ?? 0;
}
