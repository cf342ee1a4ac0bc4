import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ServiceError } from './errors';
import { protoRoot, rpcStatus, type ProtoTypeLike } from './proto';

/** One RPC: receives the decoded request and an abort signal that fires when the client goes away. */
export type RpcHandler = (request: never, cancelled: AbortSignal) => Promise<object>;

/**
 * Builds the grpc-js service definition of a Temporal service (WorkflowService, TestService) from
 * the protobufjs reflection data shipped in @temporalio/proto, and serves the given handlers.
 * Methods without a handler answer UNIMPLEMENTED.
 */
export function serviceDefinition(
  serviceName: string,
  handlers: Record<string, RpcHandler>,
  logger: Logger
): { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation } {
  const service = protoRoot.lookupService(serviceName);
  service.resolveAll();
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(service.methods)) {
    const requestType = method.resolvedRequestType as ProtoTypeLike;
    const responseType = method.resolvedResponseType as ProtoTypeLike;
    definition[name] = {
      path: `/${serviceName}/${name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: unknown) => Buffer.from(requestType.encode(value).finish()),
      requestDeserialize: (bytes: Buffer) => requestType.decode(bytes),
      responseSerialize: (value: unknown) => Buffer.from(responseType.encode(value).finish()),
      responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
      originalName: name,
    };
    const handler = handlers[name];
    implementation[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (!handler) {
        logger.warn({ method: name }, 'unimplemented method called');
        callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the Baton devserver` });
        return;
      }
      logger.trace({ method: name }, 'rpc');
      const controller = new AbortController();
      // grpc-js reports every call's stream close as 'cancelled', also after the answer: only a call still unanswered
      // is aborted (an abort builds a DOMException with its stack, which every RPC paid for).
      let answered = false;
      call.on('cancelled', () => {
        if (!answered) controller.abort();
      });
      handler(call.request as never, controller.signal).then(
        (response) => {
          answered = true;
          callback(null, response);
        },
        (error: unknown) => {
          answered = true;
          callback(toGrpcError(error, name, logger));
        }
      );
    };
  }
  return { definition, implementation };
}

function toGrpcError(error: unknown, method: string, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof ServiceError) {
    logger.debug({ method, code: error.code, message: error.message }, 'request refused');
    const metadata = new grpc.Metadata();
    if (error.details.length > 0) {
      const statusBytes = rpcStatus
        .encode({
          code: error.code,
          message: error.message,
          details: error.details.map((detail) => ({ type_url: detail.typeUrl, value: detail.value })),
        })
        .finish();
      metadata.set('grpc-status-details-bin', Buffer.from(statusBytes));
    }
    return { code: error.code, details: error.message, metadata };
  }
  logger.error({ err: error, method }, 'request failed');
  return { code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) };
}

export async function listen(
  services: Record<string, Record<string, RpcHandler>>,
  options: { ip: string; port: number; logger: Logger }
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    // Channelz (per-call counters and timestamps for the channelz debugging service) is never queried here.
    'grpc.enable_channelz': 0,
  });
  for (const [serviceName, handlers] of Object.entries(services)) {
    const { definition, implementation } = serviceDefinition(serviceName, handlers, options.logger);
    server.addService(definition, implementation);
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.ip}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound)
    );
  });
  return { server, port };
}
