import { Anchor, Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepDetail } from './inbox-queries';

/** A password or credential: dots until its reader asks to see it (someone may be looking over the shoulder). */
function HiddenValue({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <Group gap={8} wrap="nowrap" align="baseline">
      <Text size="sm" ff={shown ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }} data-testid="secret">
        {shown ? value : '••••••••'}
      </Text>
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => setShown(!shown)}
        aria-label={t(shown ? 'sensitive.hide' : 'sensitive.show', { label })}
        data-testid="secret-toggle"
        style={{ whiteSpace: 'nowrap' }}
      >
        {t(shown ? 'sensitive.hideShort' : 'sensitive.showShort')}
      </Anchor>
    </Group>
  );
}

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
              <Table.Tr key={`${entry.round}-${entry.field}`} data-testid={`sensitive-${entry.field}`}>
                <Table.Td c="dimmed">
                  {labelOf(entry.field)}
                  {step.record.rounds.length > 1 ? ` · ${t('stepView.round', { round: entry.round })}` : ''}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {entry.value === null ? (
                    <Badge size="xs" color="gray">
                      {t('sensitive.erased')}
                    </Badge>
                  ) : entry.kind === 'credential' ? (
                    <HiddenValue label={labelOf(entry.field)} value={entry.value} />
                  ) : (
                    entry.value
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
