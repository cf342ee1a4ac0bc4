import { Alert, Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, problemText } from '../api/api';
import { useFormat } from '../i18n/format';

/**
 * The sensitive values a closed process keeps (bank accounts, card numbers, credentials), for staff: who may manage
 * the process erases them after a confirmation that names the fields; then the card says who erased them and when.
 */
export function SensitiveValuesCard({ processId }: { processId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queries = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const status = useQuery({
    queryKey: ['process', processId, 'sensitive-values'],
    queryFn: () => ok(api.api.processes[':id']['sensitive-values'].$get({ param: { id: processId } })),
  });
  const erase = useMutation({
    mutationFn: () => ok(api.api.processes[':id']['sensitive-values'].erase.$post({ param: { id: processId } })),
    onSuccess: () => {
      dialog.close();
      notifications.show({ color: 'teal', message: t('sensitive.eraseDone') });
      void queries.invalidateQueries({ queryKey: ['process', processId] });
      void queries.invalidateQueries({ queryKey: ['step'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });
  const data = status.data;
  if (!data || (!data.mayErase && data.erasedAt === null)) return null;
  const kept = data.fields.filter((field) => field.stored > 0);
  const fieldList = (
    <List size="sm" spacing={2}>
      {kept.map((field) => (
        <List.Item key={`${field.nodeId}-${field.field}`} style={{ overflowWrap: 'anywhere' }}>
          {field.label} ({t(`sensitive.kinds.${field.kind}`)})
        </List.Item>
      ))}
    </List>
  );
  return (
    <Card withBorder data-testid="sensitive-values-card">
      <Stack gap="xs">
        <Title order={4}>{t('sensitive.cardTitle')}</Title>
        {data.erasedAt !== null && (
          <Alert color="gray" p="xs" data-testid="sensitive-erased">
            {t('sensitive.erasedBy', {
              name: data.erasedByName ?? t('sensitive.someone'),
              date: format.dateTime(new Date(data.erasedAt)),
            })}
          </Alert>
        )}
        {data.mayErase && (
          <>
            <Text size="sm">{t('sensitive.stillKept')}</Text>
            {fieldList}
            <Group>
              <Button color="red" variant="light" size="xs" onClick={dialog.open} data-testid="sensitive-erase">
                {t('sensitive.erase')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <Modal opened={opened} onClose={dialog.close} title={t('sensitive.erase')}>
        <Stack data-testid="sensitive-erase-dialog">
          <Text size="sm">{t('sensitive.eraseConfirm')}</Text>
          {fieldList}
          <Text size="sm" c="dimmed">
            {t('sensitive.eraseAfter')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={erase.isPending}
              onClick={() => erase.mutate()}
              data-testid="sensitive-erase-confirm"
            >
              {t('sensitive.eraseNow')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
