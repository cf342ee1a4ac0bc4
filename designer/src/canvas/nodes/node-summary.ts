import type { ReactNode } from 'react';
import type { DeadlineSpec } from '../../../../workflows/deadline';
import type { Assignee } from '../../../../workflows/template';
import { assigneeLabel } from '../../people/people-directory';
import { readDeadline } from '../../../../workflows/deadline/timeline';
import { nodeIndex } from '../designer.store';
import { useDesigner } from '../designer-store.context';
import { readerText, readerTextsIn } from '../../translations/reader-text';
import { useCanvasDirectory, useCanvasTranslation } from './canvas-directory';
import { deadlinePhrase } from './deadline-phrase';

/** useReaderTexts for a card: the language from the canvas, not a `useTranslation` of its own. */
function useCardTexts(language: string): (key: string, text: string | undefined) => string | undefined {
  const texts = useDesigner((state) => readerTextsIn(state, language));
  return (key, text) => readerText(texts, key, text);
}

/** A step's due date in a manager's words and language, naming anchored steps and parameters by title. */
export function useDeadlineLabel(due: string | DeadlineSpec | undefined): string | undefined {
  const { t, language } = useCanvasTranslation();
  const parameters = useDesigner((state) => state.meta.parameters);
  // Only the titles this deadline can name, so a card does not redraw on every edit elsewhere.
  const read = due === undefined ? undefined : readDeadline(due);
  const anchorId = read?.ok && read.spec.anchor.kind === 'node' ? read.spec.anchor.nodeId : undefined;
  const anchorTitle = useDesigner((state) => {
    const node = anchorId === undefined ? undefined : nodeIndex(state.nodes).get(anchorId);
    const data = node?.data as { title?: string; label?: string } | undefined;
    return data?.title ?? data?.label;
  });
  const reader = useCardTexts(language);
  return deadlinePhrase(t, due, {
    parameter: (name) =>
      reader(`parameters.${name}.label`, parameters?.find((parameter) => parameter.name === name)?.label),
    node: () => (anchorId === undefined ? anchorTitle : reader(`nodes.${anchorId}.title`, anchorTitle)),
  });
}

/** An assignee as the canvas shows it: a person's or team's name with initials, never an id (see assigneeLabel). */
export function useAssigneeLabel(): (assignee: Assignee | undefined) => ReactNode {
  const { t, language } = useCanvasTranslation();
  const directory = useCanvasDirectory();
  const parameters = useDesigner((state) => state.meta.parameters);
  const reader = useCardTexts(language);
  const parameterLabel = (name: string) =>
    reader(`parameters.${name}.label`, parameters?.find((parameter) => parameter.name === name)?.label);
  return (assignee) => assigneeLabel(t, assignee, directory, parameterLabel);
}
