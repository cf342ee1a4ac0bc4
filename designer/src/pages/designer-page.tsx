import { Container, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function DesignerPage() {
  const { t } = useTranslation();
  return (
    <Container py="xl">
      <Title order={2}>{t('nav.designer')}</Title>
      <Text>{t('designer.loading')}</Text>
    </Container>
  );
}
