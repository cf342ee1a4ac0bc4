import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LiveEvents } from '../live/live-events';
import { NotificationBell } from '../notifications/notification-bell';
import { LanguageSelect, showLanguage, useChangeLanguage, usePersonLanguage } from '../session/language';
import { useSession, useSignOut, type Role } from '../session/session';

// Each page is listed for the roles the API lets use it.
const NAVIGATION: { to: string; key: string; roles: readonly Role[] }[] = [
  { to: '/inbox', key: 'nav.inbox', roles: ['admin', 'manager', 'assistant'] },
  { to: '/review', key: 'nav.review', roles: ['admin', 'manager'] },
  { to: '/team', key: 'team.nav', roles: ['admin', 'manager'] },
  { to: '/templates', key: 'nav.templates', roles: ['admin', 'manager'] },
  { to: '/processes', key: 'nav.processes', roles: ['admin', 'manager', 'assistant', 'observer'] },
  { to: '/requests/new', key: 'requests.nav', roles: ['observer'] },
  { to: '/requests/new', key: 'requests.navStaff', roles: ['assistant'] },
  { to: '/duties', key: 'nav.duties', roles: ['admin', 'manager', 'assistant', 'observer'] },
  { to: '/reports', key: 'nav.reports', roles: ['admin', 'manager', 'assistant', 'observer'] },
  { to: '/absences', key: 'nav.absences', roles: ['admin', 'manager'] },
  { to: '/admin', key: 'nav.admin', roles: ['admin'] },
  { to: '/status', key: 'nav.status', roles: ['admin', 'manager', 'assistant', 'observer'] },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useSession().data;
  const signOut = useSignOut();
  const changeLanguage = useChangeLanguage();
  usePersonLanguage(me ?? undefined);
  // On a phone the menu covers the page: choosing a page closes it.
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header>
        {/* One row even on a phone: the role badge hides and the language picker narrows instead of wrapping. */}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={3}>Baton</Title>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {me && (
              <>
                <Text size="sm" visibleFrom="sm" data-testid="current-user">
                  {me.name}
                </Text>
                <NotificationBell />
                <Badge variant="light" data-testid="current-role" visibleFrom="xs">
                  {t(`roles.${me.role}`)}
                </Badge>
                <Button
                  size="xs"
                  variant="subtle"
                  data-testid="logout"
                  onClick={() => void signOut().then(() => navigate('/login'))}
                >
                  {t('login.logout')}
                </Button>
              </>
            )}
            {/* Signed in, the language is the person's own setting, kept on the server; before, only this browser's. */}
            <LanguageSelect
              value={i18n.language}
              onChange={(language) => (me ? changeLanguage.mutate(language) : showLanguage(i18n, language))}
            />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {NAVIGATION.filter((item) => me && item.roles.includes(me.role)).map((item) => (
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
        {me && <LiveEvents me={me} />}
      </AppShell.Main>
    </AppShell>
  );
}
