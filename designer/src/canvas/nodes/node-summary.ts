import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { DeadlineSpec } from '../../../../workflows/deadline';
import type { Assignee, ValidationIssue } from '../../../../workflows/template';
import { assigneeLabel } from '../../people/people-directory';
import { readDeadline } from '../../../../workflows/deadline/timeline';
import { nodeIndex } from '../designer.store';
import { useDesigner } from '../designer-store.context';
import type { TemplateMeta } from '../template-canvas.mapping';
import { readerText, readerTextIn, readerTextsIn } from '../../translations/reader-text';
import { useCanvasDirectory, useCanvasTranslation } from './canvas-directory';
import { deadlinePhrase } from './deadline-phrase';

const NO_ISSUES: readonly ValidationIssue[] = [];

/** What a card shows from the designer store beyond its own node, each part a string, a number or a stable object. */
export interface CardFacts {
  /** The title in the reader's language when the template has it. */
  shownTitle: string | undefined;
  issues: readonly ValidationIssue[];
  /** The title of the stage the node sits in. */
  stage: string | undefined;
  /** How many rungs the template's default escalation ladder has. */
  defaultRungs: number;
  parameters: TemplateMeta['parameters'];
  /** The template's texts in the reader's language (see readerTextsIn). */
  texts: Record<string, unknown> | undefined;
  /** The step the card's deadline counts from, and its title. */
  anchorId: string | undefined;
  anchorTitle: string | undefined;
}

/**
 * Everything a card reads from the designer store, as one selection: the store changes on every frame of a drag,
 * and each selection of each card runs again then: a task card made nine, 364 subscriptions for a 60-node canvas.
 * `due` is the card's deadline, so it can name the step the deadline counts from.
 */
export function useCardFacts(
  id: string,
  parentId: string | undefined,
  due: string | DeadlineSpec | undefined
): CardFacts {
  const { language } = useCanvasTranslation();
  const read = due === undefined ? undefined : readDeadline(due);
  const anchorId = read?.ok && read.spec.anchor.kind === 'node' ? read.spec.anchor.nodeId : undefined;
  return useDesigner((state): CardFacts => {
    const index = parentId === undefined && anchorId === undefined ? undefined : nodeIndex(state.nodes);
    const parent = parentId === undefined ? undefined : index?.get(parentId);
    const anchor =
      anchorId === undefined ? undefined : (index?.get(anchorId)?.data as { title?: string; label?: string });
    return {
      shownTitle: readerTextIn(state, language, [`nodes.${id}.title`, `nodes.${id}.label`]),
      issues: state.issuesByNode.get(id) ?? NO_ISSUES,
      stage: parent?.type === 'stage' ? parent.data.title : undefined,
      defaultRungs: state.meta.escalation?.length ?? 0,
      parameters: state.meta.parameters,
      texts: readerTextsIn(state, language),
      anchorId,
      anchorTitle: anchor?.title ?? anchor?.label,
    };
  });
}

/** A parameter's label in the reader's language. */
function parameterLabel(facts: CardFacts, name: string): string | undefined {
  return readerText(
    facts.texts,
    `parameters.${name}.label`,
    facts.parameters?.find((parameter) => parameter.name === name)?.label
  );
}

/** A step's due date in a manager's words and language, naming anchored steps and parameters by title. */
export function deadlineLabel(
  t: TFunction,
  due: string | DeadlineSpec | undefined,
  facts: CardFacts
): string | undefined {
  return deadlinePhrase(t, due, {
    parameter: (name) => parameterLabel(facts, name),
    node: () =>
      facts.anchorId === undefined
        ? facts.anchorTitle
        : readerText(facts.texts, `nodes.${facts.anchorId}.title`, facts.anchorTitle),
  });
}

/** An assignee as the canvas shows it: a person's or team's name with initials, never an id (see assigneeLabel). */
export function useAssigneeLabel(facts: CardFacts): (assignee: Assignee | undefined) => ReactNode {
  const { t } = useCanvasTranslation();
  const directory = useCanvasDirectory();
  return (assignee) => assigneeLabel(t, assignee, directory, (name) => parameterLabel(facts, name));
}
