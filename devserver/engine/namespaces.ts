import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ServiceError, notFound, requireString } from '../errors';
import { executionKey } from './records';
import type { Execution } from './execution';
import type { NamespaceRecord } from './records';
import type { SearchAttributeType } from '../visibility/search-attributes';
import type { EngineHost } from './host';

// Namespaces (the server's namespace registry): registration, lookup, custom search attributes, and retention, which
// deletes closed runs once their namespace's retention has passed since they closed.

/**
 * Deletes closed runs whose namespace retention has passed since they closed, from storage (one transaction) and
 * then from memory, as the real server's retention does. Runs with a change not yet committed wait for the next
 * sweep. Returns how many runs went.
 */
export async function sweepRetention(host: EngineHost): Promise<number> {
  // Nothing in flight: a run's closing commit is in storage before the sweep may delete it there.
  await host.committer.flush();
  const now = host.now();
  const expired: Execution[] = [];
  for (const [key, execution] of host.executions) {
    const { record } = execution;
    if (record.status === 'Running' || !record.closeTime) continue;
    const retentionMs = host.namespaces.get(record.namespace)?.retentionMs || 24 * 3600_000;
    if (record.closeTime + retentionMs > now || host.committer.pendingChange(key)) continue;
    expired.push(execution);
  }
  if (expired.length === 0) return 0;
  // Storage deletes only what it holds as closed, in one transaction; memory follows what storage deleted.
  const deleted = await host.storage.deleteClosed(
    expired.map(({ record }) => ({ namespace: record.namespace, workflowId: record.workflowId, runId: record.runId }))
  );
  for (const run of deleted) {
    const key = executionKey(run.namespace, run.workflowId, run.runId);
    const execution = host.executions.get(key);
    if (!execution) continue;
    if (execution.timer) clearTimeout(execution.timer);
    for (const waiter of execution.waiters) waiter();
    host.executions.delete(key);
    host.warmClosed.delete(key);
    const currentKey = `${run.namespace}\u0000${run.workflowId}`;
    if (host.currentRuns.get(currentKey) === run.runId) host.currentRuns.delete(currentKey);
    for (const attempt of host.queuedAttempts)
      if (attempt.startsWith(`${key}\u0000`)) host.queuedAttempts.delete(attempt);
  }
  if (deleted.length > 0)
    host.logger.info(
      { runs: deleted.length },
      'retention: deleted closed workflow runs past their namespace retention'
    );
  return deleted.length;
}

/** Changes a namespace's retention (the CLI's `--retention` for the namespaces it serves). */
export function setRetention(host: EngineHost, name: string, retentionMs: number): void {
  const namespace = host.namespaces.get(name);
  if (!namespace || namespace.retentionMs === retentionMs) return;
  namespace.retentionMs = retentionMs;
  host.committer.namespaceChanged(namespace);
}

export function registerNamespace(
  host: EngineHost,
  input: {
    name: string;
    description: string;
    ownerEmail: string;
    retentionMs: number;
  }
): NamespaceRecord {
  if (host.namespaces.has(input.name)) {
    throw new ServiceError(status.ALREADY_EXISTS, `Namespace ${input.name} already exists.`);
  }
  const record: NamespaceRecord = {
    ...input,
    id: randomUUID(),
    retentionMs: input.retentionMs || 24 * 3600_000,
    registeredAt: host.now(),
  };
  host.namespaces.set(record.name, record);
  host.committer.namespaceChanged(record);
  return record;
}

export function namespace(host: EngineHost, name: string | null | undefined): NamespaceRecord {
  const record = host.namespaces.get(requireString(name, 'namespace'));
  if (!record) throw notFound(`Namespace ${name} is not found.`);
  return record;
}

export function listNamespaces(host: EngineHost): NamespaceRecord[] {
  return [...host.namespaces.values()];
}

/** Replaces a namespace's custom search attributes (checked by visibility/handlers.ts); durable with the next commit. */
export function setSearchAttributes(
  host: EngineHost,
  name: string,
  attributes: Record<string, SearchAttributeType>
): void {
  const record = namespace(host, name);
  record.searchAttributes = attributes;
  host.committer.namespaceChanged(record);
}
