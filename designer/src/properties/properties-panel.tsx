import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PropertiesPanel() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" p="xs">
      {t('properties.none')}
    </Text>
  );
}
