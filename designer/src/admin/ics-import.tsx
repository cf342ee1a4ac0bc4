import { Alert, Badge, Button, FileInput, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar } from '../../../workflows/calendar';
import { api, ok, problemText } from '../api/api';

/**
 * Imports holidays and company days off from an .ics file or address: the server reads it and says which days it
 * would add; only "Add these days" changes the form, and only the calendar's save stores them.
 */
export function IcsImport({
  calendar,
  onImport,
}: {
  calendar: BusinessCalendar;
  onImport: (calendar: BusinessCalendar) => void;
}) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const preview = useMutation({
    mutationFn: async () => {
      const source = file ? { ics: await file.text() } : { url: url.trim() };
      return ok(api.api.teams['calendar-import'].preview.$post({ json: { calendar, ...source } }));
    },
  });
  const day = (date: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`)
    );
  const close = () => {
    setOpened(false);
    preview.reset();
  };
  return (
    <>
      <Button
        variant="light"
        size="compact-sm"
        h="auto"
        mih={26}
        py={4}
        styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        onClick={() => setOpened(true)}
        data-testid="ics-import-open"
      >
        {t('icsImport.open')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('icsImport.title')} size="lg">
        <Stack gap="xs">
          <FileInput
            label={t('icsImport.file')}
            accept=".ics,text/calendar"
            clearable
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              preview.reset();
            }}
            data-testid="ics-import-file"
          />
          <TextInput
            label={t('icsImport.url')}
            placeholder="https://example.com/days-off.ics"
            disabled={file !== null}
            value={url}
            onChange={(event) => {
              setUrl(event.currentTarget.value);
              preview.reset();
            }}
            data-testid="ics-import-url"
          />
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={file === null && url.trim() === ''}
              loading={preview.isPending}
              onClick={() => preview.mutate()}
              data-testid="ics-import-preview"
            >
              {t('icsImport.preview')}
            </Button>
          </Group>
          {preview.error && <Alert color="red">{problemText(t, preview.error)}</Alert>}
          {preview.data && (
            <Stack gap={6} data-testid="ics-import-result">
              <Text size="sm" fw={500}>
                {t('icsImport.added', { count: preview.data.added.length })}
              </Text>
              <Group gap={6}>
                {preview.data.added.map((entry) => (
                  <Badge key={entry.date} variant="light" color="orange" tt="none" title={entry.summary}>
                    {day(entry.date)}: {entry.summary}
                  </Badge>
                ))}
              </Group>
              {preview.data.alreadyOff.length > 0 && (
                <Text size="sm" c="dimmed">
                  {t('icsImport.alreadyOff', { count: preview.data.alreadyOff.length })}
                </Text>
              )}
              {preview.data.skipped.length > 0 && (
                <Text size="sm" c="dimmed">
                  {t('icsImport.skipped', {
                    events: preview.data.skipped.map((entry) => entry.summary || '—').join(', '),
                  })}
                </Text>
              )}
              <Group justify="flex-end">
                <Button
                  disabled={preview.data.added.length === 0}
                  onClick={() => {
                    if (preview.data) onImport(preview.data.calendar as BusinessCalendar);
                    close();
                  }}
                  data-testid="ics-import-apply"
                >
                  {t('icsImport.apply')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Modal>
    </>
  );
}
