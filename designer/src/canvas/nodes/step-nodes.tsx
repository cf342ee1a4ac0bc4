import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { EscalationLadder } from '../../../../workflows/template';
import { nodeIndex } from '../designer.store';
import { useDesigner } from '../designer-store.context';
import type { CanvasNodeOf } from '../template-canvas.mapping';
import { useCanvasTranslation } from './canvas-directory';
import { badgesFit } from './card-text-fit';
import { CardBadge, NodeCard } from './node-card';
import { useAssigneeLabel, useDeadlineLabel } from './node-summary';

/** The stage a node sits in, by title, for the "stage" line of a card. */
function useStageTitle(parentId: string | undefined): string | undefined {
  return useDesigner((state) => {
    const parent = parentId === undefined ? undefined : nodeIndex(state.nodes).get(parentId);
    return parent?.type === 'stage' ? parent.data.title : undefined;
  });
}

/** How many rungs apply to a step: its own ladder, or the template's default. */
function useRungCount(own: EscalationLadder | undefined): number {
  const fallback = useDesigner((state) => state.meta.escalation?.length ?? 0);
  return own?.length ?? fallback;
}

export const TaskNode = memo(function TaskNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'task'>>) {
  const { t } = useCanvasTranslation();
  const who = useAssigneeLabel();
  const due = useDeadlineLabel(data.due);
  const stage = useStageTitle(parentId);
  const rungs = useRungCount(data.escalation);
  return (
    <NodeCard
      id={id}
      type="task"
      selected={selected}
      title={data.title}
      rows={[
        [t('node.assignee'), who(data.assignee)],
        [t('node.due'), due],
        [t('node.reviewer'), who(data.reviewer)],
        [t('node.escalation'), rungs > 0 ? t('node.rungs', { count: rungs }) : undefined],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const ApprovalNode = memo(function ApprovalNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'approval'>>) {
  const { t } = useCanvasTranslation();
  const who = useAssigneeLabel();
  const due = useDeadlineLabel(data.due);
  const stage = useStageTitle(parentId);
  const rungs = useRungCount(data.escalation);
  return (
    <NodeCard
      id={id}
      type="approval"
      selected={selected}
      title={data.title}
      rows={[
        [t('node.approver'), who(data.approver ?? { kind: 'starter' })],
        [t('node.due'), due],
        [t('node.escalation'), rungs > 0 ? t('node.rungs', { count: rungs }) : undefined],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const DecisionNode = memo(function DecisionNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'decision'>>) {
  const { t } = useCanvasTranslation();
  const stage = useStageTitle(parentId);
  const otherwise = t(`build.outcomes.${data.defaultOutcome ?? 'otherwise'}`, {
    defaultValue: data.defaultOutcome ?? 'otherwise',
  });
  return (
    <NodeCard
      id={id}
      type="decision"
      selected={selected}
      title={data.label ?? t('nodeTypes.decision.label')}
      rows={[[t('node.stage'), stage]]}
    >
      <div className="baton-card-badges">
        {data.branches.map((branch) => (
          <CardBadge key={branch.outcome} variant="outline" color="orange" clip={!badgesFit([branch.outcome])}>
            {branch.outcome}
          </CardBadge>
        ))}
        <CardBadge variant="outline" color="gray" clip={!badgesFit([otherwise])}>
          {otherwise}
        </CardBadge>
      </div>
    </NodeCard>
  );
});

export const StartNode = memo(function StartNode({ id, data, selected }: NodeProps<CanvasNodeOf<'start'>>) {
  const { t } = useCanvasTranslation();
  const trigger = data.trigger ?? { kind: 'manual' };
  return (
    <NodeCard
      id={id}
      type="start"
      selected={selected}
      title={data.label}
      hasInput={false}
      rows={[
        [t('node.trigger'), t(`trigger.${trigger.kind}`)],
        [t('node.rule'), trigger.kind === 'recurrence' ? trigger.rrule : undefined],
      ]}
    />
  );
});

export const EndNode = memo(function EndNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'end'>>) {
  const { t } = useCanvasTranslation();
  const stage = useStageTitle(parentId);
  return (
    <NodeCard
      id={id}
      type="end"
      selected={selected}
      title={data.label}
      hasOutput={false}
      rows={[
        [t('node.result'), t(`endResult.${data.result ?? 'completed'}`)],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const ParallelNode = memo(function ParallelNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'parallel'>>) {
  const { t } = useCanvasTranslation();
  const stage = useStageTitle(parentId);
  return <NodeCard id={id} type="parallel" selected={selected} title={data.label} rows={[[t('node.stage'), stage]]} />;
});

export const JoinNode = memo(function JoinNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'join'>>) {
  const { t } = useCanvasTranslation();
  const stage = useStageTitle(parentId);
  const mode = data.mode === 'nOfM' ? t('join.nOfM', { n: data.n }) : t(`join.${data.mode}`);
  return (
    <NodeCard
      id={id}
      type="join"
      selected={selected}
      title={data.label}
      rows={[
        [t('node.waitsFor'), mode],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const WaitNode = memo(function WaitNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'wait'>>) {
  const { t } = useCanvasTranslation();
  const until = useDeadlineLabel(data.until);
  const stage = useStageTitle(parentId);
  return (
    <NodeCard
      id={id}
      type="wait"
      selected={selected}
      title={data.label}
      rows={[
        [t('node.until'), until],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const NotifyNode = memo(function NotifyNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'notify'>>) {
  const { t } = useCanvasTranslation();
  const who = useAssigneeLabel();
  const stage = useStageTitle(parentId);
  return (
    <NodeCard
      id={id}
      type="notify"
      selected={selected}
      title={data.subject ?? data.message}
      rows={[
        [t('node.recipient'), who(data.recipient)],
        [t('node.stage'), stage],
      ]}
    />
  );
});

export const SubprocessNode = memo(function SubprocessNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'subprocess'>>) {
  const { t } = useCanvasTranslation();
  const stage = useStageTitle(parentId);
  return (
    <NodeCard
      id={id}
      type="subprocess"
      selected={selected}
      title={data.label}
      rows={[
        [t('node.template'), data.templateId ? `${data.templateId} v${data.version}` : undefined],
        [t('node.stage'), stage],
      ]}
    />
  );
});

/** A stage's border and head padding, either side together, in px (`.baton-stage`, `.baton-stage-head`). */
const STAGE_FRAME = 16;

/** A stage is a React Flow group: a resizable frame its steps sit in (they point at it with parentId). */
export const StageNode = memo(function StageNode({ id, data, selected, width }: NodeProps<CanvasNodeOf<'stage'>>) {
  const { t } = useCanvasTranslation();
  const due = useDeadlineLabel(data.due);
  const recordHistory = useDesigner((state) => state.recordHistory);
  const issues = useDesigner((state) => state.issuesByNode.get(id)?.length ?? 0);
  const stageLabel = t('nodeTypes.stage.label');
  const issuesLabel = t('validation.errorCount', { count: issues });
  // Unknown before React Flow has measured it: then the clips stay.
  const headWidth = width === undefined ? 0 : width - STAGE_FRAME;
  return (
    <div className="baton-stage" data-testid={`node-${id}`} data-issues={issues} data-selected={selected}>
      <NodeResizer isVisible={selected} minWidth={200} minHeight={120} onResizeStart={recordHistory} />
      <div className="baton-stage-head">
        <CardBadge color="yellow" clip={!badgesFit([stageLabel], headWidth)}>
          {stageLabel}
        </CardBadge>
        <p className="baton-card-text baton-card-title">{data.title}</p>
        {data.due !== undefined && (
          <p className="baton-card-text baton-card-dimmed">
            {t('node.due')}: {due}
          </p>
        )}
        {issues > 0 && (
          <CardBadge color="red" clip={!badgesFit([issuesLabel], headWidth)}>
            {issuesLabel}
          </CardBadge>
        )}
      </div>
    </div>
  );
});
