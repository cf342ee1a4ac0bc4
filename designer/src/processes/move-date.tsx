import { Alert, Button, Card, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, idempotencyKey, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';
import { toProcessParams } from './parameter-form.model';
import { dateParameters, latestMove, moveBlocked, type ParameterInput } from './move-date.model';

interface Props {
  process: { id: string; starter: string; status: string; params: Record<string, unknown> };
  me: string | undefined;
  /** The version's parameters when readable; otherwise dates are recognised by their stored form. */
  definition?: readonly ParameterInput[];
  audit: readonly { action: string; detail: Record<string, unknown>; createdAt: string }[];
}

/**
 * Move the event date (any date or date-time parameter) of a running process. Only its starter may: others see why.
 * The workflow re-plans the open deadlines; its refusal (409) is shown as it came, the moved deadlines on success.
 */
export function MoveDateCard({ process, me, definition, audit }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const candidates = dateParameters(process.params, definition);
  const [name, setName] = useState<string | undefined>(candidates[0]?.name);
  const [value, setValue] = useState<string>('');
  const [refusal, setRefusal] = useState<string>();
  const selected = candidates.find((candidate) => candidate.name === name) ?? candidates[0];
  const blocked = moveBlocked(me, process);

  const change = useMutation({
    mutationFn: () => {
      if (!selected) throw new Error(t('move.none'));
      const conversion = toProcessParams([selected.parameter], { [selected.name]: value }, zone);
      if (Object.keys(conversion.errors).length > 0) throw new Error(t(`paramErrors.${selected.type}`));
      return ok(
        api.api.processes[':id'].parameters.$post({
          param: { id: process.id },
          header: { 'idempotency-key': idempotencyKey() },
          json: { name: selected.name, value: conversion.params[selected.name] },
        })
      );
    },
    onMutate: () => setRefusal(undefined),
    onSuccess: () => {
      setValue('');
      notifications.show({ color: 'teal', message: t('move.done') });
      // The refreshed steps carry the new due dates and the audit the list of moved deadlines.
      void client.invalidateQueries({ queryKey: ['process', process.id] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setRefusal(problemText(t, error));
      else notifications.show({ color: 'red', title: t('move.failed'), message: problemText(t, error) });
    },
  });

  if (candidates.length === 0) return null;
  const last = latestMove(audit);
  const show = (raw: unknown) =>
    typeof raw === 'string' && raw.length === 10 ? format.date(new Date(`${raw}T12:00:00`)) : String(raw ?? '');
  return (
    <Card withBorder data-testid="move-date">
      <Stack gap="xs">
        <Title order={4}>{t('move.title')}</Title>
        {blocked ? (
          <Text size="sm" c="dimmed" data-testid="move-date-blocked">
            {t(`move.${blocked}`)}
          </Text>
        ) : (
          <Group align="flex-end" wrap="wrap">
            {candidates.length > 1 && (
              <Select
                label={t('move.parameter')}
                data={candidates.map((candidate) => ({ value: candidate.name, label: candidate.label }))}
                value={selected?.name ?? null}
                onChange={(next) => {
                  setName(next ?? undefined);
                  setValue('');
                }}
                allowDeselect={false}
                w={200}
              />
            )}
            {selected?.type === 'datetime' ? (
              <DateTimePicker
                label={t('move.newValue', { name: selected.label })}
                valueFormat="LLL"
                value={value ? value.replace('T', ' ') : null}
                onChange={(date) => setValue(date ?? '')}
                w={240}
                data-testid="move-date-value"
              />
            ) : (
              <DateInput
                label={t('move.newValue', { name: selected?.label ?? '' })}
                valueFormat="LL"
                value={value || null}
                onChange={(date) => setValue(date ?? '')}
                w={240}
                data-testid="move-date-value"
              />
            )}
            <Button
              onClick={() => change.mutate()}
              loading={change.isPending}
              disabled={!value}
              data-testid="move-date-submit"
            >
              {t('move.submit')}
            </Button>
          </Group>
        )}
        {refusal && (
          <Alert color="orange" title={t('move.refused')} data-testid="move-date-refusal">
            {refusal}
          </Alert>
        )}
        {last && (
          <div data-testid="move-date-result">
            <Text size="sm">{t('move.last', { name: last.name, from: show(last.from), to: show(last.to) })}</Text>
            {last.moved.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('move.nothingMoved')}
              </Text>
            ) : (
              <List size="sm" spacing={2}>
                {last.moved.map((deadline) => (
                  <List.Item key={deadline.nodeId} c={deadline.atRisk ? 'red' : undefined}>
                    {t('move.deadline', {
                      node: deadline.nodeId,
                      from: deadline.from ? format.dateTime(new Date(deadline.from)) : '—',
                      to: format.dateTime(new Date(deadline.to)),
                    })}
                    {deadline.atRisk ? ` · ${t('move.atRisk')}` : ''}
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}
