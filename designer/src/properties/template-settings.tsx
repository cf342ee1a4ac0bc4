import { ActionIcon, Button, Checkbox, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PARAMETER_TYPES, type ParameterType } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';
import type { TemplateMeta } from '../canvas/template-canvas.mapping';
import { EscalationEditor } from './escalation-editor';

type ParameterInput = NonNullable<TemplateMeta['parameters']>[number];

function parameterOfType(base: ParameterInput, type: ParameterType): ParameterInput {
  const common = {
    name: base.name,
    ...(base.label === undefined ? {} : { label: base.label }),
    ...(base.required === undefined ? {} : { required: base.required }),
  };
  // Type-specific settings (defaults, options, bounds) do not carry over to another type.
  return type === 'choice' ? { ...common, type, options: [{ value: 'yes' }] } : ({ ...common, type } as ParameterInput);
}

/** The template itself: names, calendar, parameters and the default escalation ladder. */
export function TemplateSettings() {
  const { t } = useTranslation();
  const { meta, updateMeta } = useDesigner((state) => ({ meta: state.meta, updateMeta: state.updateMeta }));
  const parameters = meta.parameters ?? [];
  const setParameters = (next: ParameterInput[]) => updateMeta({ ...meta, parameters: next });
  const setParameter = (index: number, parameter: ParameterInput) =>
    setParameters(parameters.map((p, i) => (i === index ? parameter : p)));

  return (
    <Stack gap="xs" data-testid="template-settings">
      <Title order={5}>{t('props.template')}</Title>
      <Text size="xs" c="dimmed">
        {t('properties.none')}
      </Text>
      <TextInput
        size="xs"
        label={t('props.name')}
        value={meta.name}
        onChange={(event) => updateMeta({ ...meta, name: event.currentTarget.value })}
        data-testid="template-name-input"
      />
      <Group grow gap="xs">
        <TextInput
          size="xs"
          label={t('props.templateKey')}
          value={meta.id}
          onChange={(event) => updateMeta({ ...meta, id: event.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('props.calendar')}
          value={meta.calendarId}
          onChange={(event) => updateMeta({ ...meta, calendarId: event.currentTarget.value })}
        />
      </Group>
      <Checkbox
        size="xs"
        label={t('settings.clientsMayStart')}
        description={t('settings.clientsMayStartHint')}
        checked={meta.clientsMayStart === true}
        onChange={(event) => {
          const { clientsMayStart: _dropped, ...rest } = meta;
          updateMeta(event.currentTarget.checked ? { ...rest, clientsMayStart: true } : rest);
        }}
        data-testid="template-clients-may-start"
      />
      <Textarea
        size="xs"
        label={t('props.description')}
        autosize
        value={meta.description ?? ''}
        onChange={(event) => updateMeta({ ...meta, description: event.currentTarget.value })}
      />
      <Stack gap={4} className="baton-fieldset" data-testid="parameters-editor">
        <Text size="sm" fw={500}>
          {t('props.parameters')}
        </Text>
        {parameters.map((parameter, index) => (
          <Group key={index} gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              aria-label={t('props.fieldName')}
              value={parameter.name}
              onChange={(event) => setParameter(index, { ...parameter, name: event.currentTarget.value })}
            />
            <Select
              size="xs"
              aria-label={t('props.fieldType')}
              allowDeselect={false}
              value={parameter.type}
              data={PARAMETER_TYPES.map((type) => ({ value: type, label: t(`parameterTypes.${type}`) }))}
              onChange={(type) => type && setParameter(index, parameterOfType(parameter, type as ParameterType))}
            />
            <Checkbox
              size="xs"
              aria-label={t('props.required')}
              title={t('props.required')}
              checked={parameter.required ?? false}
              onChange={(event) => setParameter(index, { ...parameter, required: event.currentTarget.checked })}
            />
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label={t('props.remove')}
              onClick={() => setParameters(parameters.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => setParameters([...parameters, { name: `param${parameters.length + 1}`, type: 'date' }])}
        >
          {t('props.addParameter')}
        </Button>
      </Stack>
      <EscalationEditor
        inheritable={false}
        value={meta.escalation ?? []}
        onChange={(escalation) => updateMeta({ ...meta, escalation: escalation ?? [] })}
      />
    </Stack>
  );
}
