import { invalidArgument } from '../errors';

/** What a task token carries: the server hands it to a worker with a task and reads it back on the answer. */
export interface TaskToken {
  /** Workflow task, workflow activity, query, standalone activity (w: its activity id, r: its run id). */
  k: 'w' | 'a' | 'q' | 's';
  n: string;
  w: string;
  r: string;
  s?: number;
  a?: number;
  q?: string;
  /** A workflow task's start (its request id): an answer to a start that a crash undid is refused. */
  t?: string;
}

export function encodeToken(token: TaskToken): Uint8Array {
  return Buffer.from(JSON.stringify(token));
}

export function decodeToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('taskToken is required');
  try {
    const token = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
    if (typeof token.n !== 'string' || typeof token.w !== 'string' || typeof token.r !== 'string') throw new Error();
    return token;
  } catch {
    throw invalidArgument('taskToken is malformed');
  }
}
