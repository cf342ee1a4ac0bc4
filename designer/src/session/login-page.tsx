import { Alert, Button, Container, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, ok, problemText } from '../api/api';
import { isLanguage, type Language } from '../../../workflows/i18n/languages';
import { LanguageSelect, showLanguage } from './language';
import { ROLE_HOME, useSession } from './session';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // A language picked here becomes the person's; otherwise the browser's fills only a language never chosen.
  const [picked, setPicked] = useState<Language>();
  // Only same-app paths are followed after login, never another origin.
  const next = params.get('next');
  const target = (role: keyof typeof ROLE_HOME) =>
    next?.startsWith('/') && !next.startsWith('//') ? next : ROLE_HOME[role];

  const login = useMutation({
    mutationFn: () =>
      ok(
        api.api.auth.login.$post({
          json: {
            email,
            password,
            ...(picked ? { language: picked } : {}),
            ...(isLanguage(i18n.language) ? { browserLanguage: i18n.language } : {}),
          },
        })
      ),
    onSuccess: (me) => {
      client.setQueryData(['me'], me);
      void navigate(target(me.role), { replace: true });
    },
  });

  if (session.data) return <Navigate to={target(session.data.role)} replace />;
  const error = login.error;
  return (
    <Container size={420} py={{ base: 24, sm: 80 }}>
      <Group justify="flex-end" mb="md">
        <LanguageSelect
          value={i18n.language}
          onChange={(language) => {
            setPicked(language);
            showLanguage(i18n, language);
          }}
        />
      </Group>
      <Title order={2} ta="center" mb="lg">
        {t('login.title')}
      </Title>
      <Paper withBorder p="lg" radius="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            login.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              data-testid="login-email"
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              data-testid="login-password"
            />
            {error && (
              <Alert color="red" role="alert" data-testid="login-error">
                {error instanceof ApiError && error.status === 401
                  ? t('login.wrong')
                  : error instanceof ApiError && error.status === 429
                    ? t('login.throttled')
                    : problemText(t, error)}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
