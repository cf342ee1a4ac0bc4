import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { executionInfo, type Engine, type Execution } from '../engine/engine';
import type { NamespaceRecord } from '../engine/records';
import { customSearchAttributes, searchAttributeType, visibilityRow } from '../engine/visibility-query';
import { ServiceError, invalidArgument, requireString } from '../errors';
import type { RpcHandler } from '../grpc-server';
import { timestampMs } from '../proto';
import { compileQuery, defaultOrder, executionStatusNames, type VisibilityRow } from './evaluate';
import {
  indexedValueType,
  isSearchAttributeType,
  systemSearchAttributes,
  typeOfIndexedValue,
  type SearchAttributeType,
} from './search-attributes';

interface Row {
  execution: Execution;
  values: VisibilityRow;
}

function rowsOf(engine: Engine, namespace: NamespaceRecord): Row[] {
  return engine.executionsIn(namespace.name).map((execution) => ({
    execution,
    values: visibilityRow(execution.record, engine.historyLength(execution), namespace),
  }));
}

/** Runs of the namespace matching the query, in the query's order; what List and Count both see. */
export function queryExecutions(
  engine: Engine,
  namespaceName: string | null | undefined,
  query: string,
  purpose: 'list' | 'count'
): { rows: Row[]; groupBy: string[] } {
  const namespace = engine.namespace(namespaceName);
  const compiled = compileQuery(query, (name) => searchAttributeType(namespace, name), purpose);
  const rows = rowsOf(engine, namespace).filter((row) => compiled.matches(row.values));
  rows.sort((a, b) => compiled.compare(a.values, b.values));
  return { rows, groupBy: compiled.groupBy };
}

/**
 * A page token names the last run returned (and its offset as a fallback), bound to its query: the next page
 * continues after that run, so runs started between two pages neither repeat nor push entries off a page.
 */
function readPageToken(token: Uint8Array | null | undefined, query: string, rows: Row[]): number {
  if (!token?.length) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token).toString('utf8')) as { o?: unknown; q?: unknown; r?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === query) {
      const last = typeof parsed.r === 'string' ? rows.findIndex((row) => rowKey(row) === parsed.r) : -1;
      return last >= 0 ? last + 1 : parsed.o;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('nextPageToken is malformed or belongs to another query');
}

function rowKey(row: Row): string {
  return `${row.execution.record.workflowId}\u0000${row.execution.record.runId}`;
}

function page(
  rows: Row[],
  pageSize: number | null | undefined,
  token: Uint8Array | null | undefined,
  query: string
): { executions: object[]; nextPageToken: Buffer | null } {
  const offset = readPageToken(token, query, rows);
  const size = pageSize && pageSize > 0 ? pageSize : 1000;
  const next = offset + size;
  const last = rows[next - 1];
  return {
    executions: rows.slice(offset, next).map((row) => executionInfo(row.execution)),
    nextPageToken:
      next < rows.length && last ? Buffer.from(JSON.stringify({ o: next, q: query, r: rowKey(last) })) : null,
  };
}

/** A search attribute value as the real server encodes it in CountWorkflowExecutions groups. */
function keywordPayload(value: string): temporal.api.common.v1.IPayload {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
    data: Buffer.from(JSON.stringify(value)),
  };
}

type OldListRequest = temporal.api.workflowservice.v1.IListClosedWorkflowExecutionsRequest;

/** ListOpen/ListClosed: the pre-query visibility API, filtered by start (open) or close (closed) time. */
function listByState(engine: Engine, request: OldListRequest, open: boolean): object {
  const namespace = engine.namespace(request.namespace);
  const earliest = timestampMs(request.startTimeFilter?.earliestTime) ?? 0;
  const latest = timestampMs(request.startTimeFilter?.latestTime) || Infinity;
  const workflowId = request.executionFilter?.workflowId;
  const runId = request.executionFilter?.runId;
  const type = request.typeFilter?.name;
  const statusCode = request.statusFilter?.status ?? 0;
  const wantedStatus = statusCode > 0 ? (executionStatusNames as readonly string[])[statusCode] : undefined;
  const rows = rowsOf(engine, namespace).filter(({ execution: { record } }) => {
    if ((record.status === 'Running') !== open) return false;
    const time = open ? record.startTime : record.closeTime;
    if (time < earliest || time > latest) return false;
    if (workflowId && record.workflowId !== workflowId) return false;
    if (runId && record.runId !== runId) return false;
    if (type && record.workflowType !== type) return false;
    return !wantedStatus || record.status === wantedStatus;
  });
  rows.sort((a, b) => defaultOrder(a.values, b.values));
  const key = `${open ? 'open' : 'closed'}:${earliest}:${latest}:${workflowId}:${runId}:${type}:${wantedStatus}`;
  return page(rows, request.maximumPageSize, request.nextPageToken, key);
}

/** WorkflowService visibility RPCs: list, scan, count (with GROUP BY ExecutionStatus), open/closed, search attributes. */
export function visibilityHandlers(engine: Engine): Record<string, RpcHandler> {
  const list = async (request: temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest) => {
    const query = request.query ?? '';
    const { rows } = queryExecutions(engine, request.namespace, query, 'list');
    return page(rows, request.pageSize, request.nextPageToken, query);
  };
  const handlers: Record<string, (request: never) => Promise<object>> = {
    ListWorkflowExecutions: list,
    ScanWorkflowExecutions: list,
    CountWorkflowExecutions: async (request: temporal.api.workflowservice.v1.ICountWorkflowExecutionsRequest) => {
      const { rows, groupBy } = queryExecutions(engine, request.namespace, request.query ?? '', 'count');
      if (groupBy.length === 0) return { count: rows.length, groups: [] };
      const counts = new Map<string, number>();
      for (const row of rows) {
        const value = String(row.values('ExecutionStatus'));
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      // Largest group first, as the real server's aggregation returns them.
      const groups = [...counts.entries()]
        .sort(([nameA, countA], [nameB, countB]) => countB - countA || nameA.localeCompare(nameB))
        .map(([value, count]) => ({ groupValues: [keywordPayload(value)], count }));
      return { count: rows.length, groups };
    },
    ListOpenWorkflowExecutions: async (request: temporal.api.workflowservice.v1.IListOpenWorkflowExecutionsRequest) =>
      listByState(engine, request, true),
    ListClosedWorkflowExecutions: async (request: OldListRequest) => listByState(engine, request, false),
    GetSearchAttributes: async () => {
      // Not namespaced in the API: report the system attributes and those of every namespace.
      const keys: Record<string, number> = {};
      for (const [name, type] of Object.entries(systemSearchAttributes)) keys[name] = indexedValueType[type];
      for (const namespace of engine.listNamespaces()) {
        for (const [name, type] of Object.entries(customSearchAttributes(namespace)))
          keys[name] = indexedValueType[type];
      }
      return { keys };
    },
  };
  return handlers;
}

/** Checks names and types; registering the same name with the same type again is a no-op, as on the real server. */
export function validateNewSearchAttributes(
  namespace: NamespaceRecord,
  attributes: Record<string, SearchAttributeType>
): Record<string, SearchAttributeType> {
  const existing = customSearchAttributes(namespace);
  for (const [name, type] of Object.entries(attributes)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw invalidArgument(`search attribute name "${name}" is not valid (letters, digits, _, . and - only)`);
    }
    if (name in systemSearchAttributes) throw invalidArgument(`Search attribute ${name} is reserved by system.`);
    const current = existing[name];
    if (current && current !== type) {
      throw new ServiceError(status.ALREADY_EXISTS, `Search attribute ${name} already exists with type ${current}.`);
    }
  }
  return { ...existing, ...attributes };
}

/** temporal.api.operatorservice.v1.OperatorService: search attribute registration per namespace. */
export function operatorHandlers(engine: Engine): Record<string, RpcHandler> {
  const handlers: Record<string, (request: never) => Promise<object>> = {
    AddSearchAttributes: async (request: temporal.api.operatorservice.v1.IAddSearchAttributesRequest) => {
      const namespace = engine.namespace(requireString(request.namespace, 'namespace'));
      const wanted: Record<string, SearchAttributeType> = {};
      for (const [name, value] of Object.entries(request.searchAttributes ?? {})) {
        const type = typeOfIndexedValue(Number(value));
        if (!type) throw invalidArgument(`search attribute ${name}: unknown type ${String(value)}`);
        wanted[name] = type;
      }
      engine.setSearchAttributes(namespace.name, validateNewSearchAttributes(namespace, wanted));
      await engine.flush();
      return {};
    },
    RemoveSearchAttributes: async (request: temporal.api.operatorservice.v1.IRemoveSearchAttributesRequest) => {
      const namespace = engine.namespace(requireString(request.namespace, 'namespace'));
      const remaining = { ...customSearchAttributes(namespace) };
      for (const name of request.searchAttributes ?? []) {
        if (!(name in remaining)) throw new ServiceError(status.NOT_FOUND, `Search attribute ${name} doesn't exist.`);
        delete remaining[name];
      }
      engine.setSearchAttributes(namespace.name, remaining);
      await engine.flush();
      return {};
    },
    ListSearchAttributes: async (request: temporal.api.operatorservice.v1.IListSearchAttributesRequest) => {
      const namespace = engine.namespace(requireString(request.namespace, 'namespace'));
      const toEnum = (attributes: Record<string, SearchAttributeType>) =>
        Object.fromEntries(Object.entries(attributes).map(([name, type]) => [name, indexedValueType[type]]));
      return {
        customAttributes: toEnum(customSearchAttributes(namespace)),
        systemAttributes: toEnum({ ...systemSearchAttributes }),
        storageSchema: {},
      };
    },
  };
  return handlers;
}

/** `--search-attribute NAME=TYPE` at start: registers in every namespace the server was started with. */
export function registerStartupSearchAttributes(
  engine: Engine,
  namespaces: string[],
  attributes: { name: string; type: string }[]
): void {
  if (attributes.length === 0) return;
  const wanted: Record<string, SearchAttributeType> = {};
  for (const { name, type } of attributes) {
    if (!isSearchAttributeType(type)) throw invalidArgument(`search attribute ${name}: unknown type ${type}`);
    wanted[name] = type;
  }
  for (const name of namespaces) {
    const namespace = engine.namespace(name);
    engine.setSearchAttributes(name, validateNewSearchAttributes(namespace, wanted));
  }
}
