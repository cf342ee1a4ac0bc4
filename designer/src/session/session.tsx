import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError, ok } from '../api/api';

export type Me = Awaited<ReturnType<typeof fetchMe>>;
export type Role = NonNullable<Me>['role'];

export const ROLE_HOME: Record<Role, string> = {
  admin: '/templates',
  manager: '/templates',
  assistant: '/inbox',
  observer: '/processes',
};

/** The signed-in user, or null when the session cookie is missing or expired (401). */
async function fetchMe() {
  try {
    return await ok(api.api.auth.me.$get());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 60_000 });
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await ok(api.api.auth.logout.$post()).catch(() => undefined);
    client.clear();
    client.setQueryData(['me'], null);
  };
}

/** Renders its page only for a signed-in user with one of `roles`; others go to login or to their own home. */
export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label="…" />
      </Center>
    );
  }
  const me = session.data;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !roles.includes(me.role)) return <Navigate to={ROLE_HOME[me.role]} replace />;
  return <>{children}</>;
}

export const STAFF: readonly Role[] = ['admin', 'manager'];
