import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ComponentType } from 'react';
import type { NodeType, ValidationIssue } from '../../../../workflows/template';
import { useDesigner } from '../designer-store.context';
import { useCompactCards } from '../level-of-detail';
import type { CanvasNode } from '../template-canvas.mapping';
import { readerTextIn } from '../../translations/reader-text';
import { useCanvasTranslation } from './canvas-directory';
import { surelyFits } from './card-text-fit';
import { cardFrameStyle, NODE_COLORS } from './node-card';

/** A symbol per step type, read with its colour where the type's name is too small to read; each from a Unicode block
 * the usual system fonts (DejaVu, Segoe UI Symbol, Noto) cover, so none is drawn as an empty box. */
const NODE_ICONS: Record<Exclude<NodeType, 'stage'>, string> = {
  start: '▶',
  task: '✎',
  approval: '✔',
  decision: '◆',
  parallel: '⇉',
  join: '⇶',
  wait: '◷',
  notify: '✉',
  subprocess: '▣',
  end: '■',
};

const NO_ISSUES: readonly ValidationIssue[] = [];

/** The title a full card shows in its title line, before the reader's translation. */
function cardTitle(type: NodeType, data: Record<string, unknown>, decisionLabel: string): string | undefined {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  if (type === 'task' || type === 'approval') return text('title');
  if (type === 'decision') return text('label') ?? decisionLabel;
  if (type === 'notify') return text('subject') ?? text('message');
  return text('label');
}

/**
 * A step drawn for a zoom where its text cannot be read (see FULL_CARDS_FROM_ZOOM): the full card's frame (its
 * colour, issue colour and selection ring), the type as an icon, the same title and the same handles.
 */
function CompactCard({ id, type, data, selected }: NodeProps<CanvasNode>) {
  const { language, typeLabel: labelOf } = useCanvasTranslation();
  const { shownTitle, errors, issues } = useDesigner((state) => {
    const found = state.issuesByNode.get(id) ?? NO_ISSUES;
    return {
      shownTitle: readerTextIn(state, language, [`nodes.${id}.title`, `nodes.${id}.label`]),
      errors: found.filter((issue) => issue.severity === 'error').length,
      issues: found.length,
    };
  });
  const stepType = type as Exclude<NodeType, 'stage'>;
  const color = NODE_COLORS[stepType];
  const title = shownTitle ?? cardTitle(stepType, data, labelOf('decision'));
  const typeLabel = labelOf(stepType);
  return (
    <div
      className="baton-node baton-node-compact"
      data-testid={`node-${id}`}
      data-issues={issues}
      data-compact
      style={cardFrameStyle(color, errors, issues, selected)}
    >
      {stepType !== 'start' && <Handle type="target" position={Position.Left} />}
      <span
        className="baton-node-icon"
        role="img"
        aria-label={typeLabel}
        title={typeLabel}
        style={{ color: `var(--mantine-color-${color}-6)` }}
      >
        {NODE_ICONS[stepType]}
      </span>
      <p
        className={`baton-card-text baton-card-title${surelyFits('title', title ?? typeLabel, 2) ? '' : ' baton-clamp'}`}
      >
        {title ?? typeLabel}
      </p>
      {stepType !== 'end' && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

/** A node type drawn as its full card, or compact where the canvas is zoomed out too far to read it. */
export function withCompactCard<Props extends object>(Full: ComponentType<Props>): ComponentType<Props> {
  return memo(function Detailed(props: Props) {
    // Every node type's props are NodeProps of its own node; the compact card reads only what they all have.
    return useCompactCards() ? <CompactCard {...(props as unknown as NodeProps<CanvasNode>)} /> : <Full {...props} />;
  });
}
