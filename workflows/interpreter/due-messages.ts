// Why a running step's due date is what it is, as message keys with parameters (never an English sentence): the task
// row and the live state carry them, and the API names the anchor in the reader's language before sending them on.
import type { DueDate } from '../deadline/compute-due';
import type { DeadlineSpec } from '../deadline/deadline-spec';
import { deadlineMessages, type DeadlineMessage } from '../i18n/deadline-messages';
import type { ProcessState } from './process-state';

/**
 * The clauses of a step's due date. A parameter or step anchor is named by its label or title in the template's own
 * language (`anchor`) and keeps its id (`anchorId`), so a reader's language can name it again.
 */
export function stepDueMessages(state: ProcessState, spec: DeadlineSpec, due: DueDate): DeadlineMessage[] {
  const anchor = spec.anchor;
  let name: string | undefined;
  let id: string | undefined;
  if (anchor.kind === 'parameter') {
    id = anchor.name;
    name = state.template.parameters?.find((parameter) => parameter.name === anchor.name)?.label ?? anchor.name;
  } else if (anchor.kind === 'node') {
    id = anchor.nodeId;
    const node = state.template.nodes.find((candidate) => candidate.id === anchor.nodeId);
    name = node && 'title' in node.data && typeof node.data.title === 'string' ? node.data.title : anchor.nodeId;
  }
  return deadlineMessages(due, spec, name).map((message) =>
    id !== undefined && 'anchorKind' in message.params
      ? { ...message, params: { ...message.params, anchorId: id } }
      : message
  );
}

/** The clause a due date gains when the time a decision was pending is added to it. */
export function pausedForDecision(from: string, to: string): DeadlineMessage {
  return { key: 'pausedForDecision', params: { from, to } };
}
