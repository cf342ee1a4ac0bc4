import { ActionIcon, Alert, Button, Center, FileButton, Group, Loader, Menu, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { ReactFlowProvider, useReactFlow, useStoreApi } from '@xyflow/react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  validateTemplate,
  withName,
  type NodeType,
  type TemplateInput,
  type ValidationIssue,
} from '../../../workflows/template';
import { layoutGraph } from '../canvas/auto-layout';
import { blankTemplate } from '../canvas/blank-template';
import { DesignerCanvas } from '../canvas/designer-canvas';
import { estimatedFitViewport } from '../canvas/first-view';
import { afterPaintWhenIdle } from '../canvas/idle';
import { sameTemplateGraph } from '../canvas/template-canvas.mapping';
import { DesignerStoreProvider, useDesigner, useDesignerStoreApi } from '../canvas/designer-store.context';
import { Palette } from '../canvas/palette';
import { shortcutFor } from '../canvas/shortcuts';
import { ShortcutsDialog } from '../canvas/shortcuts-dialog';
import { PropertiesPanel } from '../properties/properties-panel';
import { apiDraftClient } from '../drafts/api-draft-client';
import { DraftStatus, useDraftAutosave } from '../drafts/draft-status';
import { useCreateTemplate } from '../templates/create-template';
import { galleryEntries } from '../templates/gallery';
import { PublishDialog } from '../templates/publish-dialog';
import { ScheduleOffer } from '../duties/schedule-offer';
import { VersionsDrawer } from '../templates/versions-drawer';
import { TimelinePreview } from '../timeline/timeline-preview';
import { escalationTargetIssues } from '../validation/org-chart-checks';
import { translationIssues } from '../validation/translation-checks';
import { TranslationsDrawer } from '../translations/translations-drawer';
import { ValidationPanel } from '../validation/validation-panel';
import { api, ok, problemText } from '../api/api';
import { useSession } from '../session/session';
import { parseTemplateFile } from '../canvas/template-file';

const VALIDATION_DELAY_MS = 200;

/**
 * `/designer` creates a server draft at once and opens it, so nothing drawn is ever only in the browser.
 */
function NewDraft() {
  const { t } = useTranslation();
  const create = useCreateTemplate({ replace: true });
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    create.mutate({ kind: 'blank' });
  }, [create]);
  if (create.error) {
    return (
      <Alert color="red" m="md" role="alert">
        {problemText(t, create.error)}
      </Alert>
    );
  }
  return (
    <Center h="60vh">
      <Loader aria-label={t('designer.loading')} />
    </Center>
  );
}

/** `/designer/:id` edits a template stored through the API, autosaving its draft. */
export function DesignerPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const stored = useQuery({
    queryKey: ['draft', id],
    queryFn: () => (id ? apiDraftClient.load(id) : Promise.resolve(undefined)),
    enabled: id !== undefined,
    // The draft is read once per opening: later changes arrive through autosave's conflict handling.
    staleTime: Infinity,
    gcTime: 0,
  });
  if (id === undefined) return <NewDraft />;
  if (stored.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label={t('designer.loading')} />
      </Center>
    );
  }
  if (!stored.data) {
    return (
      <Alert color="red" m="md" role="alert">
        {stored.error ? String(stored.error) : t('templates.notFound')}
      </Alert>
    );
  }
  return (
    <DesignerStoreProvider key={id} initial={stored.data.template}>
      <ReactFlowProvider>
        <Designer templateId={id} etag={stored.data.etag} />
      </ReactFlowProvider>
    </DesignerStoreProvider>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function Designer({ templateId, etag }: { templateId?: string; etag?: string }) {
  const { t, i18n } = useTranslation();
  const store = useDesignerStoreApi();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const navigate = useNavigate();
  const draft = useDraftAutosave(templateId ? apiDraftClient : undefined, templateId ?? '', etag);
  const [publishOpened, publishDialog] = useDisclosure(false);
  const [versionsOpened, versionsDrawer] = useDisclosure(false);
  const [scheduleOfferOpened, scheduleOffer] = useDisclosure(false);
  const issues = useDesigner((state) => state.issues);
  const [helpOpened, help] = useDisclosure(false);
  const [timelineOpened, timeline] = useDisclosure(false);
  const [translationsOpened, translations] = useDisclosure(false);
  const [layingOut, setLayingOut] = useState(false);
  // Only what the toolbar shows: the page does not redraw while a node is dragged.
  const { name, canUndo, canRedo } = useDesigner((state) => ({
    name: state.meta.name,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
  }));

  // Live validation through the process language itself, a moment after the last edit; then the escalation rungs
  // against today's org chart (who reports to whom, deputies), which only the designer knows.
  const people = useQuery({
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    staleTime: 60_000,
  }).data?.items;
  const me = useSession().data?.id;
  // A store subscription, not a React dependency: each move of a drag only restarts the timer. Measuring and
  // selecting do not change the template, so they do not validate it again; and a validation (a tenth of a second on
  // 500 nodes) waits until the browser has painted and is idle, so it never holds back the frame showing a change.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelIdle = () => {};
    const schedule = () => {
      clearTimeout(timer);
      cancelIdle();
      timer = setTimeout(() => {
        cancelIdle = afterPaintWhenIdle(() => {
          const state = store.getState();
          const template = state.toTemplate();
          state.setIssues([
            ...validateTemplate(template),
            ...escalationTargetIssues(template, people ?? [], me),
            ...translationIssues(template),
          ]);
        });
      }, VALIDATION_DELAY_MS);
    };
    schedule();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.meta !== previous.meta || !sameTemplateGraph(state, previous)) schedule();
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      cancelIdle();
    };
  }, [store, people, me]);

  const addNext = useCallback(
    (type: NodeType) => {
      const state = store.getState();
      const id = state.addNodeNext(type, t(`nodeTypes.${type}.label`));
      const added = store.getState().nodes.find((node) => node.id === id);
      // Keep the new node in view without zooming in on it.
      if (added) window.requestAnimationFrame(() => void flow.fitView({ duration: 200, maxZoom: flow.getZoom() }));
    },
    [flow, store, t]
  );

  const autoLayout = useCallback(async () => {
    setLayingOut(true);
    try {
      const state = store.getState();
      state.setPositions(await layoutGraph(state.nodes, state.edges));
      window.requestAnimationFrame(() => void flow.fitView({ duration: 300 }));
    } catch (error) {
      notifications.show({ color: 'red', title: t('toolbar.layoutFailed'), message: String(error) });
    } finally {
      setLayingOut(false);
    }
  }, [flow, store, t]);

  const load = useCallback(
    (template: TemplateInput) => {
      store.getState().load(template);
      // Drawn first at about the zoom fitView will pick (see estimatedFitViewport), not at the previous template's.
      const viewport = estimatedFitViewport(store.getState().nodes, flowStore.getState());
      if (viewport) void flow.setViewport(viewport);
      window.requestAnimationFrame(() => void flow.fitView());
    },
    [flow, flowStore, store]
  );

  const exportJson = useCallback(() => {
    const template = store.getState().toTemplate();
    const blob = new Blob([JSON.stringify(template, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${template.id}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }, [store]);

  const importJson = useCallback(
    async (file: File | null) => {
      if (!file) return;
      const result = parseTemplateFile(await file.text());
      if (result.ok) {
        load(result.template);
        notifications.show({ color: 'teal', message: t('toolbar.imported', { name: result.template.name }) });
      } else {
        notifications.show({ color: 'red', title: t('toolbar.importFailed'), message: result.error });
      }
    },
    [load, t]
  );

  const focusIssue = useCallback(
    (issue: ValidationIssue) => {
      const state = store.getState();
      const edge = issue.edgeId === undefined ? undefined : state.edges.find((e) => e.id === issue.edgeId);
      const nodeIds = edge ? [edge.source, edge.target] : issue.nodeId === undefined ? [] : [issue.nodeId];
      state.select(edge ? { edgeId: edge.id } : issue.nodeId === undefined ? {} : { nodeId: issue.nodeId });
      if (nodeIds.length > 0) void flow.fitView({ nodes: nodeIds.map((id) => ({ id })), duration: 300, maxZoom: 1.2 });
    },
    [flow, store]
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || document.querySelector('[role="dialog"]')) return;
      const state = store.getState();
      if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        state.deleteSelected();
        return;
      }
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      switch (action) {
        case 'undo':
          return state.undo();
        case 'redo':
          return state.redo();
        case 'copy':
          return state.copySelection();
        case 'paste':
          return state.paste();
        case 'selectAll':
          return flow.setNodes((all) => all.map((node) => ({ ...node, selected: true })));
        case 'layout':
          return void autoLayout();
        case 'fitView':
          return void flow.fitView({ duration: 300 });
        case 'help':
          return help.open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [autoLayout, flow, help, store]);

  const state = store.getState();
  return (
    <div className="baton-designer">
      <Group className="baton-toolbar" gap="xs" px="sm" py={6} wrap="wrap">
        <Text fw={600} data-testid="template-name">
          {name}
        </Text>
        <DraftStatus draft={templateId ? draft : undefined} />
        {/* Starting over from the gallery keeps the draft's own (unique) name. */}
        <Menu>
          <Menu.Target>
            <Button size="xs" variant="light" data-testid="gallery" rightSection={<span aria-hidden>▾</span>}>
              {t('toolbar.startFrom')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item data-testid="gallery-blank" onClick={() => load({ ...blankTemplate(), name })}>
              {t('gallery.blank')}
            </Menu.Item>
            <Menu.Divider />
            {galleryEntries(i18n.language).map((entry) => (
              <Menu.Item
                key={entry.id}
                data-testid={`gallery-${entry.id}`}
                onClick={() => load(withName(entry.template(), name))}
              >
                {entry.title}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button.Group>
          <Button size="xs" variant="default" disabled={!canUndo} onClick={state.undo} data-testid="undo">
            {t('shortcuts.undo')}
          </Button>
          <Button size="xs" variant="default" disabled={!canRedo} onClick={state.redo} data-testid="redo">
            {t('shortcuts.redo')}
          </Button>
        </Button.Group>
        <Button.Group>
          <Button size="xs" variant="default" onClick={state.copySelection}>
            {t('shortcuts.copy')}
          </Button>
          <Button size="xs" variant="default" onClick={state.paste}>
            {t('shortcuts.paste')}
          </Button>
          <Button size="xs" variant="default" onClick={state.deleteSelected} data-testid="delete">
            {t('shortcuts.delete')}
          </Button>
        </Button.Group>
        <Button size="xs" variant="default" loading={layingOut} onClick={() => void autoLayout()} data-testid="layout">
          {t('shortcuts.layout')}
        </Button>
        <Button size="xs" variant="default" onClick={() => void flow.fitView({ duration: 300 })} data-testid="fit-view">
          {t('shortcuts.fitView')}
        </Button>
        <Button size="xs" variant="light" onClick={timeline.open} data-testid="timeline-open">
          {t('timeline.title')}
        </Button>
        <Button size="xs" variant="light" onClick={translations.open} data-testid="translations-open">
          {t('translations.open')}
        </Button>
        <FileButton onChange={(file) => void importJson(file)} accept="application/json,.json">
          {(props) => (
            <Button size="xs" variant="default" {...props} data-testid="import">
              {t('toolbar.import')}
            </Button>
          )}
        </FileButton>
        <Button size="xs" variant="default" onClick={exportJson} data-testid="export">
          {t('toolbar.export')}
        </Button>
        {templateId && (
          <>
            <Button size="xs" color="teal" onClick={publishDialog.open} data-testid="publish">
              {t('publish.open')}
            </Button>
            <Button size="xs" variant="light" onClick={versionsDrawer.open} data-testid="versions">
              {t('versions.title')}
            </Button>
            <Button
              size="xs"
              variant="light"
              onClick={() => void navigate(`/processes/start?templateId=${templateId}`)}
              data-testid="start-process"
            >
              {t('start.open')}
            </Button>
          </>
        )}
        <Tooltip label={t('shortcuts.title')}>
          <ActionIcon variant="default" onClick={help.open} aria-label={t('shortcuts.title')} data-testid="help">
            ?
          </ActionIcon>
        </Tooltip>
      </Group>
      <div className="baton-workspace">
        <aside className="baton-palette">
          <Palette onAdd={addNext} />
        </aside>
        <section className="baton-canvas">
          <DesignerCanvas />
        </section>
        <aside className="baton-side">
          <div className="baton-properties">
            <PropertiesPanel />
          </div>
          <div className="baton-validation">
            <ValidationPanel onFocus={focusIssue} />
          </div>
        </aside>
      </div>
      <ShortcutsDialog opened={helpOpened} onClose={help.close} />
      <TimelinePreview opened={timelineOpened} onClose={timeline.close} />
      <TranslationsDrawer opened={translationsOpened} onClose={translations.close} />
      {templateId && (
        <>
          <PublishDialog
            templateId={templateId}
            draft={draft}
            issues={issues}
            opened={publishOpened}
            onClose={publishDialog.close}
            onPublished={() => {
              // A start node that repeats is scheduled by a duty: offer to make one now.
              const start = store.getState().nodes.find((node) => node.type === 'start');
              const trigger = (start?.data as { trigger?: { kind?: string } } | undefined)?.trigger;
              if (trigger?.kind === 'recurrence') scheduleOffer.open();
            }}
          />
          <ScheduleOffer
            templateId={templateId}
            templateName={name}
            opened={scheduleOfferOpened}
            onClose={scheduleOffer.close}
          />
          <VersionsDrawer
            templateId={templateId}
            opened={versionsOpened}
            onClose={versionsDrawer.close}
            draft={() => store.getState().toTemplate()}
          />
        </>
      )}
    </div>
  );
}
