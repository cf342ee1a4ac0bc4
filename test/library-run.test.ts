// Every built-in template runs end to end as a real process: the process workflow on the time-skipping devserver,
// activities on PostgreSQL, steps done by a scripted assistant and approved by a scripted manager.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUpdate, processStateQuery, submitUpdate } from '../workflows/process.messages';
import type { ProcessInput, ProcessResult } from '../workflows/process.workflow';
import { parseTemplate, type Template } from '../workflows/template';
import { builtInTemplates } from '../workflows/template/library';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };
const MANAGER = 'boss';
const ASSISTANT = 'anna';

type Parameter = Template['parameters'][number];
type FormField = Extract<Template['nodes'][number], { type: 'task' }>['data']['form'][number];

/** A plausible value of each type: dates a few months ahead so no deadline is already past. */
function valueFor(field: Parameter | FormField): unknown {
  switch (field.type) {
    case 'text':
      return `${field.name} value`;
    case 'date':
      return field.name === 'returnDate' ? '2027-09-24' : field.name === 'signedOn' ? '2027-03-01' : '2027-09-20';
    case 'datetime':
      return '2027-09-20T08:00:00.000Z';
    case 'number':
      return 3;
    case 'money':
      return { amount: '1200.00', currency: 'PLN' };
    case 'person':
      return ASSISTANT;
    case 'choice':
      return field.options?.[0]?.value;
    case 'boolean':
      return false;
    case 'file':
      // What the API hands the workflow for a file field: the attached files' references, never their bytes.
      return [{ id: '1', name: 'signed-contract.pdf', size: 48_213, contentType: 'application/pdf' }];
  }
}

describe('built-in templates run end to end', () => {
  let bed: ProcessTestBed;
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let pool: pg.Pool;
  let taskQueue: string;

  beforeAll(async () => {
    bed = await startProcessTestBed();
    ({ env, workflowBundle, pool, taskQueue } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it.each(builtInTemplates.map((t) => [t.id, t] as const))('%s', async (id, input) => {
    const template = parseTemplate(input);
    const params = Object.fromEntries(template.parameters.map((parameter) => [parameter.name, valueFor(parameter)]));
    const processInput: ProcessInput = { template, params, starter: MANAGER, calendar };
    const handle = await env.client.workflow.start('processWorkflow', {
      taskQueue,
      workflowId: `library-${id}-${randomUUID()}`,
      args: [processInput],
    });

    const done = new Set<string>();
    let acted = 0;
    for (let round = 0; round < 400; round++) {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') break;
      const state = await handle.query(processStateQuery).catch(() => undefined);
      const open = Object.values(state?.steps ?? {}).filter((step) => step.phase !== 'done');
      const next = open[0];
      if (!next) {
        // Nothing to do by hand: a wait or a timer stands in the way; let the test server's clock run on.
        await env.sleep('1 day');
        continue;
      }
      const node = template.nodes.find((candidate) => candidate.id === next.nodeId)!;
      if (next.phase === 'inReview' || node.type === 'approval') {
        await handle.executeUpdate(approveUpdate, {
          args: [{ nodeId: next.nodeId, actor: next.reviewer ?? next.assignee }],
        });
      } else {
        const data = node.type === 'task' ? node.data : undefined;
        await handle.executeUpdate(submitUpdate, {
          args: [
            {
              nodeId: next.nodeId,
              actor: next.assignee,
              values: Object.fromEntries((data?.form ?? []).map((field) => [field.name, valueFor(field)])),
              checklist: (data?.checklist ?? []).map((item) => item.id),
            },
          ],
        });
      }
      done.add(next.nodeId);
      acted++;
    }

    const result: ProcessResult = await handle.result();
    expect(result.status).toBe('completed');
    const humanSteps = template.nodes.filter((node) => node.type === 'task' || node.type === 'approval');
    expect(acted).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query<{ node_id: string; status: string }>(
      'SELECT node_id, status FROM process_tasks WHERE workflow_id = $1 ORDER BY id',
      [handle.workflowId]
    );
    // Every step that opened ended done, and each one the script acted on has its task row.
    expect(rows.length).toBeGreaterThanOrEqual(done.size);
    expect(rows.every((row) => row.status === 'done')).toBe(true);
    expect(new Set(rows.map((row) => row.node_id))).toEqual(done);
    expect(done.size).toBeLessThanOrEqual(humanSteps.length);
    // What the steps' forms collected (the event's cost estimate and expense total, for one) are process variables.
    for (const node of humanSteps) {
      if (node.type !== 'task' || !done.has(node.id)) continue;
      for (const field of node.data.form) expect(result.variables[field.name]).toEqual(valueFor(field));
    }
    if (id === 'event-organization') expect(result.variables).toHaveProperty('totalExpenses');
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId);
  });
});
