/**
 * A real @temporalio/worker in its own process, for tests that kill a worker while it holds a task:
 * `node --import tsx doomed-worker.ts <address> <taskQueue> <workflow bundle path> <identity>`.
 * Debug mode turns off the deadlock detector, so a hanging workflow task stays held until the kill.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './conformance.activities';
import { quietRuntime } from './harness';

const [address, taskQueue, codePath, identity] = process.argv.slice(2);
if (!address || !taskQueue || !codePath || !identity) {
  process.stderr.write('usage: doomed-worker.ts <address> <taskQueue> <workflow bundle path> <identity>\n');
  process.exit(2);
}
quietRuntime();
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  identity,
  workflowBundle: { codePath },
  activities,
  debugMode: true,
  stickyQueueScheduleToStartTimeout: '1s',
});
process.stdout.write('ready\n');
await worker.run();
