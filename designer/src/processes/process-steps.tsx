import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { DueExplanation } from '../calendar/due-explanation';
import { NonWorkingDayMark } from '../calendar/non-working-day';
import { useFormat } from '../i18n/format';
import { StatusBadge } from '../inbox/step-panel';
import type { fetchProcess } from './process-queries';

type ProcessStep = Awaited<ReturnType<typeof fetchProcess>>['steps'][number];

/**
 * The process's steps: a table on a wide screen; on a phone one block per step, so no title or name is squeezed into
 * a column a few letters wide or hidden off to the side.
 */
export function ProcessSteps(props: {
  processId: string;
  steps: readonly ProcessStep[];
  name: (person: string | null | undefined) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const { name } = props;

  const people = (step: ProcessStep) => (
    <>
      {name(step.assignee)}
      {step.actingFor && (
        <Text size="xs" c="orange.8" data-testid="step-acting-for">
          {t('stepView.actingFor', { name: name(step.actingFor) })}
        </Text>
      )}
      {step.reviewer && step.reviewerActingFor && (
        <Text size="xs" c="orange.8">
          {t('stepView.reviewerActingFor', { name: name(step.reviewer), person: name(step.reviewerActingFor) })}
        </Text>
      )}
    </>
  );
  const round = (step: ProcessStep) => (step.round > 1 ? t('inbox.round', { round: step.round }) : '');
  const due = (step: ProcessStep) =>
    step.dueAt && (
      <>
        {format.dateTime(new Date(step.dueAt))}
        <div>
          <NonWorkingDayMark at={step.dueAt} process={props.processId} />
        </div>
        {step.status !== 'done' && step.status !== 'cancelled' && (
          <DueExplanation messages={step.dueMessages} testId={`due-explanation-${step.nodeId}`} />
        )}
      </>
    );

  if (phone)
    return (
      <Stack gap="xs" data-testid="process-steps">
        {props.steps.map((step) => (
          <Paper key={step.id} withBorder p="xs" data-testid={`process-step-${step.nodeId}-${step.round}`}>
            <Group justify="space-between" align="start" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {step.title}
                {step.round > 1 && ` · ${round(step)}`}
              </Text>
              <StatusBadge status={step.status} />
            </Group>
            <Text size="sm" component="div">
              {people(step)}
            </Text>
            {step.dueAt && (
              <Text size="sm" component="div" mt={4}>
                {due(step)}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid="process-steps">
        <Table.Tbody>
          {props.steps.map((step) => (
            <Table.Tr key={step.id} data-testid={`process-step-${step.nodeId}-${step.round}`}>
              <Table.Td>{step.title}</Table.Td>
              <Table.Td>{people(step)}</Table.Td>
              <Table.Td>{round(step)}</Table.Td>
              <Table.Td>
                <StatusBadge status={step.status} />
              </Table.Td>
              <Table.Td>{due(step)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
