import { Alert, Button, Container, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ParameterSchema } from '../../../workflows/template';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { fetchVersion, fetchVersions } from '../templates/template-queries';
import { localizeTemplate } from '../../../workflows/template/translations';
import { ParameterForm } from './parameter-form';
import { rolesForPersonParameter } from './person-choices';
import { initialValues, toProcessParams, type FieldError, type FormValues } from './parameter-form.model';

const ParametersSchema = z.array(ParameterSchema);

/** People to pick from (the API lists them to admins and managers only). */
export function usePeople(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    staleTime: 60_000,
  });
}

/** Starts a process from a published version, with a form generated from the version's parameters. */
export function StartProcessPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const templateId = search.get('templateId') ?? '';
  const [chosen, setChosen] = useState<string | null>(null);
  const versions = useQuery({
    queryKey: ['versions', templateId],
    queryFn: () => fetchVersions(templateId),
    enabled: templateId !== '',
  });
  const latest = versions.data?.at(-1)?.version;
  const version = chosen ? Number(chosen) : latest;
  const definition = useQuery({
    queryKey: ['version', templateId, String(version)],
    queryFn: () => fetchVersion(templateId, version ?? 0),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
  const people = usePeople();
  // The template's texts (name, parameter labels) in the reader's language where it has them.
  const template = useMemo(
    () => (definition.data ? localizeTemplate(definition.data.template, i18n.language) : undefined),
    [definition.data, i18n.language]
  );
  const parameters = useMemo(() => (template ? ParametersSchema.parse(template.parameters ?? []) : []), [template]);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [edited, setEdited] = useState<{ version: number | undefined; values: FormValues }>();
  const values = edited?.version === version && edited ? edited.values : initialValues(parameters, zone);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [owner, setOwner] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: (params: Record<string, unknown>) =>
      ok(
        api.api.processes.$post({
          header: { 'idempotency-key': idempotencyKey() },
          json: { templateId, version, params, ...(owner ? { owner } : {}) },
        })
      ),
    onSuccess: (process) => {
      // Rungs that cannot reach the level they name with today's org chart: the process runs, the manager is told.
      if (process.warnings.length > 0)
        notifications.show({
          color: 'yellow',
          autoClose: false,
          title: t('start.escalationWarnings'),
          message: (
            <List size="sm" data-testid="start-warnings">
              {process.warnings.map((warning) => (
                <List.Item key={`${warning.nodeId}-${warning.rung}`}>
                  {t(`issue.org.${warning.missing}.message`, {
                    node: warning.step,
                    person: warning.person,
                    rung: warning.rung,
                  })}
                </List.Item>
              ))}
            </List>
          ),
        });
      void navigate(`/processes/${process.id}`);
    },
  });

  if (templateId === '') return <Alert m="md">{t('start.noTemplate')}</Alert>;
  return (
    <div className="baton-page">
      <Container size="sm">
        <Stack>
          <Title order={2}>{t('start.title', { name: template?.name ?? '' })}</Title>
          {versions.data?.length === 0 && <Alert color="yellow">{t('start.unpublished')}</Alert>}
          {versions.data && versions.data.length > 0 && (
            <Select
              label={t('versions.version')}
              w={160}
              data={[...versions.data].reverse().map((v) => ({ value: String(v.version), label: `v${v.version}` }))}
              value={String(version)}
              onChange={setChosen}
              allowDeselect={false}
            />
          )}
          {template && (
            <Paper withBorder p="md">
              {parameters.length === 0 && <Text c="dimmed">{t('start.noParameters')}</Text>}
              <ParameterForm
                parameters={parameters}
                values={values}
                errors={errors}
                people={(parameter) => {
                  const roles = rolesForPersonParameter(template, parameter.name);
                  return (people.data?.items ?? [])
                    .filter((person) => (roles as readonly string[]).includes(person.role))
                    .map((person) => ({ value: person.id, label: `${person.name} (${person.email})` }));
                }}
                onChange={(name, value) => setEdited({ version, values: { ...values, [name]: value } })}
              />
              <Select
                mt="md"
                label={t('build.client')}
                description={t('build.clientHint')}
                placeholder={t('build.clientNone')}
                clearable
                searchable
                data-testid="start-owner"
                data={(people.data?.items ?? [])
                  .filter((person) => person.role === 'observer')
                  .map((person) => ({ value: person.id, label: `${person.name} (${person.email})` }))}
                value={owner}
                onChange={setOwner}
              />
            </Paper>
          )}
          {start.error && (
            <Alert color="red" role="alert" data-testid="start-error">
              {problemText(t, start.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              disabled={!definition.data}
              loading={start.isPending}
              data-testid="start-submit"
              onClick={() => {
                const conversion = toProcessParams(parameters, values, zone);
                setErrors(conversion.errors);
                if (Object.keys(conversion.errors).length === 0) start.mutate(conversion.params);
              }}
            >
              {t('start.submit')}
            </Button>
          </Group>
        </Stack>
      </Container>
    </div>
  );
}
