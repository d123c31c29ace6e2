import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { instanceTypeFields, updateInstanceType, type CatalogInstanceType } from '../../catalog-api';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { ActiveSwitch } from './CatalogForms';
import { InstanceTypeDialog, PricesDialog, ZonesDialog } from './InstanceTypeDialogs';
import type { PanelProps } from './PlacesPanels';

type Dialog =
  | { kind: 'new' }
  | { kind: 'edit' | 'zones' | 'prices'; typeId: string }
  | null;

/** The machine types providers sell: specs, price per hour, and the zones that offer them. */
export function InstanceTypesPanel({ catalog, onChanged }: PanelProps) {
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const rows = useAction();
  const provider = (id: string) => catalog.providers.find((p) => p.id === id)?.code ?? id;
  const zoneCode = (id: string) => catalog.zones.find((z) => z.id === id)?.code ?? id;
  const wanted = filter.trim().toLowerCase();
  const shown = catalog.instanceTypes.filter((t) => !wanted || `${t.code} ${t.name} ${t.gpu_model} ${provider(t.provider_id)}`.toLowerCase().includes(wanted));
  // the dialogs follow the list as it is read again, so a change made elsewhere shows in them too
  const type = dialog && dialog.kind !== 'new' ? catalog.instanceTypes.find((t) => t.id === dialog.typeId) ?? null : null;

  async function setActive(t: CatalogInstanceType, active: boolean) {
    let done = false;
    await rows.run(async () => {
      await updateInstanceType(t.id, { ...instanceTypeFields(t), active });
      done = true;
      notifications.show({ color: active ? 'green' : 'yellow', title: `Instance type ${active ? 'activated' : 'deactivated'}`, message: t.code });
      onChanged();
    });
    return done;
  }

  return (
    <Stack>
      <Group justify="space-between">
        <TextInput aria-label="Filter instance types" placeholder="Filter by code, name, GPU or provider" w={320} value={filter}
                   onChange={(e) => setFilter(e.currentTarget.value)} />
        <Button onClick={() => setDialog({ kind: 'new' })}>Add an instance type</Button>
      </Group>
      <ProblemAlert error={rows.error} onClose={() => rows.setError(null)} />
      {shown.length === 0 ? (
        <Text c="dimmed">{catalog.instanceTypes.length === 0 ? 'No instance types in the catalog.' : 'No instance type matches the filter.'}</Text>
      ) : (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped aria-label="Instance types">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Provider</Table.Th>
                <Table.Th>GPUs</Table.Th>
                <Table.Th>vCPUs / RAM</Table.Th>
                <Table.Th>EUR / hour</Table.Th>
                <Table.Th>Zones</Table.Th>
                <Table.Th>Offered</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td ff="monospace" title={t.id}>
                    {t.code}
                  </Table.Td>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{provider(t.provider_id)}</Table.Td>
                  <Table.Td>
                    {t.gpu_count} × {t.gpu_model} {t.vram_per_gpu_gb} GB
                    <Text size="xs" c="dimmed">
                      {t.total_vram_gb} GB in all
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t.vcpus} / {t.ram_gb} GB
                  </Table.Td>
                  <Table.Td>{t.hourly_price_eur}</Table.Td>
                  <Table.Td>
                    {t.zone_ids.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        none
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {t.zone_ids.map((z) => (
                          <Badge key={z} variant="light" color="gray" tt="none">
                            {zoneCode(z)}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ActiveSwitch name={`Instance type ${t.code}`} active={t.active} onChange={(active) => setActive(t, active)} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" variant="light" aria-label={`Edit instance type ${t.code}`} onClick={() => setDialog({ kind: 'edit', typeId: t.id })}>
                        Edit
                      </Button>
                      <Button size="compact-sm" variant="light" aria-label={`Zones of ${t.code}`} onClick={() => setDialog({ kind: 'zones', typeId: t.id })}>
                        Zones
                      </Button>
                      <Button size="compact-sm" variant="light" aria-label={`Prices of ${t.code}`} onClick={() => setDialog({ kind: 'prices', typeId: t.id })}>
                        Prices
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <InstanceTypeDialog opened={dialog?.kind === 'new' || dialog?.kind === 'edit'} type={dialog?.kind === 'edit' ? type : null}
                          providers={catalog.providers} onClose={() => setDialog(null)} onChanged={onChanged} />
      <ZonesDialog type={dialog?.kind === 'zones' ? type : null} catalog={catalog} onClose={() => setDialog(null)} onChanged={onChanged} />
      <PricesDialog type={dialog?.kind === 'prices' ? type : null} onClose={() => setDialog(null)} />
    </Stack>
  );
}
