import { describe, expect, it } from 'vitest';
import { defaultWorkflowCacheSize, memoryLimit } from './workflow-cache';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('the default workflow cache size', () => {
  it('is an eighth of the smallest memory limit at 1 MiB per process', () => {
    // A 4 GiB heap on a 24 GiB machine without a container limit: 512 processes (the SDK would keep about 2,300).
    expect(defaultWorkflowCacheSize({ heapLimitBytes: 4 * GiB, totalBytes: 24 * GiB, constrainedBytes: 0 })).toBe(512);
    // A container of 1 GiB bounds it, whatever the heap may grow to.
    expect(defaultWorkflowCacheSize({ heapLimitBytes: 4 * GiB, totalBytes: 24 * GiB, constrainedBytes: GiB })).toBe(
      128
    );
    // cgroup v2 without a limit reports a huge number: it is ignored.
    expect(memoryLimit({ heapLimitBytes: 4 * GiB, totalBytes: 24 * GiB, constrainedBytes: 2 ** 64 })).toBe(4 * GiB);
  });

  it('stays between 10 and 2000', () => {
    expect(defaultWorkflowCacheSize({ heapLimitBytes: 64 * MiB, totalBytes: GiB, constrainedBytes: 0 })).toBe(10);
    expect(defaultWorkflowCacheSize({ heapLimitBytes: 64 * GiB, totalBytes: 128 * GiB, constrainedBytes: 0 })).toBe(
      2000
    );
  });

  it('reads this machine', () => {
    const size = defaultWorkflowCacheSize();
    expect(size).toBeGreaterThanOrEqual(10);
    expect(size).toBeLessThanOrEqual(2000);
  });
});
