import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createHashRouter, Navigate, useLocation } from 'react-router-dom';
import { ActionLogPage } from './pages/ActionLogPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditPage } from './pages/AuditPage';
import { CatalogPage } from './pages/CatalogPage';
import { InstanceDetailPage } from './pages/InstanceDetailPage';
import { InstancesPage } from './pages/InstancesPage';
import { LoginPage } from './pages/LoginPage';
import { ModelServiceDetailPage } from './pages/ModelServiceDetailPage';
import { ModelServicesPage } from './pages/ModelServicesPage';
import { OrganizationDetailPage } from './pages/OrganizationDetailPage';
import { OrganizationsPage } from './pages/OrganizationsPage';
import { SharesPage } from './pages/SharesPage';
import { Shell } from './pages/Shell';
import { WorkbenchPage } from './pages/WorkbenchPage';
import { useSession } from './session';

// the charts weigh as much as the rest of the console: the pages that draw them load when first opened
const CostsPage = lazy(() => import('./pages/CostsPage').then((page) => ({ default: page.CostsPage })));
const UsagePage = lazy(() => import('./pages/UsagePage').then((page) => ({ default: page.UsagePage })));
const ChargebackPage = lazy(() => import('./pages/ChargebackPage').then((page) => ({ default: page.ChargebackPage })));

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
      { path: 'shares', element: <SharesPage /> },
      { path: 'api-keys', element: <ApiKeysPage /> },
      { path: 'workbench', element: <WorkbenchPage /> },
      { path: 'costs', element: <Suspense fallback={<Loading />}><CostsPage /></Suspense> },
      { path: 'usage', element: <Suspense fallback={<Loading />}><UsagePage /></Suspense> },
      { path: 'chargeback', element: <Suspense fallback={<Loading />}><ChargebackPage /></Suspense> },
      { path: 'action-log', element: <ActionLogPage /> },
      { path: 'catalog', element: <CatalogPage /> },
      { path: 'organizations', element: <OrganizationsPage /> },
      { path: 'organizations/:id', element: <OrganizationDetailPage /> },
      { path: 'audit', element: <AuditPage /> },
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
