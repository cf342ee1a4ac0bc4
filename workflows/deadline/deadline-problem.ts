// Why a deadline cannot be read or computed, as a message key with parameters (not the engine's English sentence),
// for the designer to say in the reader's language.
import { InvalidDeadlineAnchorError, MissingDeadlineAnchorError } from './compute-due';
import type { DeadlineAnchor } from './deadline-spec';
import { DeadlineParseError } from './deadline-text';

export type DeadlineProblemKey = 'unreadable' | 'missingAnchor' | 'invalidAnchor' | 'notComputed';

export interface DeadlineProblem {
  key: DeadlineProblemKey;
  /** `at`: the 1-based character where reading stopped; `anchorKind` and `anchor` (a name or node id); `value`. */
  params: Record<string, string | number>;
}

const anchorParams = (anchor: DeadlineAnchor) => ({
  anchorKind: anchor.kind,
  anchor: anchor.kind === 'parameter' ? anchor.name : anchor.kind === 'node' ? anchor.nodeId : anchor.kind,
});

/** The problem an error of reading or computing a deadline stands for. */
export function deadlineProblem(error: unknown): DeadlineProblem {
  if (error instanceof DeadlineParseError) return { key: 'unreadable', params: { at: error.position + 1 } };
  if (error instanceof MissingDeadlineAnchorError) return { key: 'missingAnchor', params: anchorParams(error.anchor) };
  if (error instanceof InvalidDeadlineAnchorError)
    return { key: 'invalidAnchor', params: { ...anchorParams(error.anchor), value: error.value } };
  return { key: 'notComputed', params: {} };
}
