import { AppShell, Burger, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { LANGUAGES, rememberLanguage, type LanguageCode } from '../i18n/i18n';

// Only pages that exist are listed; inbox, processes, duties, reports and admin appear when they are built.
const NAVIGATION = [
  { to: '/designer', key: 'nav.designer' },
  { to: '/status', key: 'nav.status' },
] as const;

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={3}>Baton</Title>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Select
            aria-label={t('nav.language')}
            data-testid="language-switcher"
            w={130}
            size="xs"
            allowDeselect={false}
            value={i18n.language}
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
            onChange={(value) => {
              if (!value) return;
              rememberLanguage(value as LanguageCode);
              void i18n.changeLanguage(value);
            }}
          />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {NAVIGATION.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={t(item.key)}
            active={location.pathname.startsWith(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
