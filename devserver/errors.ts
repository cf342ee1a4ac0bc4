import { status } from '@grpc/grpc-js';

/** An error the client should see with a specific gRPC status (and optional google.rpc.Status details). */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: status,
    message: string,
    readonly details: { typeUrl: string; value: Uint8Array }[] = []
  ) {
    super(message);
  }
}

export function invalidArgument(message: string): ServiceError {
  return new ServiceError(status.INVALID_ARGUMENT, message);
}

export function notFound(message: string): ServiceError {
  return new ServiceError(status.NOT_FOUND, message);
}

/** Reads a required string field, naming it in the INVALID_ARGUMENT message when missing. */
export function requireString(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument(`${field} is required`);
  return value;
}
