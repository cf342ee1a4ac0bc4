import { ActionIcon, Anchor, Button, FileButton, Group, Image, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acceptedKinds } from './file-kinds';
import { ApiError, problemText, type Problem } from '../api/api';

/** A stored file as the API names it. */
export interface FileRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/** Is this value a list of files (a file field's value, a comment's files)? */
export function isFileList(value: unknown): value is FileRef[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item) => typeof item === 'object' && item !== null && 'id' in item && 'name' in item && 'contentType' in item
    )
  );
}

/** Sends one file's bytes to the file store; the answer names it for a request, comment or step field. */
export async function uploadFile(file: File): Promise<FileRef> {
  const response = await fetch(`/api/files?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  if (response.status === 201) return (await response.json()) as FileRef;
  throw new ApiError(response.status, (await response.json().catch(() => undefined)) as Problem | undefined);
}

/** "1.2 MB" in the reader's language. */
export function useFileSize() {
  const { i18n } = useTranslation();
  return (bytes: number) => {
    const format = (value: number, unit: 'byte' | 'kilobyte' | 'megabyte') =>
      new Intl.NumberFormat(i18n.language, {
        style: 'unit',
        unit,
        unitDisplay: unit === 'byte' ? 'narrow' : 'short',
        maximumFractionDigits: 1,
      }).format(value);
    if (bytes < 1024) return format(bytes, 'byte');
    if (bytes < 1024 * 1024) return format(bytes / 1024, 'kilobyte');
    return format(bytes / 1024 / 1024, 'megabyte');
  };
}

/** Files to read: an image shows itself, a PDF opens in the browser's viewer, anything else downloads. */
export function FileList({ files, testId = 'file-list' }: { files: readonly FileRef[]; testId?: string }) {
  const size = useFileSize();
  if (files.length === 0) return null;
  return (
    <Stack gap={6} data-testid={testId}>
      {files.map((file) => {
        const href = `/api/files/${file.id}`;
        return (
          <Stack key={file.id} gap={4}>
            {file.contentType.startsWith('image/') && (
              <Anchor href={href} target="_blank" rel="noopener">
                <Image src={href} alt={file.name} maw={240} mah={180} fit="contain" radius="sm" />
              </Anchor>
            )}
            <Group gap={6} wrap="nowrap">
              <Anchor
                href={
                  file.contentType === 'application/pdf' || file.contentType.startsWith('image/')
                    ? href
                    : `${href}?download=1`
                }
                target="_blank"
                rel="noopener"
                size="sm"
                style={{ overflowWrap: 'anywhere' }}
                data-testid="file-link"
              >
                {file.name}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {file.contentType === 'application/pdf' ? `PDF, ${size(file.size)}` : size(file.size)}
              </Text>
            </Group>
          </Stack>
        );
      })}
    </Stack>
  );
}

/**
 * Choose files and upload them at once: the chosen ones are listed with a remove button; `value` holds what the
 * store has. `accept` and `max` mirror a file field's limits (the server checks them again).
 */
export function FileAttach({
  value,
  onChange,
  accept,
  max = 10,
  label,
  error,
  testId = 'file-attach',
}: {
  value: readonly FileRef[];
  onChange: (files: FileRef[]) => void;
  accept?: readonly string[] | undefined;
  max?: number | undefined;
  label?: string | undefined;
  error?: string | undefined;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const size = useFileSize();
  const [busy, setBusy] = useState(false);
  const add = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    setBusy(true);
    const added: FileRef[] = [];
    try {
      for (const file of chosen.slice(0, Math.max(0, max - value.length))) added.push(await uploadFile(file));
      if (chosen.length > max - value.length)
        notifications.show({ color: 'yellow', message: t('files.tooMany', { max }) });
    } catch (failure) {
      notifications.show({ color: 'red', message: t('files.failed', { reason: problemText(t, failure) }) });
    } finally {
      setBusy(false);
      onChange([...value, ...added]);
    }
  };
  return (
    <Stack gap={6} data-testid={testId}>
      {label && (
        <Text size="sm" fw={500}>
          {label}
        </Text>
      )}
      {value.map((file) => (
        <Group key={file.id} gap={6} wrap="nowrap" data-testid="file-chosen">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {file.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {size(file.size)}
          </Text>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={t('files.remove', { name: file.name })}
            title={t('files.remove', { name: file.name })}
            onClick={() => onChange(value.filter((entry) => entry.id !== file.id))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      {value.length < max && (
        <Group gap="xs">
          <FileButton multiple accept={accept?.join(',')} onChange={(files) => void add(files)}>
            {(props) => (
              <Button {...props} size="xs" variant="default" loading={busy} data-testid={`${testId}-button`}>
                {t('files.attach')}
              </Button>
            )}
          </FileButton>
          {accept && accept.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('files.accepts', { types: acceptedKinds(t, i18n.language, accept) })}
            </Text>
          )}
        </Group>
      )}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
