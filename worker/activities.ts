import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createDutyActivities } from './duty.activities';
import { createProcessActivities } from './process.activities';
import { createReportActivities } from './report.activities';

export interface ActivityDeps {
  pool: Pool;
  logger: Logger;
}

/**
 * Builds the activities with their dependencies injected, so tests can pass their own pool and logger.
 * Process activities (tasks, audit, outbox, calendars) come from ./process.activities.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProcessActivities(deps),
    ...createDutyActivities(deps),
    ...createReportActivities(deps),
    /** Reads this installation's id: lets a workflow confirm that the worker reaches Baton's database. */
    async getInstanceId(): Promise<string> {
      const result = await deps.pool.query<{ instance_id: string }>('SELECT instance_id FROM baton_instance');
      const row = result.rows[0];
      if (!row) throw new Error('baton_instance is empty: the migrations have not run on this database');
      return row.instance_id;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
