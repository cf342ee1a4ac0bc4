import type * as protoTypes from '@temporalio/proto';
import protoModule from '@temporalio/proto';

// The package is CommonJS with namespace-shaped exports: import the runtime object once and
// give it the generated declaration types. Types elsewhere come from `import type { temporal }`.
const runtime = protoModule as typeof protoTypes;

export const api = runtime.temporal.api;
export const rpcStatus = runtime.google.rpc.Status;
export const protoRoot = (runtime.temporal as unknown as { root: ProtoRootLike }).root;

export interface ProtoRootLike {
  lookupService(name: string): {
    methods: Record<string, { resolvedRequestType: ProtoTypeLike | null; resolvedResponseType: ProtoTypeLike | null }>;
    resolveAll(): unknown;
  };
}

export interface ProtoTypeLike {
  name: string;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

/** protobufjs decodes int64 as Long objects and encodes plain numbers just as well. */
export interface LongLike {
  toNumber(): number;
}

export type Timestamp = { seconds?: LongLike | number | null; nanos?: number | null };
export type Duration = Timestamp;

export function timestamp(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function timestampMs(value: Timestamp | null | undefined): number | undefined {
  if (!value) return undefined;
  return longNumber(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
}

/** A protobuf Duration in milliseconds; absent and zero both mean "not set", as in the Temporal API. */
export function durationMs(value: Duration | null | undefined): number {
  if (!value) return 0;
  return longNumber(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
}

/** A Duration that is present even when zero: the SDK requires some activity task timeouts to be set. */
export function durationPresent(ms: number): { seconds: number; nanos: number } {
  return timestamp(Math.max(0, ms));
}

export function duration(ms: number): { seconds: number; nanos: number } | null {
  return ms > 0 ? timestamp(ms) : null;
}

export function longNumber(value: LongLike | number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}
