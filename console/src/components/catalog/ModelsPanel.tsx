import { Button, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import {
  fieldError, modelFields, num, registerModel, updateModel, type CatalogModel, type Num,
} from '../../catalog-api';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { ActiveSwitch, FormDialog } from './CatalogForms';
import type { PanelProps } from './PlacesPanels';

type Editing = { kind: 'new' } | { kind: 'edit'; modelId: string } | null;

/** The models instances may serve, and what each needs of a machine. */
export function ModelsPanel({ catalog, onChanged }: PanelProps) {
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const rows = useAction();
  const wanted = filter.trim().toLowerCase();
  const shown = catalog.models.filter((m) => !wanted || `${m.id} ${m.name}`.toLowerCase().includes(wanted));
  const model = editing?.kind === 'edit' ? catalog.models.find((m) => m.id === editing.modelId) ?? null : null;

  async function setActive(m: CatalogModel, active: boolean) {
    let done = false;
    await rows.run(async () => {
      await updateModel(m.id, { ...modelFields(m), active });
      done = true;
      notifications.show({ color: active ? 'green' : 'yellow', title: `Model ${active ? 'activated' : 'deactivated'}`, message: m.id });
      onChanged();
    });
    return done;
  }

  return (
    <Stack>
      <Group justify="space-between">
        <TextInput aria-label="Filter models" placeholder="Filter by id or name" w={320} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
        <Button onClick={() => setEditing({ kind: 'new' })}>Register a model</Button>
      </Group>
      <ProblemAlert error={rows.error} onClose={() => rows.setError(null)} />
      {shown.length === 0 ? (
        <Text c="dimmed">{catalog.models.length === 0 ? 'No models in the catalog.' : 'No model matches the filter.'}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Models">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>GPU memory needed</Table.Th>
                <Table.Th>Data volume</Table.Th>
                <Table.Th>Context length</Table.Th>
                <Table.Th>Offered</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td ff="monospace">{m.id}</Table.Td>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td>{m.required_vram_gb} GB</Table.Td>
                  <Table.Td>{m.data_volume_gb} GB</Table.Td>
                  <Table.Td>{m.context_length.toLocaleString()} tokens</Table.Td>
                  <Table.Td>
                    <ActiveSwitch name={`Model ${m.id}`} active={m.active} onChange={(active) => setActive(m, active)} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" aria-label={`Edit model ${m.id}`} onClick={() => setEditing({ kind: 'edit', modelId: m.id })}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ModelDialog opened={editing !== null} model={model} onClose={() => setEditing(null)} onChanged={onChanged} />
    </Stack>
  );
}

interface Draft {
  id: string;
  name: string;
  vram: Num;
  volume: Num;
  context: Num;
  active: boolean;
}

function draftOf(m: CatalogModel | null): Draft {
  return {
    id: m?.id ?? '',
    name: m?.name ?? '',
    vram: m?.required_vram_gb ?? '',
    volume: m?.data_volume_gb ?? '',
    context: m?.context_length ?? '',
    active: m?.active ?? true,
  };
}

/** Registers a model under its publisher's id, or changes what it needs and whether it may be deployed. */
function ModelDialog({ opened, model, onClose, onChanged }: { opened: boolean; model: CatalogModel | null; onClose: () => void; onChanged: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(model));
  const { busy, error, setError, run } = useAction();
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // each opening starts from the model edited (not each reading of the list: what is typed stays)
  useEffect(() => {
    setDraft(draftOf(model));
    setError(null);
  }, [opened, model?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  function save() {
    const fields = {
      name: draft.name,
      required_vram_gb: num(draft.vram),
      data_volume_gb: num(draft.volume),
      context_length: num(draft.context),
      active: draft.active,
    };
    void run(async () => {
      if (model) {
        await updateModel(model.id, fields);
        notifications.show({ color: 'green', title: 'Model saved', message: `${model.id}: ${fields.name}` });
      } else {
        await registerModel({ ...fields, id: draft.id.trim() });
        notifications.show({ color: 'green', title: 'Model registered', message: draft.id.trim() });
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
      title={model ? `Edit model ${model.id}` : 'Register a model'}
      submitLabel={model ? 'Save' : 'Register model'}
      busy={busy}
      error={error}
      onDismissError={() => setError(null)}
      onSubmit={save}
    >
      {model ? (
        <TextInput label="Model id" readOnly value={model.id} description="Fixed: what instances load and clients name" />
      ) : (
        <TextInput label="Model id" description="The publisher's id, such as meta-llama/Llama-3.1-8B-Instruct" value={draft.id}
                   onChange={(e) => set('id')(e.currentTarget.value)} error={err('id')} data-autofocus />
      )}
      <TextInput label="Name" value={draft.name} onChange={(e) => set('name')(e.currentTarget.value)} error={err('name')} />
      <NumberInput label="GPU memory needed (GB)" description="An instance type with less in all cannot serve it" allowDecimal={false}
                   clampBehavior="none" value={draft.vram} onChange={set('vram')} error={err('required_vram_gb')} />
      <NumberInput label="Data volume (GB)" description="The disk its weights are downloaded to" allowDecimal={false} clampBehavior="none"
                   value={draft.volume} onChange={set('volume')} error={err('data_volume_gb')} />
      <NumberInput label="Context length (tokens)" allowDecimal={false} clampBehavior="none" value={draft.context}
                   onChange={set('context')} error={err('context_length')} />
      <Switch label="Active (offered for new deployments)" checked={draft.active} onChange={(e) => set('active')(e.currentTarget.checked)} />
    </FormDialog>
  );
}
