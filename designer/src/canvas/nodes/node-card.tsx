import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeType, ValidationIssue } from '../../../../workflows/template';
import { issueText } from '../../validation/issue-text';
import { useDesigner } from '../designer-store.context';
import { useReaderText } from '../../translations/reader-text';

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
  title?: string | undefined;
  /** Label/value lines shown under the title, each only when it has a value. */
  rows?: [label: string, value: ReactNode][];
  hasInput?: boolean;
  hasOutput?: boolean;
  children?: ReactNode;
}

/** The frame every step node shares: type badge, title, facts, handles, and its validation marks. */
export function NodeCard({
  id,
  type,
  selected,
  title,
  rows = [],
  hasInput = true,
  hasOutput = true,
  children,
}: NodeCardProps) {
  const { t } = useTranslation();
  // The card shows the reader's language when the template has it (the texts are the template's, not the app's).
  const shownTitle = useReaderText([`nodes.${id}.title`, `nodes.${id}.label`], title);
  const issues = useDesigner((state) =>
    state.issues.filter((issue) => issue.nodeId === id && issue.edgeId === undefined)
  );
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  // The card names itself; issues on a node never need the rest of the graph, so no subscription to it.
  const self = { nodes: [{ id, type, data: { title: shownTitle } }], edges: [] } as unknown as Parameters<
    typeof issueText
  >[2];
  const describe = (issue: ValidationIssue) => issueText(t, issue, self);
  const first = issues.find((issue) => issue.severity === 'error') ?? issues[0];
  const color = NODE_COLORS[type];
  const border =
    errors > 0
      ? 'var(--mantine-color-red-6)'
      : issues.length > 0
        ? 'var(--mantine-color-yellow-6)'
        : `var(--mantine-color-${color}-4)`;
  return (
    <div
      className="baton-node"
      data-testid={`node-${id}`}
      data-issues={issues.length}
      style={{
        border: `2px solid ${border}`,
        boxShadow: selected ? `0 0 0 3px var(--mantine-color-${color}-2)` : undefined,
      }}
    >
      {hasInput && <Handle type="target" position={Position.Left} />}
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Badge size="xs" color={color} variant="light">
            {t(`nodeTypes.${type}.label`)}
          </Badge>
          {issues.length > 0 && (
            <Tooltip label={issues.map((issue) => describe(issue).message).join('\n')} multiline maw={320}>
              <Badge size="xs" color={errors > 0 ? 'red' : 'yellow'} data-testid={`node-issues-${id}`}>
                {errors > 0
                  ? t('validation.errorCount', { count: errors })
                  : t('validation.warningCount', { count: issues.length })}
              </Badge>
            </Tooltip>
          )}
        </Group>
        {shownTitle !== undefined && (
          <Text size="sm" fw={600} lineClamp={2}>
            {shownTitle}
          </Text>
        )}
        {first && (
          <Text size="xs" c={errors > 0 ? 'red.7' : 'yellow.8'} lineClamp={2} data-testid={`node-issue-${id}`}>
            {describe(first).message}
          </Text>
        )}
        {rows
          .filter((row) => row[1] !== undefined && row[1] !== null && row[1] !== '')
          .map(([label, value]) =>
            typeof value === 'string' ? (
              <Text key={label} size="xs" c="dimmed" lineClamp={2}>
                {label}:{' '}
                <Text span size="xs" c="dark">
                  {value}
                </Text>
              </Text>
            ) : (
              // A long label (Исполнитель) pushes the name to the next line rather than cutting it.
              <Group key={label} gap={4} wrap="wrap" style={{ rowGap: 0 }}>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {label}:
                </Text>
                {value}
              </Group>
            )
          )}
        {children}
      </Stack>
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}
