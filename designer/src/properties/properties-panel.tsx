import {
  Alert,
  Anchor,
  Checkbox,
  Divider,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { nodeRegistry, type Priority } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';
import { nextOutcome } from '../canvas/designer.store';
import type { CanvasEdge, CanvasNode, CanvasNodeData, CanvasNodeOf } from '../canvas/template-canvas.mapping';
import { AssigneePicker } from './assignee-picker';
import { DeadlineBuilder } from './deadline-builder';
import { DecisionRulesEditor } from './decision-rules-editor';
import { EscalationEditor } from './escalation-editor';
import { ChecklistEditor, FormFieldsEditor, InstructionsEditor } from './list-editors';
import { TemplateSettings } from './template-settings';

/** The form for what is selected: one node, one edge, or else the template itself. */
export function PropertiesPanel() {
  const { t } = useTranslation();
  // The selected node's id, type and data, not the node: dragging it changes only its position, which the form
  // does not show, so the panel (and its autosizing text areas) are not redrawn on every frame of a drag.
  const { nodeId, nodeType, nodeData, edge, selectedCount } = useDesigner((state) => {
    const nodes = state.nodes.filter((n) => n.selected);
    const edges = state.edges.filter((e) => e.selected);
    const node = nodes.length === 1 && edges.length === 0 ? nodes[0] : undefined;
    return {
      nodeId: node?.id,
      nodeType: node?.type,
      nodeData: node?.data,
      edge: edges.length === 1 && nodes.length === 0 ? edges[0] : undefined,
      selectedCount: nodes.length + edges.length,
    };
  });
  const node = useMemo(
    () =>
      nodeId === undefined || nodeType === undefined
        ? undefined
        : // The three parts come from one node, so they pair as CanvasNode's union wants.
          ({ id: nodeId, type: nodeType, data: nodeData, position: { x: 0, y: 0 } } as CanvasNode),
    [nodeId, nodeType, nodeData]
  );
  return (
    <Stack gap="xs" p="xs" data-testid="properties">
      {node && <NodeProperties node={node} />}
      {edge && <EdgeProperties edge={edge} />}
      {!node && !edge && selectedCount > 1 && (
        <Text size="sm" c="dimmed">
          {t('props.manySelected', { count: selectedCount })}
        </Text>
      )}
      {!node && !edge && selectedCount <= 1 && <TemplateSettings />}
    </Stack>
  );
}

function PriorityEditor({ value, onChange }: { value: Priority | undefined; onChange: (value: Priority) => void }) {
  const { t } = useTranslation();
  const priority = value ?? { urgent: false, important: true };
  return (
    <Group gap="md">
      <Text size="sm" fw={500}>
        {t('props.priority')}
      </Text>
      <Checkbox
        size="xs"
        label={t('props.urgent')}
        checked={priority.urgent}
        onChange={(event) => onChange({ ...priority, urgent: event.currentTarget.checked })}
      />
      <Checkbox
        size="xs"
        label={t('props.important')}
        checked={priority.important}
        onChange={(event) => onChange({ ...priority, important: event.currentTarget.checked })}
      />
    </Group>
  );
}

function NodeProperties({ node }: { node: CanvasNode }) {
  const { t } = useTranslation();
  const updateNodeData = useDesigner((state) => state.updateNodeData);
  // Every form below edits the data of this node's own type; the union cannot be narrowed through the callback.
  const update = <Type extends CanvasNode['type']>(_node: CanvasNodeOf<Type>, data: CanvasNodeData<Type>) =>
    updateNodeData(node.id, data as CanvasNode['data']);

  return (
    <Stack gap="xs">
      {/* The node's id is for tests and deadline anchors, not for people: it is not shown. */}
      <Group justify="space-between" data-testid="properties-node" data-node-id={node.id}>
        <Title order={5}>{t(`nodeTypes.${node.type}.label`)}</Title>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`nodeTypes.${node.type}.description`)}
      </Text>
      <Divider />
      {(() => {
        switch (node.type) {
          case 'task': {
            const data = node.data;
            return (
              <>
                <TextInput
                  size="xs"
                  label={t('props.title')}
                  value={data.title}
                  onChange={(event) => update(node, { ...data, title: event.currentTarget.value })}
                  data-testid="prop-title"
                />
                <InstructionsEditor
                  value={data.instructions ?? ''}
                  onChange={(instructions) => update(node, { ...data, instructions })}
                />
                <AssigneePicker
                  label={t('node.assignee')}
                  value={data.assignee}
                  onChange={(assignee) => update(node, { ...data, assignee })}
                  testId="prop-assignee"
                />
                <Switch
                  size="xs"
                  label={t('props.withReviewer')}
                  checked={data.reviewer !== undefined}
                  onChange={(event) => {
                    const { reviewer: _r, maxRounds: _m, ...rest } = data;
                    update(node, event.currentTarget.checked ? { ...rest, reviewer: { kind: 'starter' } } : rest);
                  }}
                  data-testid="prop-with-reviewer"
                />
                {data.reviewer && (
                  <>
                    <AssigneePicker
                      label={t('node.reviewer')}
                      value={data.reviewer}
                      onChange={(reviewer) => update(node, { ...data, reviewer })}
                      testId="prop-reviewer"
                    />
                    <NumberInput
                      size="xs"
                      label={t('props.maxRounds')}
                      min={1}
                      max={100}
                      allowDecimal={false}
                      value={data.maxRounds ?? ''}
                      onChange={(value) => {
                        const { maxRounds: _m, ...rest } = data;
                        update(node, value === '' ? rest : { ...rest, maxRounds: Number(value) });
                      }}
                    />
                  </>
                )}
                <DeadlineBuilder
                  label={t('node.due')}
                  value={data.due}
                  onChange={(due) => update(node, withOptional(data, 'due', due))}
                  testId="prop-due"
                />
                <PriorityEditor value={data.priority} onChange={(priority) => update(node, { ...data, priority })} />
                <Switch
                  size="xs"
                  label={t('props.allowDecisionRequests')}
                  checked={data.allowDecisionRequests ?? true}
                  onChange={(event) => update(node, { ...data, allowDecisionRequests: event.currentTarget.checked })}
                />
                <EscalationEditor
                  inheritable
                  value={data.escalation}
                  onChange={(escalation) => update(node, withOptional(data, 'escalation', escalation))}
                  testId="prop-escalation"
                  step={{ doer: data.assignee, ...(data.reviewer ? { reviewer: data.reviewer } : {}) }}
                />
                <ChecklistEditor
                  value={data.checklist ?? []}
                  onChange={(checklist) => update(node, { ...data, checklist })}
                />
                <FormFieldsEditor value={data.form ?? []} onChange={(form) => update(node, { ...data, form })} />
              </>
            );
          }
          case 'approval': {
            const data = node.data;
            return (
              <>
                <TextInput
                  size="xs"
                  label={t('props.title')}
                  value={data.title}
                  onChange={(event) => update(node, { ...data, title: event.currentTarget.value })}
                  data-testid="prop-title"
                />
                <InstructionsEditor
                  value={data.instructions ?? ''}
                  onChange={(instructions) => update(node, { ...data, instructions })}
                />
                <AssigneePicker
                  label={t('node.approver')}
                  value={data.approver ?? { kind: 'starter' }}
                  onChange={(approver) => update(node, { ...data, approver })}
                />
                <DeadlineBuilder
                  label={t('node.due')}
                  value={data.due}
                  onChange={(due) => update(node, withOptional(data, 'due', due))}
                  testId="prop-due"
                />
                <PriorityEditor value={data.priority} onChange={(priority) => update(node, { ...data, priority })} />
                <Switch
                  size="xs"
                  label={t('props.commentRequiredOnReject')}
                  checked={data.commentRequiredOnReject ?? true}
                  onChange={(event) => update(node, { ...data, commentRequiredOnReject: event.currentTarget.checked })}
                />
                <EscalationEditor
                  inheritable
                  value={data.escalation}
                  onChange={(escalation) => update(node, withOptional(data, 'escalation', escalation))}
                  step={{ doer: data.approver ?? { kind: 'starter' } }}
                />
              </>
            );
          }
          case 'decision': {
            const data = node.data;
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <DecisionRulesEditor
                  branches={data.branches}
                  defaultOutcome={data.defaultOutcome ?? 'otherwise'}
                  onChange={(branches, defaultOutcome) =>
                    update(node, { ...data, branches: branches as typeof data.branches, defaultOutcome })
                  }
                />
              </>
            );
          }
          case 'start': {
            const data = node.data;
            const trigger = data.trigger ?? { kind: 'manual' };
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <Select
                  size="xs"
                  label={t('node.trigger')}
                  allowDeselect={false}
                  value={trigger.kind}
                  data={(['manual', 'recurrence', 'api'] as const).map((kind) => ({
                    value: kind,
                    label: t(`trigger.${kind}`),
                  }))}
                  onChange={(kind) =>
                    update(node, {
                      ...data,
                      trigger:
                        kind === 'recurrence'
                          ? {
                              kind,
                              rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
                              timeOfDay: '09:00',
                              nonBusinessDay: 'nextBusinessDay',
                            }
                          : { kind: kind === 'api' ? 'api' : 'manual' },
                    })
                  }
                />
                {trigger.kind === 'recurrence' && (
                  <>
                    <TextInput
                      size="xs"
                      label={t('props.rrule')}
                      description="FREQ=MONTHLY;BYMONTHDAY=1"
                      value={trigger.rrule}
                      onChange={(event) =>
                        update(node, { ...data, trigger: { ...trigger, rrule: event.currentTarget.value } })
                      }
                    />
                    <TextInput
                      size="xs"
                      label={t('deadline.timeOfDay')}
                      value={trigger.timeOfDay ?? ''}
                      onChange={(event) => {
                        const { timeOfDay: _time, ...rest } = trigger;
                        const text = event.currentTarget.value;
                        update(node, { ...data, trigger: text ? { ...rest, timeOfDay: text } : rest });
                      }}
                    />
                    <Select
                      size="xs"
                      label={t('props.nonBusinessDay')}
                      allowDeselect={false}
                      value={trigger.nonBusinessDay ?? 'keep'}
                      data={(['keep', 'previousBusinessDay', 'nextBusinessDay'] as const).map((value) => ({
                        value,
                        label: t(`nonBusinessDay.${value}`),
                      }))}
                      onChange={(value) =>
                        update(node, {
                          ...data,
                          trigger: {
                            ...trigger,
                            nonBusinessDay:
                              value === 'previousBusinessDay' || value === 'nextBusinessDay' ? value : 'keep',
                          },
                        })
                      }
                    />
                    {/* The rule alone schedules nothing: a duty made from the published template does. */}
                    <Alert color="yellow" p="xs" data-testid="recurrence-needs-duty">
                      <Text size="xs">{t('build.recurrenceNeedsDuty')}</Text>
                      <Anchor component={Link} to="/duties" size="xs">
                        {t('build.openDuties')}
                      </Anchor>
                    </Alert>
                  </>
                )}
              </>
            );
          }
          case 'end': {
            const data = node.data;
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <Select
                  size="xs"
                  label={t('node.result')}
                  allowDeselect={false}
                  value={data.result ?? 'completed'}
                  data={(['completed', 'rejected', 'cancelled'] as const).map((value) => ({
                    value,
                    label: t(`endResult.${value}`),
                  }))}
                  onChange={(value) =>
                    update(node, {
                      ...data,
                      result: value === 'rejected' || value === 'cancelled' ? value : 'completed',
                    })
                  }
                />
              </>
            );
          }
          case 'parallel':
            return (
              <LabelInput
                value={node.data.label}
                onChange={(label) => update(node, withOptional(node.data, 'label', label))}
              />
            );
          case 'join': {
            const data = node.data;
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <Select
                  size="xs"
                  label={t('node.waitsFor')}
                  allowDeselect={false}
                  value={data.mode}
                  data={(['all', 'any', 'nOfM'] as const).map((mode) => ({
                    value: mode,
                    label: t(`joinMode.${mode}`),
                  }))}
                  onChange={(mode) => {
                    const base = data.label === undefined ? {} : { label: data.label };
                    update(
                      node,
                      mode === 'nOfM' ? { ...base, mode, n: 2 } : { ...base, mode: mode === 'any' ? 'any' : 'all' }
                    );
                  }}
                />
                {data.mode === 'nOfM' && (
                  <NumberInput
                    size="xs"
                    label="N"
                    min={1}
                    allowDecimal={false}
                    value={data.n}
                    onChange={(n) => update(node, { ...data, n: Math.max(1, Number(n) || 1) })}
                  />
                )}
              </>
            );
          }
          case 'wait': {
            const data = node.data;
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <DeadlineBuilder
                  label={t('node.until')}
                  optional={false}
                  value={data.until}
                  onChange={(until) => update(node, { ...data, until: until ?? 'start + 1bd' })}
                />
              </>
            );
          }
          case 'notify': {
            const data = node.data;
            return (
              <>
                <AssigneePicker
                  label={t('node.recipient')}
                  value={data.recipient}
                  onChange={(recipient) => update(node, { ...data, recipient })}
                />
                <TextInput
                  size="xs"
                  label={t('props.subject')}
                  value={data.subject ?? ''}
                  onChange={(event) =>
                    update(node, withOptional(data, 'subject', event.currentTarget.value || undefined))
                  }
                />
                <Textarea
                  size="xs"
                  label={t('props.message')}
                  description={t('props.messageHint', { example: `{{${t('props.messageExample')}}}` })}
                  autosize
                  minRows={3}
                  value={data.message}
                  onChange={(event) => update(node, { ...data, message: event.currentTarget.value })}
                />
              </>
            );
          }
          case 'subprocess': {
            const data = node.data;
            return (
              <>
                <LabelInput value={data.label} onChange={(label) => update(node, withOptional(data, 'label', label))} />
                <TextInput
                  size="xs"
                  label={t('props.templateId')}
                  value={data.templateId}
                  onChange={(event) => update(node, { ...data, templateId: event.currentTarget.value })}
                />
                <NumberInput
                  size="xs"
                  label={t('props.version')}
                  min={1}
                  allowDecimal={false}
                  value={data.version}
                  onChange={(version) => update(node, { ...data, version: Math.max(1, Number(version) || 1) })}
                />
                <MappingEditor
                  label={t('props.input')}
                  value={data.input ?? []}
                  onChange={(input) => update(node, { ...data, input })}
                />
                <MappingEditor
                  label={t('props.output')}
                  value={data.output ?? []}
                  onChange={(output) => update(node, { ...data, output })}
                />
              </>
            );
          }
          case 'stage': {
            const data = node.data;
            return (
              <>
                <TextInput
                  size="xs"
                  label={t('props.title')}
                  value={data.title}
                  onChange={(event) => update(node, { ...data, title: event.currentTarget.value })}
                  data-testid="prop-title"
                />
                <Textarea
                  size="xs"
                  label={t('props.description')}
                  autosize
                  value={data.description ?? ''}
                  onChange={(event) =>
                    update(node, withOptional(data, 'description', event.currentTarget.value || undefined))
                  }
                />
                <DeadlineBuilder
                  label={t('node.stageStart')}
                  value={data.start}
                  onChange={(start) => update(node, withOptional(data, 'start', start))}
                />
                <DeadlineBuilder
                  label={t('node.due')}
                  value={data.due}
                  onChange={(due) => update(node, withOptional(data, 'due', due))}
                />
              </>
            );
          }
        }
      })()}
    </Stack>
  );
}

/** Sets or removes an optional field, so an emptied field disappears from the template rather than staying empty. */
function withOptional<Data extends object, Key extends keyof Data>(
  data: Data,
  key: Key,
  value: Data[Key] | undefined
): Data {
  const { [key]: _removed, ...rest } = data;
  return (value === undefined ? rest : { ...rest, [key]: value }) as Data;
}

function LabelInput({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      size="xs"
      label={t('props.label')}
      value={value ?? ''}
      onChange={(event) => onChange(event.currentTarget.value || undefined)}
    />
  );
}

function MappingEditor({
  label,
  value,
  onChange,
}: {
  label: string;
  value: { from: string; to: string }[];
  onChange: (value: { from: string; to: string }[]) => void;
}) {
  const { t } = useTranslation();
  // One "from -> to" pair per line keeps the editor small; names are checked by validation.
  const text = value.map((pair) => `${pair.from} -> ${pair.to}`).join('\n');
  return (
    <Textarea
      size="xs"
      label={label}
      description={t('props.mappingHint')}
      autosize
      defaultValue={text}
      onBlur={(event) =>
        onChange(
          event.currentTarget.value
            .split('\n')
            .map((line) => line.split('->').map((part) => part.trim()))
            .filter((parts): parts is [string, string] => parts.length === 2 && parts.every(Boolean))
            .map(([from, to]) => ({ from, to }))
        )
      }
    />
  );
}

function EdgeProperties({ edge }: { edge: CanvasEdge }) {
  const { t } = useTranslation();
  const { source, updateEdgeData, edges } = useDesigner((state) => ({
    source: state.nodes.find((node) => node.id === edge.source),
    updateEdgeData: state.updateEdgeData,
    edges: state.edges,
  }));
  const outcomes = source ? outcomesOf(source) : [];
  const data = edge.data ?? {};
  const suggested = nextOutcome(source, edges);
  return (
    <Stack gap="xs">
      <Title order={5}>{t('props.edge')}</Title>
      <Text size="xs" c="dimmed">
        {edge.source} → {edge.target}
      </Text>
      {outcomes.length > 0 && (
        <Select
          size="xs"
          label={t('props.outcome')}
          clearable
          value={data.outcome ?? null}
          data={[...new Set([...outcomes, ...(data.outcome ? [data.outcome] : [])])]}
          placeholder={suggested}
          onChange={(outcome) => {
            const { outcome: _o, ...rest } = data;
            updateEdgeData(edge.id, outcome ? { ...rest, outcome } : rest);
          }}
          data-testid="prop-outcome"
        />
      )}
      <TextInput
        size="xs"
        label={t('props.edgeLabel')}
        value={data.label ?? ''}
        placeholder={data.outcome}
        onChange={(event) => {
          const { label: _l, ...rest } = data;
          const label = event.currentTarget.value;
          updateEdgeData(edge.id, label ? { ...rest, label } : rest);
        }}
      />
    </Stack>
  );
}

function outcomesOf(node: CanvasNode): readonly string[] {
  const parsed = nodeRegistry[node.type].dataSchema.safeParse(node.data);
  if (!parsed.success) return [];
  // The registry entry and the parsed data belong to the same key.
  return (nodeRegistry[node.type].outcomes as (data: unknown) => readonly string[])(parsed.data);
}
