import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { SearchAttributeType, defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietRuntime, startHarness, type Harness } from '../devserver/test-support/harness';
import { devserverStorages, type StorageBacking } from './support/devserver-storages';
import { createLocalTestEnvironment } from './support/temporal';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const customer = defineSearchAttributeKey('Customer', SearchAttributeType.KEYWORD);
const priority = defineSearchAttributeKey('Priority', SearchAttributeType.INT);
const score = defineSearchAttributeKey('Score', SearchAttributeType.DOUBLE);
const urgent = defineSearchAttributeKey('Urgent', SearchAttributeType.BOOL);
const dueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
const tags = defineSearchAttributeKey('Tags', SearchAttributeType.KEYWORD_LIST);
const notes = defineSearchAttributeKey('Notes', SearchAttributeType.TEXT);

interface Seed {
  id: string;
  workflow: 'collector' | 'sleeper' | 'failing';
  args: unknown[];
  attributes: SearchAttributePair[];
  terminate?: boolean;
}

// One conformance run per storage: the same runs, queries and expected answers on memory and PostgreSQL.
describe.each(devserverStorages)('devserver visibility, $name storage', (storageCase) => {
  let harness: Harness;
  let backing: StorageBacking;
  const taskQueue = `visibility-${randomUUID()}`;
  const ids = {
    a: `order-a-${randomUUID()}`,
    b: `order-b-${randomUUID()}`,
    c: `order-c-${randomUUID()}`,
    d: `order-d-${randomUUID()}`,
    e: `duty-e-${randomUUID()}`,
    f: `duty-f-${randomUUID()}`,
  };

  beforeAll(async () => {
    quietRuntime();
    backing = await storageCase.prepare();
    harness = await startHarness(backing.open());
    await harness.client.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: {
        Customer: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        Priority: IndexedValueType.INDEXED_VALUE_TYPE_INT,
        Score: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
        Urgent: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
        DueAt: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
        Tags: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
        Notes: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
      },
    });
    const seeds: Seed[] = [
      {
        id: ids.a,
        workflow: 'collector',
        args: [],
        attributes: [
          { key: customer, value: 'ACME' },
          { key: priority, value: 3 },
          { key: score, value: 0.5 },
          { key: urgent, value: true },
          { key: dueAt, value: new Date('2026-03-01T00:00:00Z') },
          { key: tags, value: ['finance', 'q1'] },
          { key: notes, value: 'Quarterly invoice needs urgent review' },
        ],
      },
      {
        id: ids.b,
        workflow: 'sleeper',
        args: [1],
        attributes: [
          { key: customer, value: 'Globex' },
          { key: priority, value: 1 },
          { key: urgent, value: false },
          { key: tags, value: ['hr'] },
        ],
      },
      { id: ids.c, workflow: 'failing', args: ['nope'], attributes: [{ key: priority, value: 10 }] },
      {
        id: ids.d,
        workflow: 'collector',
        args: [],
        attributes: [
          { key: customer, value: 'ACME Corp' },
          { key: dueAt, value: new Date('2026-01-15T00:00:00Z') },
        ],
        terminate: true,
      },
      { id: ids.e, workflow: 'collector', args: [], attributes: [{ key: tags, value: ['finance'] }] },
      { id: ids.f, workflow: 'sleeper', args: [1], attributes: [{ key: score, value: 7.5 }] },
    ];
    // Started one after another so start times (and the default order) are distinct.
    for (const seed of seeds) {
      const handle = await harness.client.workflow.start(seed.workflow, {
        taskQueue,
        workflowId: seed.id,
        args: seed.args,
        typedSearchAttributes: seed.attributes,
      });
      if (seed.terminate) await handle.terminate('not needed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await harness.withWorker(taskQueue, async () => {
      await harness.client.workflow.getHandle(ids.b).result();
      await harness.client.workflow.getHandle(ids.f).result();
      await expect(harness.client.workflow.getHandle(ids.c).result()).rejects.toThrow();
    });
  });

  afterAll(async () => {
    if (harness) {
      for (const id of [ids.a, ids.e])
        await harness.client.workflow
          .getHandle(id)
          .terminate('done')
          .catch(() => {});
      await harness.close();
    }
    await backing?.cleanup();
  });

  async function listIds(query: string, pageSize?: number): Promise<string[]> {
    // Scope to this file's runs; an ORDER BY stays outside the parentheses.
    const [filter = '', order = ''] = query.split(/(?=ORDER BY)/);
    const found: string[] = [];
    for await (const info of harness.client.workflow.list({
      query: `TaskQueue = '${taskQueue}' AND (${filter}) ${order}`,
      pageSize,
    })) {
      found.push(info.workflowId);
    }
    return found;
  }

  async function queryChecks(): Promise<void> {
    const closedByWorker = new Set([ids.b, ids.c, ids.f]);
    const cases: [string, string[]][] = [
      ["ExecutionStatus = 'Running'", [ids.e, ids.a]],
      ["ExecutionStatus != 'Running'", [ids.f, ids.c, ids.b, ids.d]],
      ["ExecutionStatus IN ('Failed', 'Terminated')", [ids.c, ids.d]],
      ["WorkflowType = 'collector' AND ExecutionStatus = 'Running'", [ids.e, ids.a]],
      ["WorkflowId STARTS_WITH 'duty-'", [ids.e, ids.f]],
      ["Customer = 'ACME' OR Customer = 'Globex'", [ids.a, ids.b]],
      ["Customer STARTS_WITH 'ACME'", [ids.a, ids.d]],
      ['Priority >= 3', [ids.a, ids.c]],
      ['Priority BETWEEN 1 AND 3', [ids.a, ids.b]],
      ['Score > 1.0', [ids.f]],
      ['Urgent = false', [ids.b]],
      ["DueAt < '2026-02-01T00:00:00Z'", [ids.d]],
      ["Tags = 'finance'", [ids.e, ids.a]],
      ["Tags IN ('hr', 'q1')", [ids.a, ids.b]],
      ["Notes = 'urgent invoice'", [ids.a]],
      ["StartTime > '2000-01-01T00:00:00Z' AND CloseTime > '2000-01-01T00:00:00Z'", [ids.f, ids.c, ids.b, ids.d]],
      ["WorkflowId != '' ORDER BY Priority DESC", [ids.c, ids.a, ids.b, ids.e, ids.f, ids.d]],
      ["WorkflowId != '' ORDER BY StartTime", [ids.a, ids.b, ids.c, ids.d, ids.e, ids.f]],
    ];
    for (const [query, expected] of cases) {
      const found = await listIds(query);
      // The three runs the worker closes finish in any order: compare order only where the query fixes it.
      const ordered = query.includes('ORDER BY') || !expected.some((id) => closedByWorker.has(id));
      expect({ query, found: ordered ? found : found.sort() }).toEqual({
        query,
        found: ordered ? expected : expected.sort(),
      });
    }
    // Paging through two at a time gives the same runs in the same order as one page.
    expect(await listIds("WorkflowId != ''", 2)).toEqual(await listIds("WorkflowId != ''"));
    expect(await listIds("WorkflowId != ''", 2)).toHaveLength(6);

    const counted = await harness.client.workflow.count(`TaskQueue = '${taskQueue}' GROUP BY ExecutionStatus`);
    expect(counted.count).toBe(6);
    expect(counted.groups).toEqual([
      { count: 2, groupValues: [['Completed']] },
      { count: 2, groupValues: [['Running']] },
      { count: 1, groupValues: [['Failed']] },
      { count: 1, groupValues: [['Terminated']] },
    ]);
    expect((await harness.client.workflow.count(`TaskQueue = '${taskQueue}' AND Priority > 0`)).count).toBe(3);
  }

  it('lists (paged) and counts (grouped by status) with typed comparisons on system and custom attributes', async () => {
    await queryChecks();
    const infos: WorkflowExecutionInfo[] = [];
    for await (const info of harness.client.workflow.list({ query: `WorkflowId = '${ids.a}'` })) infos.push(info);
    expect(infos[0]?.typedSearchAttributes.get(tags)).toEqual(['finance', 'q1']);
    expect(infos[0]?.typedSearchAttributes.get(dueAt)).toEqual(new Date('2026-03-01T00:00:00Z'));
  });

  it('answers the same after a restart on the same storage, registered attributes included', async () => {
    await harness.restart(backing.open());
    const listed = await harness.client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(listed.customAttributes).toMatchObject({
      Customer: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      Tags: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
      Notes: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
    });
    expect(listed.systemAttributes?.['StartTime']).toBe(IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    await queryChecks();
  });

  it('continues a page after the last run returned, so a run started between pages shifts nothing', async () => {
    const pagingQueue = `paging-${randomUUID()}`;
    const started = [];
    for (let index = 0; index < 4; index++) {
      started.push(
        await harness.client.workflow.start('collector', {
          taskQueue: pagingQueue,
          workflowId: `paging-${index}-${randomUUID()}`,
        })
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const query = `TaskQueue = '${pagingQueue}'`;
    const service = harness.client.workflowService;
    const first = await service.listWorkflowExecutions({ namespace: 'default', query, pageSize: 2 });
    // Open runs sort newest first, so this one lands at the head of the list, before the first page.
    started.push(
      await harness.client.workflow.start('collector', {
        taskQueue: pagingQueue,
        workflowId: `paging-late-${randomUUID()}`,
      })
    );
    const second = await service.listWorkflowExecutions({
      namespace: 'default',
      query,
      pageSize: 2,
      nextPageToken: first.nextPageToken,
    });
    const idsOf = (page: typeof first) => page.executions.map((info) => info.execution?.workflowId);
    expect(idsOf(first)).toEqual([started[3]?.workflowId, started[2]?.workflowId]);
    expect(idsOf(second)).toEqual([started[1]?.workflowId, started[0]?.workflowId]);
    expect(second.nextPageToken?.length ?? 0).toBe(0);
    await Promise.all(started.map((handle) => handle.terminate('done')));
  });

  it('serves ListOpenWorkflowExecutions and ListClosedWorkflowExecutions with their filters', async () => {
    const service = harness.client.workflowService;
    const open = await service.listOpenWorkflowExecutions({ namespace: 'default', typeFilter: { name: 'collector' } });
    const openIds = open.executions.map((info) => info.execution?.workflowId);
    expect(openIds.filter((id) => id === ids.a || id === ids.e)).toEqual([ids.e, ids.a]);
    expect(openIds).not.toContain(ids.d);
    const failed = await service.listClosedWorkflowExecutions({
      namespace: 'default',
      statusFilter: { status: temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED },
      executionFilter: { workflowId: ids.c },
    });
    expect(failed.executions.map((info) => info.execution?.workflowId)).toEqual([ids.c]);
    const sleepers = {
      namespace: 'default',
      maximumPageSize: 1,
      typeFilter: { name: 'sleeper' },
      startTimeFilter: {
        earliestTime: { seconds: Long.fromNumber(Math.floor(Date.now() / 1000) - 3600) },
        latestTime: { seconds: Long.fromNumber(Math.ceil(Date.now() / 1000) + 60) },
      },
    };
    const paged = await service.listClosedWorkflowExecutions(sleepers);
    expect(paged.executions).toHaveLength(1);
    expect(paged.nextPageToken?.length).toBeGreaterThan(0);
    const rest = await service.listClosedWorkflowExecutions({ ...sleepers, nextPageToken: paged.nextPageToken });
    expect([...paged.executions, ...rest.executions].map((info) => info.execution?.workflowId).sort()).toEqual(
      [ids.b, ids.f].sort()
    );
    expect(rest.nextPageToken?.length ?? 0).toBe(0);
    const none = await service.listClosedWorkflowExecutions({
      ...sleepers,
      startTimeFilter: { earliestTime: { seconds: Long.fromNumber(Math.ceil(Date.now() / 1000) + 60) } },
    });
    expect(none.executions).toEqual([]);
  });

  it('refuses unregistered attributes and bad syntax with INVALID_ARGUMENT, and conflicting registrations', async () => {
    await expect(harness.client.workflow.count("Region = 'EU'")).rejects.toMatchObject({
      cause: {
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining("column name 'Region' is not a valid search attribute"),
      },
    });
    await expect(
      harness.client.workflow.list({ query: 'Priority > > 1' })[Symbol.asyncIterator]().next()
    ).rejects.toMatchObject({
      cause: { code: status.INVALID_ARGUMENT, details: expect.stringContaining("position 12 near '>'") },
    });
    const operator = harness.client.connection.operatorService;
    // Registering the same name and type again is accepted; another type for the name is not.
    await operator.addSearchAttributes({
      namespace: 'default',
      searchAttributes: { Customer: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
    });
    await expect(
      operator.addSearchAttributes({
        namespace: 'default',
        searchAttributes: { Customer: IndexedValueType.INDEXED_VALUE_TYPE_INT },
      })
    ).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await expect(
      operator.addSearchAttributes({
        namespace: 'default',
        searchAttributes: { WorkflowId: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
      })
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});

describe('devserver --search-attribute', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    quietRuntime();
    env = await createLocalTestEnvironment({ extraArgs: ['--search-attribute', 'Region=Keyword'] });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('registers attributes given on the command line, usable in filters at once', async () => {
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(listed.customAttributes).toEqual({ Region: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD });
    const region = defineSearchAttributeKey('Region', SearchAttributeType.KEYWORD);
    const workflowId = `region-${randomUUID()}`;
    const handle = await env.client.workflow.start('collector', {
      taskQueue: `region-${randomUUID()}`,
      workflowId,
      typedSearchAttributes: [{ key: region, value: 'EU' }],
    });
    expect((await env.client.workflow.count("Region = 'EU'")).count).toBe(1);
    expect((await env.client.workflow.count("Region = 'US'")).count).toBe(0);
    await handle.terminate('done');
    await expect(env.client.workflow.count("Country = 'EU'")).rejects.toMatchObject({
      cause: { code: status.INVALID_ARGUMENT },
    });
  });
});
