import { describe, expect, it } from 'vitest';
import { decisionCandidates, decisionsForMe, toReview, type QueueItem } from './review-queue.model';

const item = (
  id: string,
  reviewer: string | null,
  status: string,
  as: QueueItem['as'] = 'assignee',
  waitingFor: string | null = null
): QueueItem => ({ id, reviewer, status, as, waitingFor });

describe('review queue', () => {
  const items = [
    item('submitted', 'maria', 'inReview', 'reviewer'),
    item('working', 'maria', 'inProgress'),
    item('not-started', 'maria', 'open'),
    item('finished', 'maria', 'done'),
    item('someone-elses', 'piotr', 'inProgress'),
    item('mine-to-do', null, 'open'),
    item('asks-maria', null, 'inProgress', 'decider', 'maria'),
    item('asks-maria-answered-done', null, 'done', 'decider', 'maria'),
    item('asks-piotr', 'maria', 'inProgress', 'assignee', 'piotr'),
  ];

  it('lists submitted steps to review', () => {
    expect(toReview(items).map((entry) => entry.id)).toEqual(['submitted']);
  });

  it('lists the open steps whose decision request asks me', () => {
    expect(decisionsForMe(items, 'maria').map((entry) => entry.id)).toEqual(['asks-maria']);
    expect(decisionsForMe(items, undefined)).toEqual([]);
  });

  it('checks only the open steps I review that name nobody else for a legacy decision request', () => {
    expect(decisionCandidates(items, 'maria').map((entry) => entry.id)).toEqual(['working', 'not-started']);
    expect(decisionCandidates(items, undefined)).toEqual([]);
  });
});
