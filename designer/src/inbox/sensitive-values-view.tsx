import { Badge, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StepDetail } from './inbox-queries';

/** The values of sensitive fields, which the API gives the step's assignee and reviewer only (others get none). */
export function SensitiveValuesView({ step }: { step: StepDetail }) {
  const { t } = useTranslation();
  if (step.sensitiveValues.length === 0) return null;
  const form = step.form as { name: string; label?: string }[];
  const labelOf = (field: string) => form.find((entry) => entry.name === field)?.label ?? field;
  return (
    <Paper withBorder p="xs" data-testid="sensitive-values">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('sensitive.values')}
        </Text>
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {step.sensitiveValues.map((entry) => (
              <Table.Tr key={`${entry.round}-${entry.field}`}>
                <Table.Td c="dimmed">
                  {labelOf(entry.field)}
                  {step.record.rounds.length > 1 ? ` · ${t('stepView.round', { round: entry.round })}` : ''}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {entry.value ?? (
                    <Badge size="xs" color="gray">
                      {t('sensitive.erased')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
