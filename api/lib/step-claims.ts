import type pg from 'pg';

/**
 * How long a claim holds without its request answering. A step action's workflow update is cut off well before
 * (`STEP_UPDATE_DEADLINE_MS`), so only a claim whose request died with its process (kill -9, power loss) lives
 * this long; the next claim after it takes the step over.
 */
export const CLAIM_LEASE_SECONDS = 60;
/** The longest a step action waits for its workflow update; shorter than the lease, so a live claim never expires. */
export const STEP_UPDATE_DEADLINE_MS = 30_000;

/**
 * Claims a completion stage (start, submit, review) of a step round for one request: true when this request may send
 * the action, false when another request holds a live claim. An expired claim is taken over.
 */
export async function claimStep(pool: pg.Pool, taskId: string, stage: string, userId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO step_claims (task_id, stage, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (task_id, stage) DO UPDATE SET user_id = EXCLUDED.user_id, created_at = now()
      WHERE step_claims.created_at < now() - make_interval(secs => $4)`,
    [taskId, stage, userId, CLAIM_LEASE_SECONDS]
  );
  return rowCount === 1;
}

/** Gives a claim back once its action was refused or failed, so the step can be tried again at once. */
export async function releaseStepClaim(pool: pg.Pool, taskId: string, stage: string, userId: string): Promise<void> {
  await pool.query('DELETE FROM step_claims WHERE task_id = $1 AND stage = $2 AND user_id = $3', [
    taskId,
    stage,
    userId,
  ]);
}

/**
 * At start-up, no request of a previous run is still waiting: a claim whose step row has not moved since it was made
 * belongs to an action that never reached the workflow, and a claim on a finished step guards nothing. Both go.
 * An applied action moves its step row (the worker writes it before the update answers), so its claim stays.
 * Returns how many claims were released.
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
