import { Autocomplete, Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Assignee } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';

const KINDS = ['starter', 'person', 'team', 'parameter'] as const;

/**
 * Who a step goes to: the starter, a person, a team, or the person held in a `person` parameter of the
 * template. People and teams are typed by id until the API serves the directory.
 */
export function AssigneePicker({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: Assignee;
  onChange: (value: Assignee) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const personParameters = useDesigner((state) =>
    (state.meta.parameters ?? []).filter((parameter) => parameter.type === 'person').map((parameter) => parameter.name)
  );
  return (
    <div data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" grow wrap="nowrap">
        <Select
          aria-label={t('props.assigneeKind')}
          size="xs"
          allowDeselect={false}
          value={value.kind}
          data={KINDS.map((kind) => ({ value: kind, label: t(`assigneeKind.${kind}`) }))}
          onChange={(kind) => {
            if (kind === 'starter') onChange({ kind: 'starter' });
            if (kind === 'person') onChange({ kind: 'person', personId: '' });
            if (kind === 'team') onChange({ kind: 'team', teamId: '' });
            if (kind === 'parameter') onChange({ kind: 'parameter', name: personParameters[0] ?? '' });
          }}
        />
        {value.kind === 'person' && (
          <Autocomplete
            aria-label={t('props.personId')}
            size="xs"
            placeholder="anna.nowak"
            value={value.personId}
            data={[]}
            onChange={(personId) => onChange({ kind: 'person', personId })}
          />
        )}
        {value.kind === 'team' && (
          <Autocomplete
            aria-label={t('props.teamId')}
            size="xs"
            placeholder="office"
            value={value.teamId}
            data={[]}
            onChange={(teamId) => onChange({ kind: 'team', teamId })}
          />
        )}
        {value.kind === 'parameter' && (
          <Select
            aria-label={t('props.parameterName')}
            size="xs"
            value={value.name || null}
            data={personParameters}
            placeholder={personParameters.length === 0 ? t('props.noPersonParameters') : undefined}
            onChange={(name) => onChange({ kind: 'parameter', name: name ?? '' })}
          />
        )}
      </Group>
    </div>
  );
}
