/** What the review queue needs of an inbox item. */
export interface QueueItem {
  id: string;
  reviewer: string | null;
  waitingFor?: string | null;
  status: string;
  as: 'assignee' | 'reviewer' | 'decider';
}

/** Submitted steps waiting for my verdict. */
export function toReview<T extends QueueItem>(items: readonly T[]): T[] {
  return items.filter((item) => item.as === 'reviewer');
}

const WORKING = new Set(['open', 'inProgress']);

/** Steps whose decision request waits for my answer (the step says whom it asked). */
export function decisionsForMe<T extends QueueItem>(items: readonly T[], me: string | undefined): T[] {
  if (!me) return [];
  return items.filter((item) => item.waitingFor === me && WORKING.has(item.status));
}

/**
 * Steps I review that are still being worked on and name nobody to decide: in processes started before decision
 * requests were routed, a request waits on one of these for its reviewer (each step's detail says which).
 */
export function decisionCandidates<T extends QueueItem>(items: readonly T[], me: string | undefined): T[] {
  if (!me) return [];
  return items.filter((item) => item.reviewer === me && !item.waitingFor && WORKING.has(item.status));
}
