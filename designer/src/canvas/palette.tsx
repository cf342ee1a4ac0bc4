import { Badge, Button, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NODE_TYPES, type NodeType } from '../../../workflows/template';
import { NODE_COLORS } from './nodes/node-card';

export const PALETTE_MIME = 'application/x-baton-node-type';

/**
 * Every node type of the registry: drag it onto the canvas to drop it there, or click to add it after the selected
 * node (or the last step), connected from it.
 */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} p="xs" data-testid="palette">
      <Text size="xs" c="dimmed">
        {t('build.canvasHint')}
      </Text>
      {NODE_TYPES.map((type) => (
        <Tooltip key={type} label={t(`nodeTypes.${type}.description`)} position="right" multiline maw={260}>
          <Button
            variant="default"
            size="xs"
            justify="flex-start"
            // Long names (Powiadomienie, Paralelní rozdělení) wrap instead of being cut.
            h="auto"
            mih={30}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.2 } }}
            draggable
            data-testid={`palette-${type}`}
            onDragStart={(event) => {
              event.dataTransfer.setData(PALETTE_MIME, type);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onClick={() => onAdd(type)}
            leftSection={<Badge size="xs" circle color={NODE_COLORS[type]} children=" " />}
          >
            {t(`nodeTypes.${type}.label`)}
          </Button>
        </Tooltip>
      ))}
    </Stack>
  );
}
