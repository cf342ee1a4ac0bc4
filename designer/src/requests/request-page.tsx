import { Alert, Button, Container, CopyButton, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ParameterSchema, type Parameter } from '../../../workflows/template';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { FileAttach, type FileRef } from '../files/file-attach';
import { ParameterForm } from '../processes/parameter-form';
import { initialValues, toProcessParams, type FieldError, type FormValues } from '../processes/parameter-form.model';
import { useSession } from '../session/session';

const ParametersSchema = z.array(ParameterSchema);

/** A text parameter a client's own name fills in (the client may still change it). */
const CLIENT_NAME_PARAMETER = 'client';

/**
 * The client request form: a client sends a request from a template marked "clients may start" (it owns the
 * request); an assistant, manager or admin logs one on a client's behalf, with when it came in. `?template=<id>` picks
 * the form, so the page's address is the form's shareable link.
 */
export function RequestPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const me = useSession().data;
  const client = me?.role === 'observer';
  const forms = useQuery({ queryKey: ['request-forms'], queryFn: () => ok(api.api.requests.forms.$get()) });
  const chosenId = search.get('template') ?? forms.data?.forms[0]?.templateId ?? null;
  const form = forms.data?.forms.find((entry) => entry.templateId === chosenId);
  const language = i18n.language.slice(0, 2);
  // Labels in the reader's language where the template has them.
  const parameters = useMemo<Parameter[]>(
    () =>
      form
        ? ParametersSchema.parse(form.parameters).map((parameter) => ({
            ...parameter,
            label:
              (parameter.title as Partial<Record<string, string>> | undefined)?.[language] ??
              parameter.label ??
              parameter.name,
          }))
        : [],
    [form, language]
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [edited, setEdited] = useState<{ form: string | undefined; values: FormValues }>();
  const initial = useMemo(() => {
    const values = initialValues(parameters, zone);
    const named = parameters.find((parameter) => parameter.name === CLIENT_NAME_PARAMETER && parameter.type === 'text');
    return client && named && me ? { ...values, [named.name]: me.name } : values;
  }, [parameters, zone, client, me]);
  const values = edited?.form === form?.templateId && edited ? edited.values : initial;
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [owner, setOwner] = useState<string | null>(null);
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  const [ownerMissing, setOwnerMissing] = useState(false);
  const [files, setFiles] = useState<FileRef[]>([]);

  const send = useMutation({
    mutationFn: (params: Record<string, unknown>) => {
      const received = receivedAt ? DateTime.fromSQL(receivedAt, { zone }).toISO() : null;
      return ok(
        api.api.processes.$post({
          header: { 'idempotency-key': idempotencyKey() },
          json: {
            templateId: form!.templateId,
            version: form!.version,
            params,
            ...(!client && owner ? { owner } : {}),
            ...(!client && received ? { receivedAt: received } : {}),
            ...(files.length > 0 && { files: files.map((file) => file.id) }),
          },
        })
      );
    },
    onSuccess: (process) => {
      notifications.show({ color: 'teal', message: t(client ? 'requests.sent' : 'requests.logged') });
      void navigate(`/processes/${process.id}`);
    },
  });

  if (forms.isPending) return <Loader m="md" />;
  if (forms.error)
    return (
      <Alert color="red" m="md">
        {problemText(t, forms.error)}
      </Alert>
    );
  const titleOf = (entry: { name: string; title: Record<string, string> | null }) =>
    entry.title?.[language] ?? entry.name;
  const link = form ? `${window.location.origin}/requests/new?template=${form.templateId}` : '';
  return (
    <div className="baton-page">
      <Container size="sm">
        <Stack>
          <Title order={2}>{t(client ? 'requests.title' : 'requests.titleStaff')}</Title>
          {forms.data.forms.length === 0 && (
            <Alert color="yellow" data-testid="request-no-forms">
              {t('requests.none')}
            </Alert>
          )}
          {forms.data.forms.length > 1 && (
            <Select
              label={t('requests.form')}
              allowDeselect={false}
              data={forms.data.forms.map((entry) => ({ value: entry.templateId, label: titleOf(entry) }))}
              value={form?.templateId ?? null}
              onChange={(value) => value && setSearch({ template: value })}
              data-testid="request-form-select"
            />
          )}
          {form && (
            <Paper withBorder p="md">
              <Stack>
                <Title order={4} data-testid="request-form-title">
                  {titleOf(form)}
                </Title>
                {!client && (
                  <>
                    <Select
                      label={t('requests.client')}
                      description={t('requests.clientHint')}
                      required
                      searchable
                      error={ownerMissing ? t('paramErrors.required') : undefined}
                      data={forms.data.clients.map((person) => ({ value: person.id, label: person.name }))}
                      value={owner}
                      onChange={(value) => {
                        setOwner(value);
                        setOwnerMissing(false);
                      }}
                      data-testid="request-owner"
                    />
                    <DateTimePicker
                      label={t('requests.receivedAt')}
                      description={t('requests.receivedAtHint')}
                      valueFormat="LLL"
                      clearable
                      maxDate={new Date()}
                      value={receivedAt}
                      onChange={setReceivedAt}
                      data-testid="request-received-at"
                    />
                  </>
                )}
                <ParameterForm
                  parameters={parameters}
                  values={values}
                  errors={errors}
                  people={[]}
                  onChange={(name, value) => setEdited({ form: form.templateId, values: { ...values, [name]: value } })}
                />
                <FileAttach label={t('files.withRequest')} value={files} onChange={setFiles} testId="request-files" />
              </Stack>
            </Paper>
          )}
          {send.error && (
            <Alert color="red" role="alert" data-testid="request-error">
              {problemText(t, send.error)}
            </Alert>
          )}
          {form && (
            <Group justify={client ? 'flex-end' : 'space-between'} wrap="wrap">
              {/* Staff share the form's link with clients; a client just sends. */}
              {!client && (
                <CopyButton value={link}>
                  {({ copied, copy }) => (
                    <Button variant="subtle" size="xs" onClick={copy} title={link} data-testid="request-link">
                      {copied ? t('requests.copied') : t('requests.copy')}
                    </Button>
                  )}
                </CopyButton>
              )}
              <Button
                loading={send.isPending}
                data-testid="request-send"
                onClick={() => {
                  const conversion = toProcessParams(parameters, values, zone);
                  setErrors(conversion.errors);
                  const missing = !client && !owner;
                  setOwnerMissing(missing);
                  if (Object.keys(conversion.errors).length === 0 && !missing) send.mutate(conversion.params);
                }}
              >
                {t('requests.send')}
              </Button>
            </Group>
          )}
          {form && !client && (
            <Text size="xs" c="dimmed">
              {t('requests.link')}: <span style={{ overflowWrap: 'anywhere' }}>{link}</span>
            </Text>
          )}
        </Stack>
      </Container>
    </div>
  );
}
