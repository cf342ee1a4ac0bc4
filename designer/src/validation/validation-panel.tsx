import { Badge, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../workflows/template';
import { useDesigner } from '../canvas/designer-store.context';
import { useIssueText } from './issue-text';

/** Every problem of the template on the canvas; clicking one selects and shows the node or edge it is about. */
export function ValidationPanel({ onFocus }: { onFocus: (issue: ValidationIssue) => void }) {
  const { t } = useTranslation();
  const issues = useDesigner((state) => state.issues);
  const describe = useIssueText();
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  return (
    <Stack gap={4} p="xs" data-testid="validation-panel">
      <Group gap="xs">
        <Text fw={600} size="sm">
          {t('validation.title')}
        </Text>
        <Badge color={errors > 0 ? 'red' : 'teal'} data-testid="validation-error-count">
          {t('validation.errorCount', { count: errors })}
        </Badge>
        <Badge color="yellow">{t('validation.warningCount', { count: issues.length - errors })}</Badge>
      </Group>
      {issues.length === 0 && (
        <Text size="sm" c="teal">
          {t('validation.none')}
        </Text>
      )}
      <ScrollArea.Autosize mah={180}>
        <Stack gap={2}>
          {issues.map((issue, index) => (
            <UnstyledButton
              key={`${issue.code}-${issue.nodeId ?? ''}-${issue.edgeId ?? ''}-${index}`}
              onClick={() => onFocus(issue)}
              data-testid="validation-issue"
              data-code={issue.code}
              className="baton-issue"
            >
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Badge size="xs" color={issue.severity === 'error' ? 'red' : 'yellow'} style={{ flexShrink: 0 }}>
                  {issue.severity === 'error' ? t('validation.error') : t('validation.warning')}
                </Badge>
                <div>
                  <Text size="xs" data-testid="validation-message">
                    {describe(issue).message}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {describe(issue).hint}
                  </Text>
                </div>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
