import { Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../processes/start-process-page';
import type { StepAction, StepDetail } from './inbox-queries';

/** A picked local date and time ("YYYY-MM-DD HH:mm:ss") as an ISO instant; undefined when nothing is picked. */
export function localToIso(value: string | null): string | undefined {
  if (!value) return undefined;
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** People a step can be handed to (those who do work: assistants and managers), by name, but `except`. */
export function useWorkerChoices(enabled: boolean, except?: string) {
  const people = usePeople(enabled);
  return (people.data?.items ?? [])
    .filter((person) => (person.role === 'assistant' || person.role === 'manager') && person.id !== except)
    .map((person) => ({ value: person.id, label: person.name }));
}

/**
 * What a manager does to running work from the step view: hand the step to someone else, move its deadline (with
 * the reason, which the assignee is told and the history keeps), set its priority. Shown only with the actions the
 * API lists for the caller; the API and the process decide for real.
 */
export function ManageStep({
  data,
  act,
  pending,
}: {
  data: StepDetail;
  act: (action: StepAction) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const can = (action: string) => data.actions.includes(action);
  const choices = useWorkerChoices(can('reassign'), data.assignee);
  const [to, setTo] = useState<string | null>(null);
  const [due, setDue] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [urgent, setUrgent] = useState(data.priority.urgent);
  const [important, setImportant] = useState(data.priority.important);
  if (!can('reassign') && !can('changeDue') && !can('setPriority')) return null;
  const dueIso = localToIso(due);
  return (
    <Paper withBorder p="sm" data-testid="manage-step">
      <Stack gap="xs">
        <Text fw={600}>{t('manage.title')}</Text>
        {can('reassign') && (
          <Group align="end" gap="xs" wrap="wrap">
            <Select
              label={t('manage.giveTo')}
              placeholder={t('dutyForm.pickPerson')}
              searchable
              data={choices}
              value={to}
              onChange={setTo}
              style={{ flex: '1 1 200px' }}
              data-testid="manage-to"
            />
            <Button
              variant="light"
              disabled={to === null || pending}
              onClick={() => to && act({ type: 'reassign', to })}
              data-testid="manage-reassign"
            >
              {t('manage.give')}
            </Button>
          </Group>
        )}
        {can('changeDue') && (
          <Group align="end" gap="xs" wrap="wrap">
            <DateTimePicker
              label={t('manage.due')}
              valueFormat="LLL"
              minDate={new Date().toISOString().slice(0, 10)}
              // Office deadlines fall at the end of the working day unless the manager picks another time.
              defaultTimeValue="17:00:00"
              submitButtonProps={{ 'aria-label': t('manage.dueOk') }}
              value={due}
              onChange={setDue}
              style={{ flex: '1 1 200px' }}
              data-testid="manage-due"
            />
            <TextInput
              label={t('manage.reason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              style={{ flex: '2 1 220px' }}
              data-testid="manage-reason"
            />
            <Button
              variant="light"
              disabled={dueIso === undefined || reason.trim() === '' || pending}
              onClick={() => dueIso && act({ type: 'changeDue', due: dueIso, reason: reason.trim() })}
              data-testid="manage-move-due"
            >
              {t('manage.moveDue')}
            </Button>
          </Group>
        )}
        {can('setPriority') && (
          <Group align="center" gap="md" wrap="wrap">
            <Checkbox
              label={t('manage.urgent')}
              checked={urgent}
              onChange={(event) => setUrgent(event.currentTarget.checked)}
              data-testid="manage-urgent"
            />
            <Checkbox
              label={t('manage.important')}
              checked={important}
              onChange={(event) => setImportant(event.currentTarget.checked)}
              data-testid="manage-important"
            />
            <Button
              variant="light"
              disabled={pending || (urgent === data.priority.urgent && important === data.priority.important)}
              onClick={() => act({ type: 'setPriority', urgent, important })}
              data-testid="manage-set-priority"
            >
              {t('manage.setPriority')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
