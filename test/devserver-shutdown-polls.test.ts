import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import { startHarness } from '../devserver/test-support/harness';

// workerPollCompleteOnShutdown: a stopping worker says so with ShutdownWorker, and the server answers that worker's
// outstanding long polls at once (empty), so no task is handed to a worker that will not run it. Another worker's
// polls on the same queue keep waiting.

const TaskQueueType = temporal.api.enums.v1.TaskQueueType;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms, 'still waiting'));

describe('devserver: ShutdownWorker completes the stopping worker’s polls', () => {
  it('answers only that worker instance’s polls, at once, and says it can', async () => {
    const h = await startHarness(new MemoryStorage());
    try {
      const service = h.client.workflowService;
      const described = await service.describeNamespace({ namespace: 'default' });
      expect(described.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown).toBe(true);
      const taskQueue = `shutdown-${randomUUID()}`;
      const poll = (workerInstanceKey: string, kind: 'workflow' | 'activity') => {
        const request = {
          namespace: 'default',
          taskQueue: { name: taskQueue },
          identity: `worker ${workerInstanceKey}`,
          workerInstanceKey,
        };
        return kind === 'workflow' ? service.pollWorkflowTaskQueue(request) : service.pollActivityTaskQueue(request);
      };
      const stopping = [poll('instance-a', 'workflow'), poll('instance-a', 'activity')];
      const staying = poll('instance-b', 'activity');
      await sleep(300);
      await service.shutdownWorker({
        namespace: 'default',
        identity: 'worker instance-a',
        workerInstanceKey: 'instance-a',
        taskQueue,
        taskQueueTypes: [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
        stickyTaskQueue: '',
        reason: 'graceful shutdown',
      });
      // Well before the 60-second long poll would have ended on its own.
      const answered = await Promise.race([Promise.all(stopping), sleep(20_000)]);
      expect(answered).not.toBe('still waiting');
      for (const response of answered as { taskToken?: Uint8Array | null }[])
        expect(response.taskToken?.length ?? 0).toBe(0);
      expect(await Promise.race([staying.then(() => 'answered'), sleep(500)])).toBe('still waiting');
      await service.shutdownWorker({
        namespace: 'default',
        identity: 'worker instance-b',
        workerInstanceKey: 'instance-b',
        taskQueue,
        taskQueueTypes: [TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
        stickyTaskQueue: '',
      });
      expect((await staying).taskToken?.length ?? 0).toBe(0);
    } finally {
      await h.close();
    }
  }, 60_000);
});
