import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../workflows/template';
import { api, ApiError, idempotencyKey, ok, problemText } from '../api/api';
import type { DraftAutosave } from '../drafts/draft-status';

/**
 * Publishes the saved draft as the next immutable version. Pending edits are saved first; the draft's ETag goes
 * in If-Match, so a draft another manager changed meanwhile is never published unseen (412 is shown).
 */
export function PublishDialog({
  templateId,
  draft,
  issues,
  opened,
  onClose,
  onPublished,
}: {
  templateId: string;
  draft: DraftAutosave;
  issues: readonly ValidationIssue[];
  opened: boolean;
  onClose: () => void;
  onPublished: (version: number) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errors = issues.filter((issue) => issue.severity === 'error');
  const [notes, setNotes] = useState('');
  const publish = useMutation({
    mutationFn: async () => {
      await draft.flush();
      if (draft.state.kind === 'conflict') throw new Error(t('publish.conflict'));
      const etag = draft.etag();
      return ok(
        api.api.templates[':id'].publish.$post({
          param: { id: templateId },
          header: { 'if-match': etag, 'idempotency-key': idempotencyKey() },
          query: {},
          json: notes.trim() ? { releaseNotes: notes.trim() } : {},
        })
      );
    },
    onSuccess: (version) => {
      void client.invalidateQueries({ queryKey: ['versions', templateId] });
      void client.invalidateQueries({ queryKey: ['templates'] });
      notifications.show({ color: 'teal', message: t('publish.done', { version: version.version }) });
      setNotes('');
      onPublished(version.version);
      onClose();
    },
  });
  const error = publish.error;

  return (
    <Modal opened={opened} onClose={onClose} title={t('publish.title')} data-testid="publish-dialog">
      <Stack>
        <Text size="sm">{t('publish.lead')}</Text>
        {errors.length > 0 && (
          <Alert color="red" title={t('publish.invalid', { count: errors.length })}>
            <List size="sm">
              {errors.slice(0, 5).map((issue, index) => (
                <List.Item key={index}>{issue.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Textarea
          label={t('publish.notes')}
          description={t('publish.notesHint')}
          autosize
          minRows={3}
          maxLength={5000}
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
          data-testid="publish-notes"
        />
        {error && (
          <Alert color="red" role="alert" data-testid="publish-error">
            {error instanceof ApiError && error.status === 412 ? t('publish.stale') : problemText(t, error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => publish.mutate()}
            loading={publish.isPending}
            disabled={errors.length > 0}
            data-testid="publish-confirm"
          >
            {t('publish.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
