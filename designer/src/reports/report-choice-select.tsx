import { Select } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/api';
import { REPORT_CHOICES, type ReportChoice } from '../../../workflows/report/report-choice';

/** How often the person's own report is sent to them (email and bell): daily, weekly, monthly or never. */
export function ReportChoiceSelect() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['report-settings'],
    queryFn: () => ok(api.api['report-settings'].$get()),
  });
  const change = useMutation({
    mutationFn: (period: ReportChoice) => ok(api.api['report-settings'].$put({ json: { period } })),
    onSuccess: (data) => client.setQueryData(['report-settings'], data),
  });
  if (!settings.data?.receives) return null;
  return (
    <Select
      w={{ base: '100%', sm: 320 }}
      label={t('reports.sendLabel')}
      description={t('reports.sendHint')}
      data-testid="report-choice"
      allowDeselect={false}
      value={change.isPending ? change.variables : settings.data.period}
      onChange={(value) => value && change.mutate(value as ReportChoice)}
      data={REPORT_CHOICES.map((choice) => ({ value: choice, label: t(`reports.send.${choice}`) }))}
    />
  );
}
