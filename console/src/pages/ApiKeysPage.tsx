import { Alert, Badge, Button, Code, CopyButton, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api, del, post, type ApiKey, type CreatedApiKey, type Page } from '../api';
import { useResource } from '../resource';
import { useAction } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { when } from '../format';
import { DialogActions } from '../components/DialogActions';

const STATUS_COLOR = { active: 'green', revoked: 'red', expired: 'gray' } as const;

/** The keys of the OpenAI-compatible API: made here (the secret shown once), revoked here. */
export function ApiKeysPage() {
  const { data, error, reload: load } = useResource(() => api<Page<ApiKey>>('/api_keys?size=200'), []);
  const [creating, createDialog] = useDisclosure();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);


  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>API keys</Title>
        <Button onClick={createDialog.open}>Create an API key</Button>
      </Group>
      <ProblemAlert error={error} />
      {created && <NewSecret created={created} onDismiss={() => setCreated(null)} />}
      {data && data.items.length === 0 && <Text c="dimmed">No API keys yet.</Text>}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="API keys" data-testid="api-keys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Limits</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td ff="monospace">{key.display_prefix}…</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[key.status]} variant="light" title={key.revoked_reason ?? undefined}>
                      {key.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{limits(key)}</Table.Td>
                  <Table.Td>
                    {when(key.created_at)}
                    {key.created_by ? ` by ${key.created_by}` : ''}
                  </Table.Td>
                  <Table.Td>
                    {key.status === 'active' && (
                      <Button size="compact-sm" color="red" variant="subtle" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateKeyModal
        opened={creating}
        onClose={createDialog.close}
        onCreated={(key) => {
          setCreated(key);
          load();
        }}
      />
      <RevokeModal
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={load}
      />
    </Stack>
  );
}

function limits(key: ApiKey): string {
  const parts = [
    key.requests_per_minute && `${key.requests_per_minute} req/min`,
    key.tokens_per_minute && `${key.tokens_per_minute} tokens/min`,
    key.budget_eur && `${key.budget_eur} EUR per ${key.budget_period ?? 'total'}`,
    key.allowed_models.length > 0 && `only ${key.allowed_models.join(', ')}`,
    key.expires_at && `until ${when(key.expires_at)}`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'none';
}

/** The secret exists only in this answer: the platform keeps its hash. Shown until dismissed, never again. */
function NewSecret({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  return (
    <Alert color="green" title={`API key "${created.name}" created`} withCloseButton onClose={onDismiss} closeButtonLabel="I have kept the key">
      <Stack gap="xs">
        <Text size="sm">Copy the secret now: it is shown this once and kept nowhere.</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
            {created.key}
          </Code>
          <CopyButton value={created.key}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="light" color={copied ? 'teal' : undefined} onClick={copy} aria-label="Copy the key">
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

function CreateKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (key: CreatedApiKey) => void }) {
  const [name, setName] = useState('');
  const [rpm, setRpm] = useState<number | string>('');
  const [tpm, setTpm] = useState<number | string>('');
  const [budget, setBudget] = useState<number | string>('');
  const [period, setPeriod] = useState<string | null>('month');
  const { busy, error, setError, run } = useAction();

  function close() {
    setName('');
    setRpm('');
    setTpm('');
    setBudget('');
    setError(null);
    onClose();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const key = await post<CreatedApiKey>('/api_keys', {
        name,
        requests_per_minute: rpm === '' ? undefined : Number(rpm),
        tokens_per_minute: tpm === '' ? undefined : Number(tpm),
        budget_eur: budget === '' ? undefined : String(budget),
        budget_period: budget === '' ? undefined : period,
      });
      notifications.show({ color: 'green', title: 'API key created', message: key.name });
      onCreated(key);
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Create an API key">
      <form onSubmit={create}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <NumberInput label="Requests per minute" description="Empty: no limit" min={1} allowDecimal={false} value={rpm} onChange={setRpm} />
          <NumberInput label="Tokens per minute" description="Empty: no limit" min={1} allowDecimal={false} value={tpm} onChange={setTpm} />
          <Group grow align="flex-start">
            <NumberInput label="Budget (EUR)" description="Empty: no budget" min={0} decimalScale={6} value={budget} onChange={setBudget} />
            <Select label="Budget period" data={['day', 'month', 'total']} value={period} onChange={setPeriod} allowDeselect={false}
                    disabled={budget === ''} />
          </Group>
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

function RevokeModal({ apiKey, onClose, onRevoked }: { apiKey: ApiKey | null; onClose: () => void; onRevoked: () => void }) {
  const { busy, error, setError, run } = useAction();

  async function revoke() {
    if (!apiKey) {
      return;
    }
    await run(async () => {
      await del(`/api_keys/${apiKey.id}`);
      notifications.show({ color: 'yellow', title: 'API key revoked', message: apiKey.name });
      onRevoked();
      onClose();
    });
  }

  return (
    <Modal opened={apiKey !== null} onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Revoke "${apiKey?.name}"?`}>
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Text size="sm">Requests with this key are refused from now on, for good.</Text>
        <DialogActions onCancel={onClose}>
          <Button color="red" loading={busy} onClick={revoke}>
            Revoke the key
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
