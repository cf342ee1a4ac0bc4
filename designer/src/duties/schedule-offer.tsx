import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/**
 * After publishing a template whose start node repeats, offers to schedule it: the rule on the start node becomes
 * a duty's schedule (the Duties page opens its form with the template and the rule filled in). A rule alone starts
 * nothing; a duty also says who does the work and for whom.
 */
export function ScheduleOffer({
  templateId,
  templateName,
  opened,
  onClose,
}: {
  templateId: string;
  templateName: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Modal opened={opened} onClose={onClose} title={t('scheduleOffer.title')} data-testid="schedule-offer">
      <Stack>
        <Text size="sm">{t('scheduleOffer.lead', { name: templateName })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('scheduleOffer.later')}
          </Button>
          <Button
            onClick={() => {
              onClose();
              void navigate(`/duties?schedule=${encodeURIComponent(templateId)}`);
            }}
            data-testid="schedule-offer-accept"
          >
            {t('scheduleOffer.accept')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
