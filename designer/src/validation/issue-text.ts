import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  localizeTemplate,
  type TemplateInput,
  type TemplateNodeInput,
  type ValidationIssue,
} from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';

/** What a person calls a node: its title (or label, or subject), else its type's name. Never its id. */
export function nodeTitle(t: TFunction, node: TemplateNodeInput | undefined): string {
  if (!node) return t('build.thisStep');
  const data = node.data as { title?: unknown; label?: unknown; subject?: unknown };
  for (const value of [data.title, data.label, data.subject]) {
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return t(`nodeTypes.${node.type}.label`);
}

const FIELD_KEYS: Record<string, string> = {
  assignee: 'assignee',
  reviewer: 'reviewer',
  approver: 'approver',
  recipient: 'recipient',
  title: 'title',
  due: 'due',
  start: 'due',
  until: 'due',
  escalation: 'escalation',
  message: 'message',
  templateId: 'template',
  version: 'template',
};

/** The catalog entry for an issue: a schema issue by the field it is about, any other by its code. */
function entryKey(issue: ValidationIssue): string {
  if (issue.code === 'escalation-target-missing') return `issue.org.${String(issue.params?.kind ?? 'assigneeManager')}`;
  if (issue.code === 'translation-missing') return `issue.translation.${String(issue.params?.language ?? 'en')}`;
  if (issue.code !== 'schema') return `issue.codes.${issue.code}`;
  const path = issue.path ?? [];
  if (path[0] === 'parameters') return 'issue.fields.parameter';
  if (path[0] === 'escalation') return 'issue.fields.escalation';
  const field = path[0] === 'nodes' && path[2] === 'data' ? path[3] : undefined;
  const key = typeof field === 'string' ? FIELD_KEYS[field] : undefined;
  return key === undefined ? 'issue.fallback' : `issue.fields.${key}`;
}

/**
 * A validation issue in a manager's words and language: the step named by its title, what to do to fix it. The
 * process language reports codes, node ids and field paths; this turns them into the catalog's sentences.
 */
export function issueText(
  t: TFunction,
  issue: ValidationIssue,
  template: Pick<TemplateInput, 'nodes' | 'edges'>
): { message: string; hint: string } {
  const byId = (id: string | undefined) => template.nodes.find((node) => node.id === id);
  const edge = issue.edgeId === undefined ? undefined : template.edges.find((e) => e.id === issue.edgeId);
  const subject = edge
    ? t('build.arrow', { from: nodeTitle(t, byId(edge.source)), to: nodeTitle(t, byId(edge.target)) })
    : issue.nodeId !== undefined
      ? nodeTitle(t, byId(issue.nodeId))
      : t('build.theTemplate');
  const key = entryKey(issue);
  const values = { ...issue.params, node: subject };
  return { message: t(`${key}.message`, values), hint: t(`${key}.hint`, values) };
}

/** `issueText` bound to the reader's language and the template on the canvas. */
export function useIssueText(): (issue: ValidationIssue) => { message: string; hint: string } {
  const { t, i18n } = useTranslation();
  // The nodes' ids, types and data as one flat list, equal element by element while nodes only move: the validation
  // panel is not redrawn on every frame of a drag.
  const facts = useDesigner((state) => state.nodes.flatMap((node): unknown[] => [node.id, node.type, node.data]));
  const { edges, language, translations } = useDesigner((state) => ({
    edges: state.edges,
    language: state.meta.language,
    translations: state.meta.translations,
  }));
  // Canvas nodes and edges carry the template's fields (ids, type, data, source, target) that the text reads; steps
  // are named in the reader's language where the template has it.
  const template = useMemo(() => {
    const nodes: { id: unknown; type: unknown; data: unknown }[] = [];
    for (let i = 0; i + 2 < facts.length; i += 3) nodes.push({ id: facts[i], type: facts[i + 1], data: facts[i + 2] });
    return localizeTemplate(
      { nodes, edges, language, translations } as unknown as Parameters<typeof localizeTemplate>[0],
      i18n.language
    ) as unknown as Pick<TemplateInput, 'nodes' | 'edges'>;
  }, [facts, edges, language, translations, i18n.language]);
  return (issue) => issueText(t, issue, template);
}
