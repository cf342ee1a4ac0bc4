import os from 'node:os';
import v8 from 'node:v8';

/**
 * What one cached workflow is budgeted at. A sleeping process measured 433 KiB of worker RSS once the workflow code's
 * pure modules were shared by all workflows (739 KiB when each evaluated its own; `npm run bench interpreter`); 1 MiB
 * leaves room for larger templates and process states.
 */
export const BYTES_PER_CACHED_WORKFLOW = 1024 * 1024;
/** The share of the worker's memory limit the workflow cache may take. */
export const CACHE_SHARE_OF_MEMORY = 1 / 8;
const MIN_CACHE = 10;
const MAX_CACHE = 2000;

export interface MemoryLimits {
  /** V8's heap limit: every cached workflow lives in this one heap (the SDK reuses one V8 context). */
  heapLimitBytes: number;
  /** The machine's memory. */
  totalBytes: number;
  /** The container's (cgroup) limit; 0 or more than the machine's memory when there is none. */
  constrainedBytes: number;
}

export function memoryLimits(): MemoryLimits {
  return {
    heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
    totalBytes: os.totalmem(),
    constrainedBytes: process.constrainedMemory?.() ?? 0,
  };
}

/** The smallest of the limits that apply, in bytes. */
export function memoryLimit(limits: MemoryLimits): number {
  const constrained =
    limits.constrainedBytes > 0 && limits.constrainedBytes < limits.totalBytes ? limits.constrainedBytes : Infinity;
  return Math.min(limits.heapLimitBytes, limits.totalBytes, constrained);
}

/**
 * How many processes the worker keeps in memory between their workflow tasks when `BATON_WORKFLOW_CACHE` is not
 * set: an eighth of the memory limit at 1 MiB each, 10 to 2000. The SDK's own default (about 600 per GiB of heap,
 * 2,300 on a 4 GiB heap) lets a worker with thousands of sleeping processes grow to gigabytes; a process evicted
 * from the cache is replayed from its history when it wakes, in milliseconds.
 */
export function defaultWorkflowCacheSize(limits: MemoryLimits = memoryLimits()): number {
  const fits = Math.floor((memoryLimit(limits) * CACHE_SHARE_OF_MEMORY) / BYTES_PER_CACHED_WORKFLOW);
  return Math.min(MAX_CACHE, Math.max(MIN_CACHE, fits));
}
