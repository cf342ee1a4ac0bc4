import { ApplicationFailure } from '@temporalio/common';
import { record } from './patterns.journal';

export async function pay(expenseId: string, approver: string): Promise<string> {
  record(expenseId, `paid after ${approver}`);
  return `paid ${expenseId}`;
}

export async function notify(message: string): Promise<void> {
  record('notifications', message);
}

export async function reserve(tripId: string, step: string, fail: boolean): Promise<string> {
  if (fail) throw ApplicationFailure.nonRetryable(`no ${step} available`, 'Unavailable');
  record(tripId, `reserved ${step}`);
  return `${step} booked`;
}

export async function release(tripId: string, step: string): Promise<void> {
  record(tripId, `released ${step}`);
}
