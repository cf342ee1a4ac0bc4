import type { TFunction } from 'i18next';
import type { DeadlineProblem } from '../../../workflows/deadline/deadline-problem';
import type { DeadlineNames } from '../canvas/nodes/deadline-phrase';

/** Why a deadline cannot be read or computed, in the reader's language, its anchor named as the template names it. */
export function deadlineProblemText(t: TFunction, problem: DeadlineProblem, names: DeadlineNames): string {
  const { anchorKind, anchor } = problem.params;
  const id = String(anchor ?? '');
  const name = anchorKind === 'parameter' ? names.parameter(id) : anchorKind === 'node' ? names.node(id) : undefined;
  const anchorWords =
    typeof anchorKind === 'string' ? t(`timeline.problemAnchor.${anchorKind}`, { name: name ?? id }) : '';
  return t(`timeline.problems.${problem.key}`, { ...problem.params, anchor: anchorWords });
}
