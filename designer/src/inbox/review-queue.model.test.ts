import { describe, expect, it } from 'vitest';
import { decisionCandidates, toReview, type QueueItem } from './review-queue.model';

const item = (id: string, reviewer: string | null, status: string, as: QueueItem['as'] = 'assignee'): QueueItem => ({
  id,
  reviewer,
  status,
  as,
});

describe('review queue', () => {
  const items = [
    item('submitted', 'maria', 'inReview', 'reviewer'),
    item('working', 'maria', 'inProgress'),
    item('not-started', 'maria', 'open'),
    item('finished', 'maria', 'done'),
    item('someone-elses', 'piotr', 'inProgress'),
    item('mine-to-do', null, 'open'),
  ];

  it('lists submitted steps to review', () => {
    expect(toReview(items).map((entry) => entry.id)).toEqual(['submitted']);
  });

  it('checks only the open steps I review for a pending decision request', () => {
    expect(decisionCandidates(items, 'maria').map((entry) => entry.id)).toEqual(['working', 'not-started']);
    expect(decisionCandidates(items, undefined)).toEqual([]);
  });
});
