import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DeadlineUnitSchema } from '../../../workflows/deadline';
import {
  rungTarget,
  type Assignee,
  type EscalationAction,
  type EscalationLadder,
  type EscalationRung,
} from '../../../workflows/template';
import { useSession } from '../session/session';
import { api, ok } from '../api/api';
import { AssigneePicker } from './assignee-picker';

const ACTION_KINDS = [
  'remindAssignee',
  'notify',
  'escalateToDelegator',
  'escalateToAssigneeManager',
  'escalateToManagersManager',
  'escalateUp',
  'reassignToDeputy',
  'reassignTo',
  'raisePriority',
] as const satisfies readonly EscalationAction['kind'][];

function actionOf(kind: EscalationAction['kind']): EscalationAction {
  switch (kind) {
    case 'notify':
      return { kind, recipient: { kind: 'starter' } };
    case 'reassignTo':
      return { kind, personId: '' };
    case 'escalateUp':
      return { kind, levels: 2, from: 'assignee' };
    default:
      return { kind };
  }
}

/**
 * The escalation ladder of a step (or the template's default): rungs in firing order, each a timing relative
 * to the due time and an action. `inherit` means the step uses the template's ladder.
 */
export function EscalationEditor({
  value,
  onChange,
  inheritable,
  testId,
  step,
}: {
  value: EscalationLadder | undefined;
  onChange: (value: EscalationLadder | undefined) => void;
  inheritable: boolean;
  testId?: string;
  /** Who does the step and who reviews it, to name whom each rung reaches with today's org chart. */
  step?: { doer?: Assignee; reviewer?: Assignee };
}) {
  const { t } = useTranslation();
  const people = useQuery({
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    staleTime: 60_000,
  });
  // Reassigning goes to someone who can do the work, picked by name.
  const personOptions = (people.data?.items ?? [])
    .filter((person) => person.role === 'assistant' || person.role === 'manager')
    .map((person) => ({ value: person.id, label: person.name }));
  // Whom each rung reaches today: the people of the step as the designer knows them (you start it, so you are the
  // delegator unless a reviewer is named); a person in a parameter or a team is known only when the process starts.
  const me = useSession().data?.id;
  const org = { managers: {} as Record<string, string>, deputies: {} as Record<string, string> };
  const names = new Map<string, string>();
  for (const person of people.data?.items ?? []) {
    names.set(person.id, person.name);
    if (person.reportsTo) org.managers[person.id] = person.reportsTo;
    if (person.deputyId) org.deputies[person.id] = person.deputyId;
  }
  const personOf = (assignee: Assignee | undefined) =>
    assignee?.kind === 'person' ? assignee.personId : assignee?.kind === 'starter' ? me : undefined;
  const doer = personOf(step?.doer);
  const delegator = personOf(step?.reviewer) ?? me;
  const reaches = (action: EscalationAction): string | undefined => {
    if (action.kind === 'raisePriority') return undefined;
    const target = rungTarget(action, doer, delegator, org);
    const name = target === undefined ? undefined : names.get(target);
    return name === undefined ? t('escalation.reachesLater') : t('escalation.reaches', { name });
  };
  const ladder = value ?? [];
  const setRung = (index: number, rung: EscalationRung) => onChange(ladder.map((r, i) => (i === index ? rung : r)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...ladder];
    const [rung] = next.splice(index, 1);
    if (rung) next.splice(index + by, 0, rung);
    onChange(next);
  };

  return (
    <Stack gap={6} data-testid={testId} className="baton-fieldset">
      <Text size="sm" fw={500}>
        {t('escalation.title')}
      </Text>
      {inheritable && (
        <Switch
          size="xs"
          label={t('escalation.inherit')}
          checked={value === undefined}
          onChange={(event) => onChange(event.currentTarget.checked ? undefined : [])}
        />
      )}
      {value !== undefined && ladder.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('build.businessHoursNote')}
        </Text>
      )}
      {value !== undefined && ladder.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('escalation.none')}
        </Text>
      )}
      {value !== undefined &&
        ladder.map((rung, index) => (
          <Stack key={index} gap={4} className="baton-rung" data-testid="escalation-rung">
            <Group gap={4} wrap="nowrap">
              <Text size="xs" fw={600} w={18}>
                {index + 1}.
              </Text>
              <Select
                size="xs"
                aria-label={t('escalation.when')}
                allowDeselect={false}
                style={{ flex: 1, minWidth: 0 }}
                value={rung.at.relation}
                data={(['before', 'at', 'after', 'share'] as const).map((relation) => ({
                  value: relation,
                  label: t(`escalation.relations.${relation}`),
                }))}
                onChange={(relation) =>
                  setRung(index, {
                    ...rung,
                    at:
                      relation === 'at'
                        ? { relation: 'at' }
                        : relation === 'share'
                          ? { relation: 'share', percent: 50 }
                          : {
                              relation: relation === 'before' ? 'before' : 'after',
                              amount:
                                rung.at.relation === 'before' || rung.at.relation === 'after' ? rung.at.amount : 1,
                              unit:
                                rung.at.relation === 'before' || rung.at.relation === 'after' ? rung.at.unit : 'hours',
                            },
                  })
                }
              />
              <ActionIcon
                size="sm"
                variant="subtle"
                disabled={index === 0}
                onClick={() => move(index, -1)}
                aria-label={t('props.moveUp')}
              >
                ↑
              </ActionIcon>
              <ActionIcon
                size="sm"
                variant="subtle"
                disabled={index === ladder.length - 1}
                onClick={() => move(index, 1)}
                aria-label={t('props.moveDown')}
              >
                ↓
              </ActionIcon>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                onClick={() => onChange(ladder.filter((_, i) => i !== index))}
                aria-label={t('props.remove')}
              >
                ×
              </ActionIcon>
            </Group>
            {rung.at.relation === 'share' && (
              <Group gap={4} wrap="nowrap" pl={22}>
                <NumberInput
                  size="xs"
                  aria-label={t('escalation.percent')}
                  w={72}
                  min={1}
                  max={99}
                  suffix=" %"
                  allowDecimal={false}
                  value={rung.at.percent}
                  onChange={(percent) =>
                    setRung(index, {
                      ...rung,
                      at: { relation: 'share', percent: Math.min(99, Math.max(1, Number(percent) || 50)) },
                    })
                  }
                />
                <Text size="xs" c="dimmed">
                  {t('escalation.ofTimeAllowed')}
                </Text>
              </Group>
            )}
            {(rung.at.relation === 'before' || rung.at.relation === 'after') && (
              <Group gap={4} wrap="nowrap" pl={22}>
                <NumberInput
                  size="xs"
                  aria-label={t('deadline.amount')}
                  w={64}
                  min={1}
                  allowDecimal={false}
                  value={rung.at.amount}
                  onChange={(amount) =>
                    (rung.at.relation === 'before' || rung.at.relation === 'after') &&
                    setRung(index, { ...rung, at: { ...rung.at, amount: Math.max(1, Number(amount) || 1) } })
                  }
                />
                <Select
                  size="xs"
                  aria-label={t('deadline.unit')}
                  allowDeselect={false}
                  style={{ flex: 1, minWidth: 0 }}
                  value={rung.at.unit}
                  data={DeadlineUnitSchema.options.map((unit) => ({
                    value: unit,
                    label: unit === 'hours' ? t('build.clockHours') : t(`deadline.units.${unit}`),
                  }))}
                  onChange={(unit) => {
                    const parsed = DeadlineUnitSchema.safeParse(unit);
                    if (parsed.success && (rung.at.relation === 'before' || rung.at.relation === 'after')) {
                      setRung(index, { ...rung, at: { ...rung.at, unit: parsed.data } });
                    }
                  }}
                />
              </Group>
            )}
            <Select
              size="xs"
              aria-label={t('escalation.action')}
              allowDeselect={false}
              value={rung.action.kind}
              data={ACTION_KINDS.map((kind) => ({ value: kind, label: t(`escalation.actions.${kind}`) }))}
              onChange={(kind) =>
                kind && setRung(index, { ...rung, action: actionOf(kind as EscalationAction['kind']) })
              }
            />
            {rung.action.kind === 'escalateUp' && (
              <Group gap={4} wrap="nowrap">
                <NumberInput
                  size="xs"
                  aria-label={t('escalation.levels')}
                  w={64}
                  min={1}
                  max={6}
                  allowDecimal={false}
                  value={rung.action.levels}
                  onChange={(levels) =>
                    rung.action.kind === 'escalateUp' &&
                    setRung(index, {
                      ...rung,
                      action: { ...rung.action, levels: Math.min(6, Math.max(1, Number(levels) || 1)) },
                    })
                  }
                  data-testid="rung-levels"
                />
                <Select
                  size="xs"
                  aria-label={t('escalation.from')}
                  allowDeselect={false}
                  style={{ flex: 1, minWidth: 0 }}
                  value={rung.action.from}
                  data={(['assignee', 'delegator'] as const).map((from) => ({
                    value: from,
                    label: t(`escalation.fromWhom.${from}`),
                  }))}
                  onChange={(from) =>
                    rung.action.kind === 'escalateUp' &&
                    setRung(index, {
                      ...rung,
                      action: { ...rung.action, from: from === 'delegator' ? 'delegator' : 'assignee' },
                    })
                  }
                />
              </Group>
            )}
            {reaches(rung.action) !== undefined && (
              <Text size="xs" c="dimmed" data-testid="rung-reaches">
                {reaches(rung.action)}
              </Text>
            )}
            {rung.action.kind === 'notify' && (
              <AssigneePicker
                label={t('node.recipient')}
                value={rung.action.recipient}
                onChange={(recipient) => setRung(index, { ...rung, action: { kind: 'notify', recipient } })}
              />
            )}
            {rung.action.kind === 'reassignTo' && (
              <Select
                size="xs"
                searchable
                label={t('node.assignee')}
                value={rung.action.personId || null}
                data={personOptions}
                onChange={(personId) =>
                  setRung(index, { ...rung, action: { kind: 'reassignTo', personId: personId ?? '' } })
                }
              />
            )}
          </Stack>
        ))}
      {value !== undefined && (
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => onChange([...ladder, { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } }])}
          data-testid={testId && `${testId}-add`}
        >
          {t('escalation.addRung')}
        </Button>
      )}
    </Stack>
  );
}
