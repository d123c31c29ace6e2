import { Button, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import {
  createProvider, createRegion, createZone, fieldError, updateProvider, updateRegion, updateZone,
  type Catalog, type NameAndActive,
} from '../../catalog-api';
import { when } from '../../format';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { ActiveSwitch, FormDialog } from './CatalogForms';

/** What a catalog tab is given: the whole catalog (to name parents) and a way to read it again after a change. */
export interface PanelProps {
  catalog: Catalog;
  onChanged: () => void;
}

/** A provider, region or zone: a code fixed at creation (its id derives from it), a name, and whether it is offered. */
interface Place {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

/** The parents a new entry may belong to (a region's provider, a zone's region); none for a provider. */
interface Parent {
  field: 'provider_id' | 'region_id';
  label: string;
  options: { value: string; label: string }[];
}

type Editing<P extends Place> = { kind: 'new' } | { kind: 'edit'; place: P } | null;

export function ProvidersPanel({ catalog, onChanged }: PanelProps) {
  return (
    <PlacesPanel
      kind="provider"
      places={catalog.providers}
      onChanged={onChanged}
      create={(body) => createProvider(body)}
      update={updateProvider}
      columns={[]}
    />
  );
}

export function RegionsPanel({ catalog, onChanged }: PanelProps) {
  const providerCode = (id: string) => catalog.providers.find((p) => p.id === id)?.code ?? id;
  return (
    <PlacesPanel
      kind="region"
      places={catalog.regions}
      onChanged={onChanged}
      parent={{ field: 'provider_id', label: 'Provider', options: catalog.providers.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` })) }}
      create={(body) => createRegion({ provider_id: body.provider_id ?? null, code: body.code, name: body.name })}
      update={updateRegion}
      columns={[{ title: 'Provider', value: (r) => providerCode(r.provider_id) }]}
    />
  );
}

export function ZonesPanel({ catalog, onChanged }: PanelProps) {
  const region = (id: string) => catalog.regions.find((r) => r.id === id);
  const providerCode = (id: string) => catalog.providers.find((p) => p.id === id)?.code ?? id;
  const offered = (zoneId: string) => catalog.instanceTypes.filter((t) => t.zone_ids.includes(zoneId)).length;
  return (
    <PlacesPanel
      kind="zone"
      places={catalog.zones}
      onChanged={onChanged}
      parent={{
        field: 'region_id',
        label: 'Region',
        options: catalog.regions.map((r) => ({ value: r.id, label: `${r.code} · ${r.name} (${providerCode(r.provider_id)})` })),
      }}
      create={(body) => createZone({ region_id: body.region_id ?? null, code: body.code, name: body.name })}
      update={updateZone}
      columns={[
        { title: 'Region', value: (z) => region(z.region_id)?.code ?? z.region_id },
        { title: 'Provider', value: (z) => providerCode(z.provider_id) },
        { title: 'Instance types', value: (z) => String(offered(z.id)) },
      ]}
    />
  );
}

function PlacesPanel<P extends Place & { created_at: string; updated_at: string }>({ kind, places, onChanged, parent, create, update, columns }: {
  kind: 'provider' | 'region' | 'zone';
  places: P[];
  onChanged: () => void;
  parent?: Parent;
  create: (body: { code: string; name: string; provider_id?: string | null; region_id?: string | null }) => Promise<unknown>;
  update: (id: string, body: NameAndActive) => Promise<unknown>;
  columns: { title: string; value: (p: P) => string }[];
}) {
  const [editing, setEditing] = useState<Editing<P>>(null);
  const rows = useAction();
  const plural = `${kind}s`;

  async function setActive(place: P, active: boolean) {
    let done = false;
    await rows.run(async () => {
      await update(place.id, { name: place.name, active });
      done = true;
      notifications.show({ color: active ? 'green' : 'yellow', title: `${capital(kind)} ${active ? 'activated' : 'deactivated'}`, message: place.code });
      onChanged();
    });
    return done;
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {places.length} {places.length === 1 ? kind : plural}. A code is fixed once created: the {kind}'s id derives from it.
        </Text>
        <Button onClick={() => setEditing({ kind: 'new' })}>Add a {kind}</Button>
      </Group>
      <ProblemAlert error={rows.error} onClose={() => rows.setError(null)} />
      {places.length === 0 ? (
        <Text c="dimmed">No {plural} in the catalog.</Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped aria-label={capital(plural)}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                {columns.map((c) => (
                  <Table.Th key={c.title}>{c.title}</Table.Th>
                ))}
                <Table.Th>Offered</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {places.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td ff="monospace" title={p.id}>
                    {p.code}
                  </Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  {columns.map((c) => (
                    <Table.Td key={c.title}>{c.value(p)}</Table.Td>
                  ))}
                  <Table.Td>
                    <ActiveSwitch name={`${capital(kind)} ${p.code}`} active={p.active} onChange={(active) => setActive(p, active)} />
                  </Table.Td>
                  <Table.Td>{when(p.updated_at)}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" aria-label={`Edit ${kind} ${p.code}`} onClick={() => setEditing({ kind: 'edit', place: p })}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PlaceDialog kind={kind} editing={editing} parent={parent} create={create} update={update}
                   onClose={() => setEditing(null)} onChanged={onChanged} />
    </Stack>
  );
}

/** Adds a provider, region or zone (its parent, code and name), or renames one and sets whether it is offered. */
function PlaceDialog<P extends Place>({ kind, editing, parent, create, update, onClose, onChanged }: {
  kind: string;
  editing: Editing<P>;
  parent?: Parent;
  create: (body: { code: string; name: string; provider_id?: string | null; region_id?: string | null }) => Promise<unknown>;
  update: (id: string, body: NameAndActive) => Promise<unknown>;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [parentId, setParentId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [active, setActive] = useState(true);
  const { busy, error, setError, run } = useAction();
  const place = editing?.kind === 'edit' ? editing.place : null;

  // each opening starts from the entry edited, or from a blank form
  useEffect(() => {
    setParentId(parent?.options.length === 1 ? parent.options[0].value : null);
    setCode(place?.code ?? '');
    setName(place?.name ?? '');
    setActive(place?.active ?? true);
    setError(null);
  }, [editing]); // eslint-disable-line react-hooks/exhaustive-deps

  function save() {
    void run(async () => {
      if (place) {
        await update(place.id, { name, active });
        notifications.show({ color: 'green', title: `${capital(kind)} saved`, message: `${place.code}: ${name}${active ? '' : ' (inactive)'}` });
      } else {
        await create({ code, name, ...(parent ? { [parent.field]: parentId } : {}) });
        notifications.show({ color: 'green', title: `${capital(kind)} added`, message: `${code}: ${name}` });
      }
      onChanged();
      onClose();
    });
  }

  return (
    <FormDialog
      opened={editing !== null}
      onClose={onClose}
      title={place ? `Edit ${kind} ${place.code}` : `Add a ${kind}`}
      submitLabel={place ? 'Save' : `Add ${kind}`}
      busy={busy}
      error={error}
      onDismissError={() => setError(null)}
      onSubmit={save}
    >
      {!place && parent && (
        <Select label={parent.label} allowDeselect={false} data={parent.options} value={parentId} onChange={setParentId} searchable
                error={fieldError(error, parent.field)} />
      )}
      {place ? (
        <TextInput label="Code" value={place.code} readOnly description={`Fixed: the ${kind}'s id derives from it`} />
      ) : (
        <TextInput label="Code" description="Lower-case letters, digits, '.', '_' or '-', as the provider names it" value={code}
                   onChange={(e) => setCode(e.currentTarget.value)} error={fieldError(error, 'code')} data-autofocus />
      )}
      <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} />
      {place && <Switch label="Active (offered for new deployments)" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
    </FormDialog>
  );
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
