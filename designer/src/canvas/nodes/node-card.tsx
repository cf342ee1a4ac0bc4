import { Tooltip } from '@mantine/core';
import { Handle, Position } from '@xyflow/react';
import { useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode, type Ref } from 'react';
import type { NodeType, ValidationIssue } from '../../../../workflows/template';
import { issueText } from '../../validation/issue-text';
import { useCanvasTranslation } from './canvas-directory';
import { badgesFit, surelyFits } from './card-text-fit';
import type { CardFacts } from './node-summary';

export const NODE_COLORS: Record<NodeType, string> = {
  start: 'teal',
  task: 'blue',
  approval: 'violet',
  decision: 'orange',
  parallel: 'gray',
  join: 'gray',
  wait: 'cyan',
  notify: 'grape',
  subprocess: 'indigo',
  stage: 'yellow',
  end: 'red',
};

export interface NodeCardProps {
  id: string;
  type: NodeType;
  selected: boolean;
  /** What the card shows from the store (useCardFacts), selected once by the node. */
  facts: CardFacts;
  title?: string | undefined;
  /** Label/value lines shown under the title, each only when it has a value. */
  rows?: [label: string, value: ReactNode][];
  hasInput?: boolean;
  hasOutput?: boolean;
  children?: ReactNode;
}

/**
 * A badge drawn as Mantine's `Badge` (size xs) is, from plain elements and the theme's variables: a canvas shows
 * hundreds of them, and the component's layers made half of a large template's first render.
 */
export function CardBadge({
  color,
  variant = 'filled',
  clip = true,
  children,
  ...rest
}: {
  color: string;
  variant?: 'filled' | 'light' | 'outline';
  /** False when the label surely fits (see card-text-fit.ts): then it is drawn without a clip. */
  clip?: boolean;
  children: ReactNode;
} & Omit<HTMLAttributes<HTMLSpanElement>, 'color'> & { 'data-testid'?: string; ref?: Ref<HTMLSpanElement> }) {
  const style = {
    '--badge-bg':
      variant === 'filled'
        ? `var(--mantine-color-${color}-filled)`
        : variant === 'light'
          ? `var(--mantine-color-${color}-light)`
          : 'transparent',
    '--badge-color':
      variant === 'filled'
        ? 'var(--mantine-color-white)'
        : variant === 'light'
          ? `var(--mantine-color-${color}-light-color)`
          : `var(--mantine-color-${color}-outline)`,
    '--badge-bd-color': variant === 'outline' ? `var(--mantine-color-${color}-outline)` : 'transparent',
  } as CSSProperties;
  return (
    <span className={clip ? 'baton-badge' : 'baton-badge baton-unclipped'} style={style} {...rest}>
      <span className="baton-badge-label">{children}</span>
    </span>
  );
}

/** The issues badge, its tooltip mounted only once the pointer first comes over it (not for every card up front). */
function IssuesBadge({
  id,
  label,
  color,
  clip,
  children,
}: {
  id: string;
  label: string;
  color: string;
  clip: boolean;
  children: ReactNode;
}) {
  const target = useRef<HTMLSpanElement>(null);
  const [hovered, setHovered] = useState(false);
  const [armed, setArmed] = useState(false);
  return (
    <>
      <CardBadge
        ref={target}
        color={color}
        clip={clip}
        data-testid={`node-issues-${id}`}
        onMouseEnter={() => {
          setArmed(true);
          setHovered(true);
        }}
        onMouseLeave={() => setHovered(false)}
      >
        {children}
      </CardBadge>
      {armed && <Tooltip target={target} opened={hovered} label={label} multiline maw={320} />}
    </>
  );
}

/** A card's frame, full or compact: red with an error, yellow with only warnings, else its type's colour; ringed when selected. */
export function cardFrameStyle(color: string, errors: number, issues: number, selected: boolean | undefined) {
  const border =
    errors > 0
      ? 'var(--mantine-color-red-6)'
      : issues > 0
        ? 'var(--mantine-color-yellow-6)'
        : `var(--mantine-color-${color}-4)`;
  return {
    border: `2px solid ${border}`,
    boxShadow: selected ? `0 0 0 3px var(--mantine-color-${color}-2)` : undefined,
  };
}

/** The frame every step node shares: type badge, title, facts, the stage it sits in, handles, its validation marks. */
export function NodeCard({
  id,
  type,
  selected,
  facts,
  title,
  rows = [],
  hasInput = true,
  hasOutput = true,
  children,
}: NodeCardProps) {
  const { t, typeLabel: labelOf } = useCanvasTranslation();
  // The card shows the reader's language when the template has it (the texts are the template's, not the app's).
  const shownTitle = facts.shownTitle ?? title;
  const issues = facts.issues;
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  // The card names itself; issues on a node never need the rest of the graph, so no subscription to it.
  const self = { nodes: [{ id, type, data: { title: shownTitle } }], edges: [] } as unknown as Parameters<
    typeof issueText
  >[2];
  const describe = (issue: ValidationIssue) => issueText(t, issue, self);
  const first = issues.find((issue) => issue.severity === 'error') ?? issues[0];
  const color = NODE_COLORS[type];
  const typeLabel = labelOf(type);
  const issuesLabel =
    issues.length === 0
      ? undefined
      : errors > 0
        ? t('validation.errorCount', { count: errors })
        : t('validation.warningCount', { count: issues.length });
  const headFits = badgesFit(issuesLabel === undefined ? [typeLabel] : [typeLabel, issuesLabel]);
  // The two-line clamp only where the text might need it (see card-text-fit.ts).
  const clamp = (kind: 'title' | 'text', text: string) => (surelyFits(kind, text, 2) ? '' : ' baton-clamp');
  const issueMessage = first ? describe(first).message : undefined;
  return (
    <div
      className="baton-node"
      data-testid={`node-${id}`}
      data-issues={issues.length}
      style={cardFrameStyle(color, errors, issues.length, selected)}
    >
      {hasInput && <Handle type="target" position={Position.Left} />}
      <div className="baton-node-body">
        <div className="baton-node-head">
          <CardBadge color={color} variant="light" clip={!headFits}>
            {typeLabel}
          </CardBadge>
          {issuesLabel !== undefined && (
            <IssuesBadge
              id={id}
              color={errors > 0 ? 'red' : 'yellow'}
              clip={!headFits}
              label={issues.map((issue) => describe(issue).message).join('\n')}
            >
              {issuesLabel}
            </IssuesBadge>
          )}
        </div>
        {shownTitle !== undefined && (
          <p className={`baton-card-text baton-card-title${clamp('title', shownTitle)}`}>{shownTitle}</p>
        )}
        {issueMessage !== undefined && (
          <p
            className={`baton-card-text${clamp('text', issueMessage)}`}
            style={{ color: errors > 0 ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-yellow-8)' }}
            data-testid={`node-issue-${id}`}
          >
            {issueMessage}
          </p>
        )}
        {[...rows, [t('node.stage'), facts.stage] satisfies [string, ReactNode]]
          .filter((row) => row[1] !== undefined && row[1] !== null && row[1] !== '')
          .map(([label, value]) =>
            typeof value === 'string' ? (
              <p key={label} className={`baton-card-text baton-card-dimmed${clamp('text', `${label}: ${value}`)}`}>
                {label}: <span className="baton-card-value">{value}</span>
              </p>
            ) : (
              // A long label (Исполнитель) pushes the name to the next line rather than cutting it.
              <div key={label} className="baton-card-row">
                <p className="baton-card-text baton-card-dimmed" style={{ flexShrink: 0 }}>
                  {label}:
                </p>
                {value}
              </div>
            )
          )}
        {children}
      </div>
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}
