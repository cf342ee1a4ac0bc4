import { ActionIcon, Anchor, Button, Checkbox, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FORM_FIELD_TYPES, type FormField } from '../../../workflows/template';
import { SENSITIVE_KINDS, type SensitiveKind } from '../../../workflows/template/sensitive';
import { freshNodeId } from '../canvas/designer.store';

type ChecklistItemInput = { id: string; text: string; required?: boolean };
type FormFieldInput = Omit<FormField, 'required'> & { required?: boolean };

/** Checklist items the assignee ticks off; required ones block submitting. */
export function ChecklistEditor({
  value,
  onChange,
}: {
  value: ChecklistItemInput[];
  onChange: (value: ChecklistItemInput[]) => void;
}) {
  const { t } = useTranslation();
  const set = (index: number, item: ChecklistItemInput) => onChange(value.map((v, i) => (i === index ? item : v)));
  return (
    <Stack gap={4} className="baton-fieldset" data-testid="checklist-editor">
      <Text size="sm" fw={500}>
        {t('props.checklist')}
      </Text>
      {value.map((item, index) => (
        <Group key={item.id} gap={4} wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            aria-label={t('props.itemText')}
            value={item.text}
            onChange={(event) => set(index, { ...item, text: event.currentTarget.value })}
          />
          <Checkbox
            size="xs"
            label={t('props.required')}
            checked={item.required ?? false}
            onChange={(event) => set(index, { ...item, required: event.currentTarget.checked })}
          />
          <ActionIcon
            size="sm"
            variant="subtle"
            color="red"
            aria-label={t('props.remove')}
            onClick={() => onChange(value.filter((_, i) => i !== index))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="compact-xs"
        variant="light"
        onClick={() =>
          onChange([
            ...value,
            {
              id: freshNodeId('item', new Set(value.map((item) => item.id))),
              text: t('props.newItem'),
              required: false,
            },
          ])
        }
      >
        {t('props.addItem')}
      </Button>
    </Stack>
  );
}

/** Fields the assignee fills in on submit; each becomes a process variable under its name. */
export function FormFieldsEditor({
  value,
  onChange,
}: {
  value: FormFieldInput[];
  onChange: (value: FormFieldInput[]) => void;
}) {
  const { t } = useTranslation();
  const set = (index: number, field: FormFieldInput) => onChange(value.map((v, i) => (i === index ? field : v)));
  return (
    <Stack gap={4} className="baton-fieldset" data-testid="form-editor">
      <Text size="sm" fw={500}>
        {t('props.form')}
      </Text>
      {value.map((field, index) => (
        <Stack key={index} gap={2} className="baton-rung">
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              aria-label={t('props.fieldName')}
              placeholder={t('props.fieldName')}
              value={field.name}
              onChange={(event) => set(index, { ...field, name: event.currentTarget.value })}
            />
            <Select
              size="xs"
              aria-label={t('props.fieldType')}
              allowDeselect={false}
              value={field.type}
              data={FORM_FIELD_TYPES.map((type) => ({ value: type, label: t(`parameterTypes.${type}`) }))}
              onChange={(type) => type && set(index, { ...field, type: type as FormField['type'] })}
            />
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label={t('props.remove')}
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Group>
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              aria-label={t('props.fieldLabel')}
              placeholder={t('props.fieldLabel')}
              value={field.label}
              onChange={(event) => set(index, { ...field, label: event.currentTarget.value })}
            />
            <Checkbox
              size="xs"
              label={t('props.required')}
              checked={field.required ?? false}
              onChange={(event) => set(index, { ...field, required: event.currentTarget.checked })}
            />
          </Group>
          {field.type === 'text' && (
            <Select
              size="xs"
              label={t('sensitive.label')}
              description={field.sensitive ? t('sensitive.hint') : undefined}
              value={field.sensitive ?? 'no'}
              allowDeselect={false}
              data={(['no', ...SENSITIVE_KINDS] as const).map((kind) => ({
                value: kind,
                label: t(`sensitive.kinds.${kind}`),
              }))}
              onChange={(kind) => {
                const { sensitive: _dropped, ...rest } = field;
                set(index, kind && kind !== 'no' ? { ...rest, sensitive: kind as SensitiveKind } : rest);
              }}
              data-testid={`form-field-sensitive-${index}`}
            />
          )}
          {field.type === 'choice' && (
            <TextInput
              size="xs"
              label={t('props.options')}
              value={(field.options ?? []).map((option) => option.value).join(', ')}
              onChange={(event) =>
                set(index, {
                  ...field,
                  options: event.currentTarget.value
                    .split(',')
                    .map((text) => text.trim())
                    .filter(Boolean)
                    .map((optionValue) => ({ value: optionValue })),
                })
              }
            />
          )}
        </Stack>
      ))}
      <Button
        size="compact-xs"
        variant="light"
        onClick={() =>
          onChange([...value, { name: `field${value.length + 1}`, label: t('props.newField'), type: 'text' }])
        }
      >
        {t('props.addField')}
      </Button>
    </Stack>
  );
}

const LINK = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s)]+)/g;

/** Markdown links and bare URLs in a text, to check them from the panel. */
export function linksIn(text: string): { label: string; href: string }[] {
  return [...text.matchAll(LINK)].map((match) => ({
    label: match[1] ?? match[3] ?? '',
    href: match[2] ?? match[3] ?? '',
  }));
}

/** Instructions in Markdown, with the links they contain listed to open and check. */
export function InstructionsEditor({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const links = linksIn(value);
  return (
    <Stack gap={2}>
      <Textarea
        size="xs"
        label={t('props.instructions')}
        description={t('props.instructionsHint')}
        autosize
        minRows={3}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        data-testid="instructions"
      />
      {links.length > 0 && (
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            {t('props.links')}
          </Text>
          {links.map((link) => (
            <Anchor key={link.href + link.label} size="xs" href={link.href} target="_blank" rel="noreferrer">
              {link.label}
            </Anchor>
          ))}
        </Group>
      )}
    </Stack>
  );
}
