import { Group, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/api';
import type { Assignee } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';

const KINDS = ['starter', 'person', 'team', 'parameter'] as const;

/** Options from the API's directory; an id not (or no longer) in it stays selectable, shown as the id. */
function withCurrent(options: { value: string; label: string }[], current: string) {
  return current && !options.some((option) => option.value === current)
    ? [...options, { value: current, label: current }]
    : options;
}

/**
 * Who a step goes to: the starter, a person, a team (both picked from the API's directory by name, stored by id),
 * or the person held in a `person` parameter of the template.
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
  const people = useQuery({
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    staleTime: 60_000,
  });
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => ok(api.api.teams.$get()), staleTime: 60_000 });
  const personOptions = (people.data?.items ?? []).map((person) => ({ value: person.id, label: person.name }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
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
          <Select
            aria-label={t('props.personId')}
            size="xs"
            searchable
            value={value.personId || null}
            data={withCurrent(personOptions, value.personId)}
            onChange={(personId) => onChange({ kind: 'person', personId: personId ?? '' })}
            data-testid={testId ? `${testId}-person` : undefined}
          />
        )}
        {value.kind === 'team' && (
          <Select
            aria-label={t('props.teamId')}
            size="xs"
            searchable
            value={value.teamId || null}
            data={withCurrent(teamOptions, value.teamId)}
            onChange={(teamId) => onChange({ kind: 'team', teamId: teamId ?? '' })}
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
