import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { DesignerPage } from './pages/designer-page';
import { StatusPage } from './pages/status-page';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/designer" replace /> },
      { path: 'designer', element: <DesignerPage /> },
      { path: 'status', element: <StatusPage /> },
      { path: '*', element: <Navigate to="/designer" replace /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
