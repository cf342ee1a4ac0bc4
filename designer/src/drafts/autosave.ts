import type { TemplateInput } from '../../../workflows/template';
import type { DraftClient, DraftSnapshot } from './draft-client';

export type AutosaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; etag: string; at: Date }
  | { kind: 'conflict'; theirs: DraftSnapshot }
  | { kind: 'error'; message: string };

export interface Autosave {
  /** Tell it the template changed; it saves after a quiet moment. */
  changed(template: TemplateInput): void;
  /** Save now (e.g. before leaving the page). */
  flush(): Promise<void>;
  /** Whether an edit is waiting to be saved or being saved. */
  hasPending(): boolean;
  /** After a conflict: take the other manager's draft; returns it for the canvas to load. */
  takeTheirs(): TemplateInput | undefined;
  /** After a conflict: the user chose to replace their draft with this one, knowingly. */
  overwriteTheirs(): Promise<void>;
  dispose(): void;
}

/**
 * Autosave of one template's draft with optimistic concurrency: every save sends the tag of the draft it was
 * based on; when another manager saved first, saving stops and the conflict is shown, never silently overwritten.
 */
export function createAutosave(options: {
  client: DraftClient;
  templateId: string;
  etag: string | undefined;
  delayMs: number;
  onState: (state: AutosaveState) => void;
}): Autosave {
  const { client, templateId, delayMs, onState } = options;
  let etag = options.etag;
  let latest: TemplateInput | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let conflict: DraftSnapshot | undefined;
  let disposed = false;

  const emit = (state: AutosaveState) => {
    if (!disposed) onState(state);
  };

  const save = async (): Promise<void> => {
    if (inFlight) await inFlight;
    const template = latest;
    if (!template || conflict || disposed) return;
    latest = undefined;
    emit({ kind: 'saving' });
    inFlight = (async () => {
      try {
        const outcome = await client.save(templateId, template, etag);
        if (outcome.kind === 'saved') {
          etag = outcome.etag;
          emit({ kind: 'saved', etag, at: new Date() });
        } else {
          conflict = outcome.current;
          // Keep the unsaved edit so "overwrite" can still send it.
          latest = latest ?? template;
          emit({ kind: 'conflict', theirs: outcome.current });
        }
      } catch (error) {
        latest = latest ?? template;
        emit({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    await inFlight;
    inFlight = undefined;
    if (latest && !conflict) await save();
  };

  return {
    changed(template) {
      latest = template;
      if (conflict) return;
      emit({ kind: 'pending' });
      clearTimeout(timer);
      timer = setTimeout(() => void save(), delayMs);
    },
    async flush() {
      clearTimeout(timer);
      await save();
    },
    hasPending() {
      return latest !== undefined || inFlight !== undefined;
    },
    takeTheirs() {
      const theirs = conflict;
      if (!theirs) return undefined;
      conflict = undefined;
      latest = undefined;
      etag = theirs.etag;
      emit({ kind: 'saved', etag, at: new Date() });
      return theirs.template;
    },
    async overwriteTheirs() {
      const theirs = conflict;
      if (!theirs) return;
      conflict = undefined;
      etag = theirs.etag;
      await save();
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
