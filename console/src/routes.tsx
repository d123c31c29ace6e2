import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createHashRouter, Navigate, useLocation } from 'react-router-dom';
import { ActionLogPage } from './pages/ActionLogPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { InstanceDetailPage } from './pages/InstanceDetailPage';
import { InstancesPage } from './pages/InstancesPage';
import { LoginPage } from './pages/LoginPage';
import { ModelServiceDetailPage } from './pages/ModelServiceDetailPage';
import { ModelServicesPage } from './pages/ModelServicesPage';
import { Shell } from './pages/Shell';
import { WorkbenchPage } from './pages/WorkbenchPage';
import { useSession } from './session';

// the charts weigh as much as the rest of the console: they load when the Costs page is first opened
const CostsPage = lazy(() => import('./pages/CostsPage').then((page) => ({ default: page.CostsPage })));

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
      { path: 'instances/:id', element: <InstanceDetailPage /> },
      { path: 'model-services', element: <ModelServicesPage /> },
      { path: 'model-services/:id', element: <ModelServiceDetailPage /> },
      { path: 'api-keys', element: <ApiKeysPage /> },
      { path: 'workbench', element: <WorkbenchPage /> },
      { path: 'costs', element: <Suspense fallback={<Loading />}><CostsPage /></Suspense> },
      { path: 'action-log', element: <ActionLogPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

function RequireSession({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return <Loading />;
  }
  if (me === null) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return children;
}

function Loading() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
