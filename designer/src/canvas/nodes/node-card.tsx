import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeType } from '../../../../workflows/template';
import { useDesigner } from '../designer-store.context';

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
  rows?: [label: string, value: string | undefined][];
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
  const issues = useDesigner((state) =>
    state.issues.filter((issue) => issue.nodeId === id && issue.edgeId === undefined)
  );
  const errors = issues.filter((issue) => issue.severity === 'error').length;
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
            <Tooltip label={issues.map((issue) => issue.message).join('\n')} multiline maw={320}>
              <Badge size="xs" color={errors > 0 ? 'red' : 'yellow'} data-testid={`node-issues-${id}`}>
                {errors > 0
                  ? t('validation.errorCount', { count: errors })
                  : t('validation.warningCount', { count: issues.length })}
              </Badge>
            </Tooltip>
          )}
        </Group>
        {title !== undefined && (
          <Text size="sm" fw={600} lineClamp={2}>
            {title}
          </Text>
        )}
        {rows
          .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
          .map(([label, value]) => (
            <Text key={label} size="xs" c="dimmed" lineClamp={1}>
              {label}:{' '}
              <Text span size="xs" c="dark">
                {value}
              </Text>
            </Text>
          ))}
        {children}
      </Stack>
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}
