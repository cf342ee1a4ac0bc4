import { api } from '../proto';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const searchAttributeTypes: readonly SearchAttributeType[] = [
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
];

export function isSearchAttributeType(value: string): value is SearchAttributeType {
  return (searchAttributeTypes as readonly string[]).includes(value);
}

const IndexedValueType = api.enums.v1.IndexedValueType;

export const indexedValueType: Record<SearchAttributeType, number> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export function typeOfIndexedValue(value: number): SearchAttributeType | undefined {
  return searchAttributeTypes.find((type) => indexedValueType[type] === value);
}

/**
 * The predefined attributes: the first group is derived from the run itself, the second comes from the run's
 * search attributes (the SDK upserts them, e.g. TemporalChangeVersion on patches).
 */
export const systemSearchAttributes: Readonly<Record<string, SearchAttributeType>> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  ExecutionDuration: 'Int',
  HistoryLength: 'Int',
  HistorySizeBytes: 'Int',
  ParentWorkflowId: 'Keyword',
  ParentRunId: 'Keyword',
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  BatcherUser: 'Keyword',
};

/** System attributes that live in the run's search attribute map rather than in its own fields. */
export const upsertableSystemAttributes = new Set([
  'TemporalChangeVersion',
  'BinaryChecksums',
  'BuildIds',
  'BatcherUser',
]);

/** A search attribute value, normalized for comparison: datetimes as ms since the epoch. */
export type SearchValue = string | number | boolean | string[];

/**
 * Decodes a search attribute payload (json/plain, as the SDKs write them) as the registered type;
 * a value that does not fit the type counts as absent.
 */
export function decodeSearchValue(
  payload: { data?: Uint8Array | null } | null | undefined,
  type: SearchAttributeType
): SearchValue | undefined {
  if (!payload?.data) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return undefined;
  }
  // The SDKs send single values as one-element lists in some versions.
  if (type !== 'KeywordList' && Array.isArray(value) && value.length === 1) value = value[0];
  switch (type) {
    case 'Keyword':
    case 'Text':
      return typeof value === 'string' ? value : undefined;
    case 'KeywordList':
      if (typeof value === 'string') return [value];
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
    case 'Int':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'Double':
      return typeof value === 'number' ? value : undefined;
    case 'Bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'Datetime': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? undefined : ms;
    }
  }
}
