import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/api';
import { FileList } from './file-attach';

/** The files of a process the reader may open (a client: those of its request and of public comments). */
export function ProcessFilesCard({ processId }: { processId: string }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: ['process', processId, 'files'],
    queryFn: () => ok(api.api.processes[':id'].files.$get({ param: { id: processId } })),
  });
  const list = files.data?.files ?? [];
  if (list.length === 0) return null;
  return (
    <Card withBorder data-testid="process-files">
      <Stack gap="xs">
        <Title order={4}>{t('files.title')}</Title>
        {list.map((file) => (
          <Stack key={file.id} gap={0}>
            <FileList files={[file]} />
            <Text size="xs" c="dimmed">
              {t('files.by', { name: file.uploadedBy })}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
