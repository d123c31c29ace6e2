import { Anchor, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, post, type Model, type ModelService } from '../api';
import { useResource } from '../resource';
import { useAction } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { when } from '../format';
import { DialogActions } from '../components/DialogActions';

/** The names the OpenAI-compatible API serves: each a catalog model at a price per 1 000 tokens. */
export function ModelServicesPage() {
  const { data: services, error, reload: load } = useResource(() => api<{ items: ModelService[] }>('/model_services').then((loaded) => loaded.items), []);
  const [creating, createDialog] = useDisclosure();


  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Model services</Title>
        <Button onClick={createDialog.open}>Publish a model service</Button>
      </Group>
      <ProblemAlert error={error} />
      {services && services.length === 0 && (
        <Text c="dimmed">No model services. Publish one to call a model through /v1 or the workbench.</Text>
      )}
      {services && services.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Model services" data-testid="model-services-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Visibility</Table.Th>
                <Table.Th>Prompt EUR / 1k tokens</Table.Th>
                <Table.Th>Completion EUR / 1k tokens</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {services.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td ff="monospace">
                    <Anchor component={Link} to={`/model-services/${s.id}`} ff="monospace" aria-label={`Model service ${s.name}`}>
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{s.model_id}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray">
                      {s.visibility}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{s.prompt_price_per_1k_eur}</Table.Td>
                  <Table.Td>{s.completion_price_per_1k_eur}</Table.Td>
                  <Table.Td>{when(s.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateServiceModal opened={creating} onClose={createDialog.close} onCreated={load} />
    </Stack>
  );
}

function CreateServiceModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  const [models, setModels] = useState<Model[]>([]);
  const [name, setName] = useState('');
  const [modelId, setModelId] = useState<string | null>(null);
  const [promptPrice, setPromptPrice] = useState<number | string>(0);
  const [completionPrice, setCompletionPrice] = useState<number | string>(0);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (opened) {
      api<Model[]>('/models?active=true').then(setModels, (e: ApiError) => setError(e));
    }
  }, [opened]);

  function close() {
    setName('');
    setModelId(null);
    setPromptPrice(0);
    setCompletionPrice(0);
    setError(null);
    onClose();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      // prices go as text: the platform keeps exact decimals
      const service = await post<ModelService>('/model_services', {
        name,
        model_id: modelId,
        prompt_price_per_1k_eur: String(promptPrice === '' ? 0 : promptPrice),
        completion_price_per_1k_eur: String(completionPrice === '' ? 0 : completionPrice),
      });
      notifications.show({ color: 'green', title: 'Model service published', message: `${service.name} serves ${service.model_id}` });
      onCreated();
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Publish a model service">
      <form onSubmit={create}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <TextInput label="Name" description="What clients put in the request's model field, such as acme/support-bot" required maxLength={101}
                     value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Select label="Model" required searchable data={models.map((m) => ({ value: m.id, label: `${m.id} · ${m.name}` }))}
                  value={modelId} onChange={setModelId} />
          <NumberInput label="Prompt price (EUR per 1 000 tokens)" min={0} decimalScale={6} value={promptPrice} onChange={setPromptPrice} />
          <NumberInput label="Completion price (EUR per 1 000 tokens)" min={0} decimalScale={6} value={completionPrice} onChange={setCompletionPrice} />
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy}>
              Publish
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
