import { asDeadlineMessage } from '../../workflows/i18n/deadline-text';
import type { DeadlineMessage } from '../../workflows/i18n/deadline-messages';
import type { ReaderTexts } from './template-language';

/**
 * A step's stored due-date clauses for a reader: only well-formed clauses, a parameter or step anchor named in the
 * reader's language (the workflow named it in the template's own). Null when there are none (a date set by hand, an
 * older row).
 */
export function readerDueMessages(
  texts: ReaderTexts,
  ref: { templateId: string | null; version: number | null },
  stored: unknown
): DeadlineMessage[] | null {
  if (!Array.isArray(stored)) return null;
  const messages = stored.flatMap((value) => {
    const message = asDeadlineMessage(value);
    if (!message) return [];
    const { anchorKind, anchorId, anchor } = message.params;
    if (typeof anchorId !== 'string' || (anchorKind !== 'parameter' && anchorKind !== 'node')) return [message];
    const key = anchorKind === 'parameter' ? `parameters.${anchorId}.label` : `nodes.${anchorId}.title`;
    const name = texts.named(ref, key, typeof anchor === 'string' ? anchor : anchorId);
    return [{ ...message, params: { ...message.params, anchor: name } }];
  });
  return messages.length > 0 ? messages : null;
}
