import { Checkbox, Group, NumberInput, PasswordInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { DateTime } from 'luxon';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Parameter } from '../../../workflows/template';
import type { FieldError, FieldValue, FormValues } from './parameter-form.model';

export interface PersonOption {
  value: string;
  label: string;
}

/** One input per process parameter, chosen by its type (text, date, datetime, number, money, person, choice, yes/no). */
export function ParameterForm({
  parameters,
  values,
  errors,
  people,
  onChange,
  secret,
}: {
  parameters: readonly Parameter[];
  values: FormValues;
  errors: Record<string, FieldError>;
  /** People to pick for a person parameter: one list for all, or chosen per parameter. */
  people: readonly PersonOption[] | ((parameter: Parameter) => readonly PersonOption[]);
  onChange: (name: string, value: FieldValue) => void;
  /** Text fields holding a password or credential: typed hidden, shown only on demand. */
  secret?: ReadonlySet<string>;
}) {
  const { t, i18n } = useTranslation();
  // A date before today is allowed (a contract signed yesterday) but said plainly: deadlines from it may be missed.
  const pastWarning = (value: string, description: string | undefined): ReactNode => {
    const day = value.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day >= DateTime.now().toISODate()) return description;
    return (
      <>
        {description && <>{description} · </>}
        <Text span c="orange" size="xs" data-testid="past-date-warning">
          {t('stepView.pastDate')}
        </Text>
      </>
    );
  };
  return (
    <Stack>
      {parameters.map((parameter) => {
        const common = {
          label: parameter.label ?? parameter.name,
          description: parameter.description,
          required: parameter.required,
          error: errors[parameter.name] ? t(`paramErrors.${errors[parameter.name]}`) : undefined,
          'data-testid': `param-${parameter.name}`,
        };
        const value = values[parameter.name];
        const text = typeof value === 'string' ? value : '';
        switch (parameter.type) {
          case 'text':
            if (secret?.has(parameter.name))
              return (
                <PasswordInput
                  key={parameter.name}
                  {...common}
                  autoComplete="new-password"
                  spellCheck={false}
                  value={text}
                  onChange={(event) => onChange(parameter.name, event.currentTarget.value)}
                  visibilityToggleButtonProps={{
                    'aria-label': t('sensitive.show', { label: common.label }),
                    title: t('sensitive.show', { label: common.label }),
                    'data-testid': `param-${parameter.name}-toggle`,
                  }}
                />
              );
            return parameter.multiline ? (
              <Textarea
                key={parameter.name}
                {...common}
                autosize
                minRows={2}
                value={text}
                onChange={(event) => onChange(parameter.name, event.currentTarget.value)}
              />
            ) : (
              <TextInput
                key={parameter.name}
                {...common}
                value={text}
                onChange={(event) => onChange(parameter.name, event.currentTarget.value)}
              />
            );
          case 'date':
            return (
              <DateInput
                key={parameter.name}
                {...common}
                description={pastWarning(text, parameter.description)}
                valueFormat="LL"
                clearable={!parameter.required}
                value={text || null}
                onChange={(date) => onChange(parameter.name, date ?? '')}
              />
            );
          case 'datetime':
            return (
              <DateTimePicker
                key={parameter.name}
                {...common}
                description={pastWarning(text, parameter.description)}
                valueFormat="LLL"
                clearable={!parameter.required}
                value={text ? text.replace('T', ' ') : null}
                onChange={(date) => onChange(parameter.name, date ?? '')}
              />
            );
          case 'number':
            return (
              <NumberInput
                key={parameter.name}
                {...common}
                min={parameter.min}
                max={parameter.max}
                allowDecimal={!parameter.integer}
                value={text}
                onChange={(number) => onChange(parameter.name, String(number))}
              />
            );
          case 'money': {
            const money = typeof value === 'object' ? value : { amount: '', currency: parameter.currency ?? 'EUR' };
            return (
              <Group key={parameter.name} align="end" gap="xs" grow>
                <TextInput
                  {...common}
                  inputMode="decimal"
                  placeholder={new Intl.NumberFormat(i18n.language, {
                    minimumFractionDigits: 2,
                    useGrouping: false,
                  }).format(1200.5)}
                  value={money.amount}
                  onChange={(event) => onChange(parameter.name, { ...money, amount: event.currentTarget.value })}
                />
                <TextInput
                  label={t('start.currency')}
                  maw={110}
                  disabled={parameter.currency !== undefined}
                  value={parameter.currency ?? money.currency}
                  onChange={(event) =>
                    onChange(parameter.name, { ...money, currency: event.currentTarget.value.toUpperCase() })
                  }
                />
              </Group>
            );
          }
          case 'person':
            return (
              <Select
                key={parameter.name}
                {...common}
                searchable
                data={[...(typeof people === 'function' ? people(parameter) : people)]}
                value={text || null}
                onChange={(id) => onChange(parameter.name, id ?? '')}
              />
            );
          case 'choice':
            return (
              <Select
                key={parameter.name}
                {...common}
                data={parameter.options.map((option) => ({ value: option.value, label: option.label ?? option.value }))}
                value={text || null}
                onChange={(choice) => onChange(parameter.name, choice ?? '')}
              />
            );
          case 'boolean':
            return (
              <Checkbox
                key={parameter.name}
                label={common.label}
                description={common.description}
                data-testid={common['data-testid']}
                checked={value === true}
                onChange={(event) => onChange(parameter.name, event.currentTarget.checked)}
              />
            );
        }
      })}
    </Stack>
  );
}
