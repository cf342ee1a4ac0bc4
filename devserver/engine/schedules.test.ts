import { describe, expect, it } from 'vitest';
import { api } from '../proto';
import { MemoryStorage } from '../storage/memory.storage';
import { testLogger } from '../test-support/harness';
import { Engine } from './engine';
import { Schedules } from './schedules';

// The scheduler against the real engine and storage with a clock the test moves: what a restart after a long
// downtime does with the times that came due meanwhile (catch-up window), without waiting for them.

async function boot(storage: MemoryStorage, now: () => number): Promise<{ engine: Engine; schedules: Schedules }> {
  const engine = new Engine({ storage, logger: testLogger, now });
  await engine.start(['default']);
  const schedules = new Schedules(engine, testLogger);
  schedules.start();
  await engine.flush();
  return { engine, schedules };
}

describe('schedules across a restart', () => {
  it('takes the times within the catch-up window and counts the older ones as missed', async () => {
    const storage = new MemoryStorage();
    let clock = Date.parse('2026-03-01T00:00:00.500Z');
    const first = await boot(storage, () => clock);
    first.schedules.create({
      namespace: 'default',
      scheduleId: 'every-second',
      requestId: 'create-1',
      schedule: {
        spec: {
          interval: [{ interval: api.schedule.v1.IntervalSpec.fromObject({ interval: { seconds: 1 } }).interval }],
        },
        action: {
          startWorkflow: { workflowId: 'tick', workflowType: { name: 'tick' }, taskQueue: { name: 'ticks' } },
        },
        policies: {
          overlapPolicy: api.enums.v1.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
          catchupWindow: api.schedule.v1.SchedulePolicies.fromObject({ catchupWindow: { seconds: 10 } }).catchupWindow,
        },
      },
    });
    await first.engine.flush();
    first.schedules.shutdown();
    first.engine.shutdown();

    // Down for a minute: 60 times came due; only those within the last 10 s are still taken.
    clock += 60_000;
    const second = await boot(storage, () => clock);
    try {
      const described = second.schedules.describe({ namespace: 'default', scheduleId: 'every-second' }) as {
        info: {
          actionCount: number;
          missedCatchupWindow: number;
          recentActions: { startWorkflowResult: { workflowId: string } }[];
        };
      };
      expect(described.info.missedCatchupWindow).toBe(50);
      expect(described.info.actionCount).toBe(10);
      const ids = described.info.recentActions.map((action) => action.startWorkflowResult.workflowId);
      expect(ids).toEqual(
        Array.from(
          { length: 10 },
          (_, i) =>
            `tick-${new Date(Date.parse('2026-03-01T00:00:51Z') + i * 1000).toISOString().replace('.000Z', 'Z')}`
        )
      );
      for (const id of ids) expect(second.engine.currentRun('default', id)?.record.status).toBe('Running');
      // Storage holds the same state, committed with the starts.
      const stored = await storage.load();
      expect(stored.schedules[0]?.actionCount).toBe(10);
    } finally {
      second.schedules.shutdown();
      second.engine.shutdown();
    }
  });
});
