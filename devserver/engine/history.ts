import type { temporal } from '@temporalio/proto';
import { api } from '../proto';

/** A protobufjs int64: decoded as a Long object, encoded from a plain number just as well. */
interface LongValue {
  high: number;
  low: number;
  toNumber(): number;
}

/** Generated message types with int64 fields that also accept plain numbers, as the encoder does. */
export type Loose<T> = T extends LongValue
  ? LongValue | number
  : T extends Uint8Array
    ? T
    : T extends (infer U)[]
      ? Loose<U>[]
      : T extends object
        ? { [K in keyof T]: Loose<T[K]> }
        : T;

export type HistoryEvent = Loose<temporal.api.history.v1.IHistoryEvent>;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Failure = Loose<temporal.api.failure.v1.IFailure>;

const HistoryEventType = api.history.v1.HistoryEvent;
const PayloadsType = api.common.v1.Payloads;
const FailureType = api.failure.v1.Failure;

export const EventType = api.enums.v1.EventType;

export function encodeEvent(event: HistoryEvent): Uint8Array {
  return HistoryEventType.encode(event as temporal.api.history.v1.IHistoryEvent).finish();
}

export function decodeEvent(bytes: Uint8Array): HistoryEvent {
  return HistoryEventType.decode(bytes);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodePayloads(payloads: Payloads | null | undefined): string | null {
  return payloads ? toBase64(PayloadsType.encode(payloads).finish()) : null;
}

export function decodePayloads(text: string | null): Payloads | null {
  return text ? PayloadsType.decode(fromBase64(text)) : null;
}

export function encodeFailure(failure: Failure | null | undefined): string | null {
  return failure ? toBase64(FailureType.encode(failure as temporal.api.failure.v1.IFailure).finish()) : null;
}

export function decodeFailure(text: string | null): Failure | null {
  return text ? FailureType.decode(fromBase64(text)) : null;
}

/** The event types that close a run: the close-event history filter returns only these. */
export const closeEventTypes = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
]);
