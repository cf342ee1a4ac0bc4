import { Badge, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesignerStoreApi } from '../canvas/designer-store.context';
import { useFormat } from '../i18n/format';
import { createAutosave, type Autosave, type AutosaveState } from './autosave';
import type { DraftClient } from './draft-client';

const AUTOSAVE_DELAY_MS = 1500;
/** How long the template must be still before it is compared with the saved one (a drag moves it every frame). */
const COMPARE_DELAY_MS = 250;

export interface DraftAutosave {
  state: AutosaveState;
  /** The ETag of the draft as last saved or loaded: what publish sends as If-Match. */
  etag: () => string | undefined;
  /** Saves pending edits now; resolves when they are saved (or a conflict/error stopped them). */
  flush: () => Promise<void>;
  instance: () => Autosave | undefined;
}

/** Autosaves the designer's template to `templateId` whenever it changes, from the draft tagged `etag`. */
export function useDraftAutosave(client: DraftClient | undefined, templateId: string, etag: string | undefined) {
  const store = useDesignerStoreApi();
  const [state, setState] = useState<AutosaveState>({ kind: 'idle' });
  const autosave = useRef<Autosave | undefined>(undefined);
  const currentEtag = useRef(etag);
  // Compares now if a change is waiting to be compared (before saving now, or leaving).
  const compareNow = useRef<() => void>(() => undefined);

  // The template as loaded is not an edit, and neither is view state (React Flow measuring nodes, selection):
  // only a change of the template itself is saved. A store subscription, not React state: a drag's moves restart a
  // short timer, and the template is serialised and compared once it stops, not on every frame.
  useEffect(() => {
    let last: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const compare = () => {
      clearTimeout(timer);
      timer = undefined;
      const template = store.getState().toTemplate();
      const text = JSON.stringify(template);
      const previous = last;
      last = text;
      if (previous === undefined || previous === text) return;
      autosave.current?.changed(template);
    };
    compare();
    const unsubscribe = store.subscribe((next, previous) => {
      if (next.nodes === previous.nodes && next.edges === previous.edges && next.meta === previous.meta) return;
      clearTimeout(timer);
      timer = setTimeout(compare, COMPARE_DELAY_MS);
    });
    compareNow.current = () => {
      if (timer !== undefined) compare();
    };
    return () => {
      unsubscribe();
      compareNow.current();
      compareNow.current = () => undefined;
    };
  }, [store]);

  useEffect(() => {
    if (!client) return;
    currentEtag.current = etag;
    const instance = createAutosave({
      client,
      templateId,
      etag,
      delayMs: AUTOSAVE_DELAY_MS,
      onState: (next) => {
        if (next.kind === 'saved') currentEtag.current = next.etag;
        setState(next);
      },
    });
    autosave.current = instance;
    // Leaving the designer (another page, a reload, closing the tab) saves what is pending instead of dropping it.
    const leaving = (event: BeforeUnloadEvent) => {
      compareNow.current();
      if (!instance.hasPending()) return;
      void instance.flush();
      event.preventDefault();
    };
    window.addEventListener('beforeunload', leaving);
    return () => {
      window.removeEventListener('beforeunload', leaving);
      void instance.flush().finally(() => instance.dispose());
    };
  }, [client, etag, templateId]);

  return {
    state,
    etag: () => currentEtag.current,
    flush: async () => {
      compareNow.current();
      await autosave.current?.flush();
    },
    instance: () => autosave.current,
  } satisfies DraftAutosave;
}

/**
 * The draft's save state in the toolbar, and the dialog shown when another manager saved first. Without a
 * client (a template not stored on the server) it says so rather than pretending to save.
 */
export function DraftStatus({ draft }: { draft: DraftAutosave | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const store = useDesignerStoreApi();

  if (!draft) {
    return (
      <Tooltip label={t('drafts.noApiHint')} multiline maw={300}>
        <Badge color="gray" variant="outline" data-testid="draft-status">
          {t('drafts.noApi')}
        </Badge>
      </Tooltip>
    );
  }
  const { state } = draft;
  return (
    <>
      <Badge
        data-testid="draft-status"
        color={state.kind === 'error' || state.kind === 'conflict' ? 'red' : state.kind === 'saved' ? 'teal' : 'gray'}
        variant="light"
      >
        {state.kind === 'saved'
          ? t('drafts.saved', { time: format.dateTime(state.at) })
          : t(`drafts.states.${state.kind}`)}
      </Badge>
      <Modal
        opened={state.kind === 'conflict'}
        onClose={() => undefined}
        withCloseButton={false}
        title={t('drafts.conflictTitle')}
        data-testid="draft-conflict"
      >
        {state.kind === 'conflict' && (
          <Stack>
            <Text size="sm">
              {t('drafts.conflictText', {
                who: state.theirs.savedBy ?? t('drafts.someone'),
                when: state.theirs.savedAt ? format.dateTime(new Date(state.theirs.savedAt)) : '',
              })}
            </Text>
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  const theirs = draft.instance()?.takeTheirs();
                  if (theirs) store.getState().load(theirs);
                }}
              >
                {t('drafts.takeTheirs')}
              </Button>
              <Button color="red" onClick={() => void draft.instance()?.overwriteTheirs()}>
                {t('drafts.overwrite')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
