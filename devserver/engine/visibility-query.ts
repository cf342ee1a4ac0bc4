import { invalidArgument } from '../errors';
import { api } from '../proto';
import type { VisibilityRow } from '../visibility/evaluate';
import {
  decodeSearchValue,
  systemSearchAttributes,
  upsertableSystemAttributes,
  type SearchAttributeType,
  type SearchValue,
} from '../visibility/search-attributes';
import { fromBase64 } from './history';
import type { ExecutionRecord, NamespaceRecord } from './records';

/** The custom search attributes registered in a namespace (`--search-attribute`, AddSearchAttributes). */
export function customSearchAttributes(namespace: NamespaceRecord): Record<string, SearchAttributeType> {
  return namespace.searchAttributes ?? {};
}

/** The type of a system or registered attribute in this namespace. */
export function searchAttributeType(namespace: NamespaceRecord, name: string): SearchAttributeType | undefined {
  return systemSearchAttributes[name] ?? customSearchAttributes(namespace)[name];
}

/**
 * A run's values as the filter language sees them. Built lazily per attribute: most queries touch one or two.
 * The same function serves memory and PostgreSQL storage, since both hand the engine the same records.
 */
export function visibilityRow(
  record: ExecutionRecord,
  historyLength: number,
  namespace: NamespaceRecord
): VisibilityRow {
  let stored: Record<string, { data?: Uint8Array | null }> | undefined;
  const storedValue = (name: string, type: SearchAttributeType): SearchValue | undefined => {
    stored ??= record.searchAttributes
      ? (api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes)).indexedFields ?? {})
      : {};
    return decodeSearchValue(stored[name], type);
  };
  return (name) => {
    switch (name) {
      case 'WorkflowId':
        return record.workflowId;
      case 'RunId':
        return record.runId;
      case 'WorkflowType':
        return record.workflowType;
      case 'TaskQueue':
        return record.taskQueue;
      case 'ExecutionStatus':
        return record.status;
      case 'StartTime':
      case 'ExecutionTime':
        return record.startTime;
      case 'CloseTime':
        return record.closeTime || undefined;
      case 'ExecutionDuration':
        // Nanoseconds, as the real server indexes it; only closed runs have one.
        return record.closeTime ? (record.closeTime - record.startTime) * 1e6 : undefined;
      case 'HistoryLength':
        return historyLength;
      case 'HistorySizeBytes':
        return record.historySizeBytes;
      case 'ParentWorkflowId':
        return record.parent?.workflowId || undefined;
      case 'ParentRunId':
        return record.parent?.runId || undefined;
    }
    const type = searchAttributeType(namespace, name);
    if (!type || (name in systemSearchAttributes && !upsertableSystemAttributes.has(name))) return undefined;
    return storedValue(name, type);
  };
}

/**
 * A list page token for lists paged by offset (schedules, standalone activities): the offset of the next page, tied
 * to the query it belongs to.
 */
export function offsetPageToken(offset: number, query: string): Buffer {
  return Buffer.from(JSON.stringify({ o: offset, q: query }));
}

/** The offset an {@link offsetPageToken} names (0 without one); INVALID_ARGUMENT for another query's or a forged one. */
export function readOffsetPageToken(token: Uint8Array | null | undefined, query: string): number {
  if (!token?.length) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token).toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === query) {
      return parsed.o;
    }
  } catch {
    // Not ours: refused below.
  }
  throw invalidArgument('nextPageToken is malformed or belongs to another query');
}
