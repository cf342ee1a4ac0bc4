import type { Effect, ProcessEvent, ProcessState } from './process-state';

type ProcessComment = Extract<ProcessEvent, { type: 'processComment' }>;

/**
 * A comment on the process as a whole: one audit entry (no step) with its visibility, and a notice to each person the
 * API chose to tell, never to whoever wrote it. A client's comment is public whatever it asked for.
 */
export function processCommentEffects(state: ProcessState, event: ProcessComment): Effect[] {
  const visibility = event.byClient ? 'public' : (event.visibility ?? 'internal');
  const effects: Effect[] = [
    {
      type: 'audit',
      action: 'commented',
      actor: event.actor,
      detail: {
        text: event.text,
        visibility,
        ...(event.byClient && { byClient: true }),
        // Only comments sent with files carry them: replaying an older history yields the same entries.
        ...(event.files?.length ? { files: [...event.files] } : {}),
      },
    },
  ];
  for (const person of new Set(event.tell ?? [])) {
    if (person === event.actor) continue;
    effects.push({
      type: 'notify',
      recipient: person,
      subject: `New comment: ${state.template.name}`,
      message: event.text,
    });
  }
  return effects;
}
