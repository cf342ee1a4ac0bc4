import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesigner } from '../designer-store.context';
import type { CanvasNodeOf } from '../template-canvas.mapping';
import { useCanvasTranslation } from './canvas-directory';
import { badgesFit } from './card-text-fit';
import { CardBadge, NodeCard } from './node-card';
import { deadlineLabel, useAssigneeLabel, useCardFacts } from './node-summary';

export const TaskNode = memo(function TaskNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'task'>>) {
  const { t } = useCanvasTranslation();
  const facts = useCardFacts(id, parentId, data.due);
  const who = useAssigneeLabel(facts);
  const due = deadlineLabel(t, data.due, facts);
  const rungs = data.escalation?.length ?? facts.defaultRungs;
  return (
    <NodeCard
      id={id}
      type="task"
      selected={selected}
      facts={facts}
      title={data.title}
      rows={[
        [t('node.assignee'), who(data.assignee)],
        [t('node.due'), due],
        [t('node.reviewer'), who(data.reviewer)],
        [t('node.escalation'), rungs > 0 ? t('node.rungs', { count: rungs }) : undefined],
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
  const facts = useCardFacts(id, parentId, data.due);
  const who = useAssigneeLabel(facts);
  const due = deadlineLabel(t, data.due, facts);
  const rungs = data.escalation?.length ?? facts.defaultRungs;
  return (
    <NodeCard
      id={id}
      type="approval"
      selected={selected}
      facts={facts}
      title={data.title}
      rows={[
        [t('node.approver'), who(data.approver ?? { kind: 'starter' })],
        [t('node.due'), due],
        [t('node.escalation'), rungs > 0 ? t('node.rungs', { count: rungs }) : undefined],
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
  const facts = useCardFacts(id, parentId, undefined);
  const otherwise = t(`build.outcomes.${data.defaultOutcome ?? 'otherwise'}`, {
    defaultValue: data.defaultOutcome ?? 'otherwise',
  });
  return (
    <NodeCard
      id={id}
      type="decision"
      selected={selected}
      facts={facts}
      title={data.label ?? t('nodeTypes.decision.label')}
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
  const facts = useCardFacts(id, undefined, undefined);
  return (
    <NodeCard
      id={id}
      type="start"
      selected={selected}
      facts={facts}
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
  const facts = useCardFacts(id, parentId, undefined);
  return (
    <NodeCard
      id={id}
      type="end"
      selected={selected}
      facts={facts}
      title={data.label}
      hasOutput={false}
      rows={[[t('node.result'), t(`endResult.${data.result ?? 'completed'}`)]]}
    />
  );
});

export const ParallelNode = memo(function ParallelNode({
  id,
  data,
  selected,
  parentId,
}: NodeProps<CanvasNodeOf<'parallel'>>) {
  const facts = useCardFacts(id, parentId, undefined);
  return <NodeCard id={id} type="parallel" selected={selected} facts={facts} title={data.label} />;
});

export const JoinNode = memo(function JoinNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'join'>>) {
  const { t } = useCanvasTranslation();
  const facts = useCardFacts(id, parentId, undefined);
  const mode = data.mode === 'nOfM' ? t('join.nOfM', { n: data.n }) : t(`join.${data.mode}`);
  return (
    <NodeCard
      id={id}
      type="join"
      selected={selected}
      facts={facts}
      title={data.label}
      rows={[[t('node.waitsFor'), mode]]}
    />
  );
});

export const WaitNode = memo(function WaitNode({ id, data, selected, parentId }: NodeProps<CanvasNodeOf<'wait'>>) {
  const { t } = useCanvasTranslation();
  const facts = useCardFacts(id, parentId, data.until);
  const until = deadlineLabel(t, data.until, facts);
  return (
    <NodeCard
      id={id}
      type="wait"
      selected={selected}
      facts={facts}
      title={data.label}
      rows={[[t('node.until'), until]]}
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
  const facts = useCardFacts(id, parentId, undefined);
  const who = useAssigneeLabel(facts);
  return (
    <NodeCard
      id={id}
      type="notify"
      selected={selected}
      facts={facts}
      title={data.subject ?? data.message}
      rows={[[t('node.recipient'), who(data.recipient)]]}
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
  const facts = useCardFacts(id, parentId, undefined);
  return (
    <NodeCard
      id={id}
      type="subprocess"
      selected={selected}
      facts={facts}
      title={data.label}
      rows={[[t('node.template'), data.templateId ? `${data.templateId} v${data.version}` : undefined]]}
    />
  );
});

/** A stage's border and head padding, either side together, in px (`.baton-stage`, `.baton-stage-head`). */
const STAGE_FRAME = 16;

/** A stage is a React Flow group: a resizable frame its steps sit in (they point at it with parentId). */
export const StageNode = memo(function StageNode({ id, data, selected, width }: NodeProps<CanvasNodeOf<'stage'>>) {
  const { t } = useCanvasTranslation();
  const facts = useCardFacts(id, undefined, data.due);
  const due = deadlineLabel(t, data.due, facts);
  const recordHistory = useDesigner((state) => state.recordHistory);
  const issues = facts.issues.length;
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
