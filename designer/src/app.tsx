import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { DesignerPage } from './pages/designer-page';
import { StatusPage } from './pages/status-page';
import { InboxPage } from './inbox/inbox-page';
import { TeamPage } from './team/team-page';
import { ReviewPage } from './inbox/review-page';
import { ProcessPage } from './processes/process-page';
import { ProcessesPage } from './processes/processes-page';
import { StartProcessPage } from './processes/start-process-page';
import { RequestPage } from './requests/request-page';
import { AdminPage } from './admin/admin-page';
import { AbsencesPage } from './people/absences-panel';
import { DutiesPage } from './duties/duties-page';
import { ReportsPage } from './reports/reports-page';
import { LoginPage } from './session/login-page';
import { RequireRole, ROLE_HOME, STAFF, useSession, type Role } from './session/session';
import { TemplatesPage } from './templates/templates-page';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

const guard = (element: ReactNode, roles?: readonly Role[]) => <RequireRole roles={roles}>{element}</RequireRole>;

function Home() {
  const me = useSession().data;
  return <Navigate to={me ? ROLE_HOME[me.role] : '/login'} replace />;
}

const WORKERS: readonly Role[] = ['admin', 'manager', 'assistant'];

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: guard(<AppLayout />),
    children: [
      { index: true, element: <Home /> },
      { path: 'templates', element: guard(<TemplatesPage />, STAFF) },
      { path: 'designer', element: guard(<DesignerPage />, STAFF) },
      { path: 'designer/:id', element: guard(<DesignerPage />, STAFF) },
      { path: 'inbox', element: guard(<InboxPage />, WORKERS) },
      { path: 'inbox/:stepId', element: guard(<InboxPage />, WORKERS) },
      { path: 'review', element: guard(<ReviewPage />, STAFF) },
      { path: 'team', element: guard(<TeamPage />, STAFF) },
      { path: 'processes', element: guard(<ProcessesPage />) },
      { path: 'processes/start', element: guard(<StartProcessPage />, STAFF) },
      { path: 'processes/:id', element: guard(<ProcessPage />) },
      { path: 'requests/new', element: guard(<RequestPage />) },
      { path: 'duties', element: guard(<DutiesPage />) },
      { path: 'reports', element: guard(<ReportsPage />) },
      { path: 'absences', element: guard(<AbsencesPage />, STAFF) },
      { path: 'admin', element: guard(<AdminPage />, ['admin']) },
      { path: 'status', element: <StatusPage /> },
      { path: '*', element: <Home /> },
    ],
  },
]);

export function App() {
  const { i18n } = useTranslation();
  return (
    <MantineProvider defaultColorScheme="light">
      {/* Date pickers follow the chosen language (dayjs locales are bundled in main.tsx). */}
      <DatesProvider settings={{ locale: i18n.language }}>
        <Notifications position="top-right" limit={3} autoClose={3000} />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
