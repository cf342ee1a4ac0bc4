/** What the review queue needs of an inbox item. */
export interface QueueItem {
  id: string;
  reviewer: string | null;
  status: string;
  as: 'assignee' | 'reviewer';
}

/** Submitted steps waiting for my verdict. */
export function toReview<T extends QueueItem>(items: readonly T[]): T[] {
  return items.filter((item) => item.as === 'reviewer');
}

/**
 * Steps I review that are still being worked on: a decision request can only wait on one of these (the list does
 * not say which; each step's detail does, with `decisionPending` and the `answerDecision` action).
 */
export function decisionCandidates<T extends QueueItem>(items: readonly T[], me: string | undefined): T[] {
  if (!me) return [];
  return items.filter((item) => item.reviewer === me && (item.status === 'open' || item.status === 'inProgress'));
}
