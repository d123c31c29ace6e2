import { Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ActionRecorded } from '../api';
import { loadCatalog, syncCatalog, type Catalog, type SyncOutcome } from '../catalog-api';
import { InstanceTypesPanel } from '../components/catalog/InstanceTypesPanel';
import { ModelsPanel } from '../components/catalog/ModelsPanel';
import { ProvidersPanel, RegionsPanel, ZonesPanel } from '../components/catalog/PlacesPanels';
import { SyncResult } from '../components/catalog/SyncResult';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { useAction, useResource } from '../resource';
import { useSession } from '../session';

/** The catalog's kinds of entries: a tab each, with how many there are and the panel that lists and changes them. */
const TABS = [
  { value: 'providers', label: 'Providers', size: (c: Catalog) => c.providers.length, Panel: ProvidersPanel },
  { value: 'regions', label: 'Regions', size: (c: Catalog) => c.regions.length, Panel: RegionsPanel },
  { value: 'zones', label: 'Zones', size: (c: Catalog) => c.zones.length, Panel: ZonesPanel },
  { value: 'instance-types', label: 'Instance types', size: (c: Catalog) => c.instanceTypes.length, Panel: InstanceTypesPanel },
  { value: 'models', label: 'Models', size: (c: Catalog) => c.models.length, Panel: ModelsPanel },
] as const;
type Tab = (typeof TABS)[number]['value'];

/** Every catalog change is logged by the component "catalog" (PROVIDER_CREATED … MODEL_UPDATED, prices and zones too). */
const CATALOG = 'catalog';

/**
 * What can be deployed where: providers, their regions and zones, the instance types they sell (prices, zones)
 * and the models. Everyone signed in reads it; platform admins change it, here or by a sync from the providers.
 */
export function CatalogPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((t) => t.value === params.get('tab'))?.value ?? 'providers';
  const { data: catalog, error, reload } = useResource(loadCatalog, []);
  const sync = useAction();
  const [synced, setSynced] = useState<{ outcomes: SyncOutcome[]; at: string } | null>(null);

  // a sync changes many entries at once: their actions arrive together, and one reading follows them
  const pending = useRef<number | undefined>(undefined);
  function reloadSoon() {
    if (pending.current === undefined) {
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        reload();
      }, 300);
    }
  }
  useEffect(() => () => window.clearTimeout(pending.current), []);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: reload,
    action: (data) => {
      if ((data as ActionRecorded).component === CATALOG) {
        reloadSoon();
      }
    },
  });

  function runSync() {
    void sync.run(async () => {
      const answer = await syncCatalog();
      setSynced({ outcomes: answer.providers, at: new Date().toISOString() });
      const refused = answer.providers.reduce((n, o) => n + o.refused.length, 0);
      notifications.show({
        color: refused ? 'yellow' : 'teal',
        title: 'Catalog synced',
        message: answer.providers.length === 0 ? 'No provider has a catalog to sync' : `${answer.providers.map((o) => o.provider).join(', ')}${refused ? `: ${refused} refused` : ''}`,
      });
      reload();
    });
  }

  const count = (n: number | undefined) => (
    <Badge size="xs" variant="light" color="gray" ml={4}>
      {n ?? '…'}
    </Badge>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Catalog</Title>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          <Button variant="light" loading={sync.busy} onClick={runSync}>
            Sync from providers
          </Button>
        </Group>
      </Group>
      {me && me.platform_role !== 'ADMIN' && (
        <Text size="sm" c="dimmed">
          You read the catalog; only platform admins change it or sync it.
        </Text>
      )}
      <ProblemAlert error={sync.error} onClose={() => sync.setError(null)} />
      {synced && <SyncResult outcomes={synced.outcomes} at={synced.at} onClose={() => setSynced(null)} />}
      <ProblemAlert error={error} />
      {!catalog && !error && <Loader aria-label="Loading the catalog" />}
      {catalog && (
        <Tabs value={tab} onChange={(t) => setParams(t ? { tab: t } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List aria-label="Catalog entries">
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
                {count(t.size(catalog))}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map(({ value, Panel }) => (
            <Tabs.Panel key={value} value={value} pt="md">
              <Panel catalog={catalog} onChanged={reload} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}
