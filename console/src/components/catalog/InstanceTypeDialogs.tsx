import { Badge, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import {
  changedBy, createInstanceType, fieldError, instanceTypePrices, num, setInstanceTypeZones, updateInstanceType,
  type Catalog, type CatalogInstanceType, type Num, type Provider,
} from '../../catalog-api';
import { when } from '../../format';
import { useAction, useResource } from '../../resource';
import { useSession } from '../../session';
import { ProblemAlert } from '../ProblemAlert';
import { FormDialog } from './CatalogForms';

interface Draft {
  providerId: string | null;
  code: string;
  name: string;
  gpuModel: string;
  gpuCount: Num;
  vram: Num;
  vcpus: Num;
  ram: Num;
  price: Num;
  active: boolean;
}

function draftOf(t: CatalogInstanceType | null, providers: Provider[]): Draft {
  return {
    providerId: t?.provider_id ?? (providers.length === 1 ? providers[0].id : null),
    code: t?.code ?? '',
    name: t?.name ?? '',
    gpuModel: t?.gpu_model ?? '',
    gpuCount: t?.gpu_count ?? 1,
    vram: t?.vram_per_gpu_gb ?? '',
    vcpus: t?.vcpus ?? '',
    ram: t?.ram_gb ?? '',
    price: t?.hourly_price_eur ?? '',
    active: t?.active ?? true,
  };
}

/** Adds an instance type to a provider, or changes one's specs, price (a new price holds from now on) and activity. */
export function InstanceTypeDialog({ opened, type, providers, onClose, onChanged }: {
  opened: boolean;
  type: CatalogInstanceType | null;
  providers: Provider[];
  onClose: () => void;
  onChanged: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(type, providers));
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // each opening starts from the type edited (not each reading of the list: what is typed stays)
  useEffect(() => {
    setDraft(draftOf(type, providers));
    setError(null);
  }, [opened, type?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  function save() {
    const fields = {
      name: draft.name,
      gpu_model: draft.gpuModel,
      gpu_count: num(draft.gpuCount),
      vram_per_gpu_gb: num(draft.vram),
      vcpus: num(draft.vcpus),
      ram_gb: num(draft.ram),
      hourly_price_eur: draft.price === '' ? null : String(draft.price),
    };
    void run(async () => {
      if (type) {
        await updateInstanceType(type.id, { ...fields, active: draft.active });
        notifications.show({ color: 'green', title: 'Instance type saved', message: `${type.code}: ${fields.hourly_price_eur} EUR per hour` });
      } else {
        await createInstanceType({ ...fields, provider_id: draft.providerId, code: draft.code });
        notifications.show({ color: 'green', title: 'Instance type added', message: `${draft.code}: set the zones that offer it` });
      }
      onChanged();
      onClose();
    });
  }

  const err = (field: string) => fieldError(error, field);
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={type ? `Edit instance type ${type.code}` : 'Add an instance type'}
      submitLabel={type ? 'Save' : 'Add instance type'}
      busy={busy}
      error={error}
      onDismissError={() => setError(null)}
      onSubmit={save}
      size="lg"
    >
      <SimpleGrid cols={2}>
        {type ? (
          <TextInput label="Provider" readOnly value={providers.find((p) => p.id === type.provider_id)?.code ?? type.provider_id} />
        ) : (
          <Select label="Provider" allowDeselect={false} data={providers.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))} value={draft.providerId}
                  onChange={set('providerId')} error={err('provider_id')} />
        )}
        {type ? (
          <TextInput label="Code" readOnly value={type.code} description="Fixed: the type's id derives from it" />
        ) : (
          <TextInput label="Code" description="As the provider names it, such as L4-1-24G" value={draft.code}
                     onChange={(e) => set('code')(e.currentTarget.value)} error={err('code')} />
        )}
        <TextInput label="Name" value={draft.name} onChange={(e) => set('name')(e.currentTarget.value)} error={err('name')} />
        <TextInput label="GPU model" placeholder="L4, H100…" value={draft.gpuModel} onChange={(e) => set('gpuModel')(e.currentTarget.value)}
                   error={err('gpu_model')} />
        <NumberInput label="GPUs" allowDecimal={false} clampBehavior="none" value={draft.gpuCount} onChange={set('gpuCount')} error={err('gpu_count')} />
        <NumberInput label="GPU memory per GPU (GB)" allowDecimal={false} clampBehavior="none" value={draft.vram} onChange={set('vram')}
                     error={err('vram_per_gpu_gb')} />
        <NumberInput label="vCPUs" allowDecimal={false} clampBehavior="none" value={draft.vcpus} onChange={set('vcpus')} error={err('vcpus')} />
        <NumberInput label="RAM (GB)" allowDecimal={false} clampBehavior="none" value={draft.ram} onChange={set('ram')} error={err('ram_gb')} />
        <NumberInput label="Price (EUR per hour)" decimalScale={6} clampBehavior="none" value={draft.price} onChange={set('price')}
                     error={err('hourly_price_eur')} description={type ? 'A new price holds from now on; the old one stays in its history' : undefined} />
      </SimpleGrid>
      {type && (
        <Switch label="Active (offered for new deployments)" checked={draft.active} onChange={(e) => set('active')(e.currentTarget.checked)} />
      )}
    </FormDialog>
  );
}

/** The zones that offer an instance type, among its provider's: a deployment goes only where its type is offered. */
export function ZonesDialog({ type, catalog, onClose, onChanged }: {
  type: CatalogInstanceType | null;
  catalog: Catalog;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    setChosen(type?.zone_ids ?? []);
    setError(null);
  }, [type?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const zones = type ? catalog.zones.filter((z) => z.provider_id === type.provider_id) : [];
  const region = (id: string) => catalog.regions.find((r) => r.id === id)?.code ?? id;

  function save() {
    if (!type) {
      return;
    }
    void run(async () => {
      await setInstanceTypeZones(type.id, chosen);
      const codes = zones.filter((z) => chosen.includes(z.id)).map((z) => z.code);
      notifications.show({ color: 'green', title: 'Zones saved', message: `${type.code} is offered in ${codes.length ? codes.join(', ') : 'no zone'}` });
      onChanged();
      onClose();
    });
  }

  return (
    <FormDialog
      opened={type !== null}
      onClose={onClose}
      title={type ? `Zones of ${type.code}` : 'Zones'}
      submitLabel="Save zones"
      busy={busy}
      error={error}
      onDismissError={() => setError(null)}
      onSubmit={save}
    >
      {zones.length === 0 ? (
        <Text c="dimmed">Its provider has no zones in the catalog yet: add one in the Zones tab.</Text>
      ) : (
        <Checkbox.Group label="Offered in" description="Only its provider's zones can offer it" value={chosen} onChange={setChosen}
                        error={fieldError(error, 'zone_ids')}>
          <Stack gap="xs" mt="xs">
            {zones.map((z) => (
              <Checkbox key={z.id} value={z.id} label={
                <Group gap={6}>
                  <Text size="sm" ff="monospace">{z.code}</Text>
                  <Text size="sm" c="dimmed">{z.name} · region {region(z.region_id)}</Text>
                  {!z.active && <Badge size="xs" color="gray">inactive</Badge>}
                </Group>
              } aria-label={z.code} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </FormDialog>
  );
}

/** An instance type's prices over time, the newest last: what its machines cost by the hour, and who set it. */
export function PricesDialog({ type, onClose }: { type: CatalogInstanceType | null; onClose: () => void }) {
  const { me } = useSession();
  // read again when the type's price or row changes, as the list is read again (live)
  const { data: prices, error } = useResource(
    () => (type ? instanceTypePrices(type.id) : Promise.resolve(null)),
    [type?.id, type?.hourly_price_eur, type?.updated_at],
  );

  return (
    <Modal opened={type !== null} onClose={onClose} title={type ? `Prices of ${type.code}` : 'Prices'} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <ProblemAlert error={error} />
        {type && (
          <Text size="sm">
            Now <b>{type.hourly_price_eur} EUR</b> per hour. A price change holds from the moment it is made; costs already counted keep the price of their time.
          </Text>
        )}
        {prices && prices.length === 0 && <Text c="dimmed">No price recorded.</Text>}
        {prices && prices.length > 0 && (
          <Table striped aria-label="Price history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>EUR / hour</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Until</Table.Th>
                <Table.Th>Set by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {prices.map((p) => (
                <Table.Tr key={p.effective_from}>
                  <Table.Td>{p.hourly_price_eur}</Table.Td>
                  <Table.Td>{when(p.effective_from)}</Table.Td>
                  <Table.Td>{p.effective_until ? when(p.effective_until) : <Badge color="green" variant="light">current</Badge>}</Table.Td>
                  <Table.Td title={p.changed_by ?? undefined}>{changedBy(p.changed_by, me)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
