import { Badge, Button, Card, Group, Stack, Switch, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, ok, problemText } from '../api/api';
import { FileAttach, type FileRef } from '../files/file-attach';

export type CommentVisibility = 'public' | 'internal';

/** Whether a history entry is a comment and how it is seen (comments from before visibility are internal). */
export function commentVisibility(entry: { action: string; detail: Record<string, unknown> }) {
  if (entry.action !== 'commented') return undefined;
  return entry.detail.visibility === 'public' ? 'public' : 'internal';
}

/** A comment's mark: staff see which comments the client reads; internal ones stand out. */
export function VisibilityBadge({ visibility }: { visibility: CommentVisibility }) {
  const { t } = useTranslation();
  return (
    <Badge
      size="xs"
      variant={visibility === 'internal' ? 'filled' : 'light'}
      color={visibility === 'internal' ? 'orange' : 'teal'}
      data-testid={`comment-${visibility}`}
      style={{ textTransform: 'none', maxWidth: '100%' }}
    >
      {t(visibility === 'internal' ? 'comments.internal' : 'comments.public')}
    </Badge>
  );
}

/** The switch under a staff comment: off (internal) by default, said in words either way. */
export function VisibilitySwitch({
  value,
  onChange,
}: {
  value: CommentVisibility;
  onChange: (next: CommentVisibility) => void;
}) {
  const { t } = useTranslation();
  return (
    <Switch
      size="sm"
      checked={value === 'public'}
      onChange={(event) => onChange(event.currentTarget.checked ? 'public' : 'internal')}
      label={t('comments.makePublic')}
      description={value === 'internal' ? t('comments.internalHint') : undefined}
      data-testid="comment-public"
    />
  );
}

/** A comment on the whole process: a client's is public; staff choose, internal by default. */
export function ProcessCommentCard({ processId, client }: { processId: string; client: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<CommentVisibility>('internal');
  const [files, setFiles] = useState<FileRef[]>([]);
  const send = useMutation({
    mutationFn: () =>
      ok(
        api.api.processes[':id'].comments.$post({
          param: { id: processId },
          header: { 'idempotency-key': idempotencyKey() },
          json: {
            text: text.trim(),
            ...(!client && { visibility }),
            ...(files.length > 0 && { files: files.map((file) => file.id) }),
          },
        })
      ),
    onSuccess: () => {
      setText('');
      setVisibility('internal');
      setFiles([]);
      notifications.show({ color: 'teal', message: t('comments.sent') });
      void queries.invalidateQueries({ queryKey: ['process', processId] });
    },
    onError: (error) => notifications.show({ color: 'red', message: problemText(t, error) }),
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('comments.title')}</Title>
        <Textarea
          autosize
          minRows={2}
          placeholder={t('comments.placeholder')}
          description={client ? t('comments.clientHint') : undefined}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-testid="process-comment-text"
        />
        <FileAttach value={files} onChange={setFiles} testId="comment-files" />
        {!client && <VisibilitySwitch value={visibility} onChange={setVisibility} />}
        <Group justify="flex-end">
          <Button
            size="xs"
            disabled={!text.trim()}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="process-comment-send"
          >
            {t('comments.send')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
