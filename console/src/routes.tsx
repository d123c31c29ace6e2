import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { createHashRouter, Navigate, useLocation } from 'react-router-dom';
import { ActionLogPage } from './pages/ActionLogPage';
import { InstancesPage } from './pages/InstancesPage';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './pages/Shell';
import { useSession } from './session';

/**
 * Hash routes (/console/#/instances): the platform serves the console as static files, and a reload of
 * any page asks it only for /console/.
 */
export const router = createHashRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/instances" replace /> },
      { path: 'instances', element: <InstancesPage /> },
      { path: 'action-log', element: <ActionLogPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

function RequireSession({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me === null) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return children;
}
