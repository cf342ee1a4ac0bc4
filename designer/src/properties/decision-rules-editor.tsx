import {
  ActionIcon,
  Alert,
  Button,
  Code,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Autocomplete,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDesigner } from '../canvas/designer-store.context';
import {
  conditionFromRuleSet,
  parseRuleValue,
  RULE_OPERATORS,
  ruleSetFromCondition,
  type Rule,
  type RuleSet,
} from './condition-rules';

type Branch = { outcome: string; condition: unknown };

/** The variables a rule can test: template parameters and form fields of every task. */
function useVariables(): string[] {
  return useDesigner((state) => {
    const names = new Set((state.meta.parameters ?? []).map((parameter) => parameter.name));
    for (const node of state.nodes) {
      if (node.type === 'task') for (const field of node.data.form ?? []) names.add(field.name);
    }
    return [...names];
  });
}

function RuleSetEditor({ value, onChange }: { value: RuleSet; onChange: (value: RuleSet) => void }) {
  const { t } = useTranslation();
  const variables = useVariables();
  if (value.kind === 'advanced') {
    return (
      <Alert color="gray" p="xs">
        <Text size="xs">{t('rules.advanced')}</Text>
        <Code block>{JSON.stringify(value.json, null, 1)}</Code>
        <Button size="compact-xs" mt={4} variant="light" onClick={() => onChange({ kind: 'always' })}>
          {t('rules.replace')}
        </Button>
      </Alert>
    );
  }
  const rules = value.kind === 'rules' ? value.rules : [];
  const combinator = value.kind === 'rules' ? value.combinator : 'all';
  const setRules = (next: Rule[]) =>
    onChange(next.length === 0 ? { kind: 'always' } : { kind: 'rules', combinator, rules: next });
  const setRule = (index: number, rule: Rule) => setRules(rules.map((r, i) => (i === index ? rule : r)));
  return (
    <Stack gap={4}>
      {rules.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('rules.always')}
        </Text>
      )}
      {rules.length > 1 && (
        <SegmentedControl
          size="xs"
          value={combinator}
          data={[
            { value: 'all', label: t('rules.all') },
            { value: 'any', label: t('rules.any') },
          ]}
          onChange={(next) => onChange({ kind: 'rules', combinator: next === 'any' ? 'any' : 'all', rules })}
        />
      )}
      {rules.map((rule, index) => (
        <Group key={index} gap={4} wrap="nowrap" data-testid="decision-rule">
          <Autocomplete
            size="xs"
            aria-label={t('rules.variable')}
            placeholder={t('rules.variable')}
            data={variables}
            value={rule.variable}
            onChange={(variable) => setRule(index, { ...rule, variable })}
          />
          <Select
            size="xs"
            w={70}
            aria-label={t('rules.operator')}
            allowDeselect={false}
            data={[...RULE_OPERATORS]}
            value={rule.operator}
            onChange={(operator) => operator && setRule(index, { ...rule, operator: operator as Rule['operator'] })}
          />
          <TextInput
            size="xs"
            aria-label={t('rules.value')}
            placeholder={t('rules.value')}
            value={String(rule.value)}
            onChange={(event) => setRule(index, { ...rule, value: parseRuleValue(event.currentTarget.value) })}
          />
          <ActionIcon
            size="sm"
            variant="subtle"
            color="red"
            aria-label={t('props.remove')}
            onClick={() => setRules(rules.filter((_, i) => i !== index))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setRules([...rules, { variable: variables[0] ?? '', operator: '==', value: '' }])}
      >
        {t('rules.addRule')}
      </Button>
    </Stack>
  );
}

/** Branches of a decision, checked in order, each with an outcome name and its rules; then the default. */
export function DecisionRulesEditor({
  branches,
  defaultOutcome,
  onChange,
}: {
  branches: Branch[];
  defaultOutcome: string;
  onChange: (branches: Branch[], defaultOutcome: string) => void;
}) {
  const { t } = useTranslation();
  const setBranch = (index: number, branch: Branch) =>
    onChange(
      branches.map((b, i) => (i === index ? branch : b)),
      defaultOutcome
    );
  return (
    <Stack gap={6} data-testid="decision-editor">
      {branches.map((branch, index) => (
        <Stack key={index} gap={4} className="baton-fieldset" data-testid="decision-branch">
          <Group gap={4} wrap="nowrap">
            <Text size="xs" fw={600}>
              {index === 0 ? t('rules.if') : t('rules.elseIf')}
            </Text>
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              aria-label={t('rules.outcome')}
              placeholder={t('rules.outcome')}
              value={branch.outcome}
              onChange={(event) => setBranch(index, { ...branch, outcome: event.currentTarget.value })}
            />
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label={t('props.remove')}
              disabled={branches.length === 1}
              onClick={() =>
                onChange(
                  branches.filter((_, i) => i !== index),
                  defaultOutcome
                )
              }
            >
              ×
            </ActionIcon>
          </Group>
          <RuleSetEditor
            value={ruleSetFromCondition(branch.condition)}
            onChange={(set) => setBranch(index, { ...branch, condition: conditionFromRuleSet(set) })}
          />
        </Stack>
      ))}
      <Button
        size="compact-xs"
        variant="light"
        onClick={() =>
          onChange([...branches, { outcome: `branch${branches.length + 1}`, condition: true }], defaultOutcome)
        }
      >
        {t('rules.addBranch')}
      </Button>
      <TextInput
        size="xs"
        label={t('rules.otherwise')}
        value={defaultOutcome}
        onChange={(event) => onChange(branches, event.currentTarget.value)}
      />
    </Stack>
  );
}
