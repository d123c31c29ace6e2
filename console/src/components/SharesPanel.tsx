import { Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, del, patch, post, type ModelServiceDetail, type Organization, type Share } from '../api';
import { when } from '../format';
import { useResource } from '../resource';
import { useAction } from '../resource';
import { ProblemAlert } from './ProblemAlert';
import { DialogActions } from './DialogActions';

const STATUS_COLOR: Record<Share['status'], string> = { active: 'green', paused: 'yellow', revoked: 'gray' };

type Dialog = { kind: 'grant' } | { kind: 'price' | 'pause' | 'revoke'; share: Share } | null;

/**
 * The organizations this service is offered to, each at its own price: grant, re-price, pause, resume, revoke.
 * `version` changes when the live stream says something happened to the service.
 */
export function SharesPanel({ service, version }: { service: ModelServiceDetail; version: number }) {
  const { data: shares, error, reload } = useResource(
    () => api<{ items: Share[] }>(`/shares?model_service_id=${service.id}`).then((loaded) => loaded.items),
    [service.id, version]);
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [orgError, setOrgError] = useState<ApiError | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  useEffect(() => {
    api<Organization[]>('/organizations').then(setOrganizations, (e: ApiError) => setOrgError(e));
  }, []);

  const orgName = (id: string) => organizations.find((o) => o.id === id)?.name ?? id;
  const close = () => setDialog(null);
  const done = () => {
    close();
    reload();
  };

  async function resume(share: Share) {
    setActionError(null);
    try {
      await post(`/shares/${share.id}/resume`, {});
      notifications.show({ color: 'green', title: 'Share resumed', message: `${orgName(share.consumer_organization_id)} may call ${share.model_service_name} again` });
      reload();
    } catch (e) {
      setActionError(e as ApiError);
    }
  }

  const retired = service.status === 'retired';

  return (
    <Stack>
      <ProblemAlert error={error} />
      <ProblemAlert error={orgError} />
      <ProblemAlert error={actionError} onClose={() => setActionError(null)} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          An organization it is shared with may call it, private or not, at the share&apos;s price.
        </Text>
        {!retired && (
          <Button size="xs" onClick={() => setDialog({ kind: 'grant' })}>
            Share with an organization
          </Button>
        )}
      </Group>
      {shares && shares.length === 0 && <Text c="dimmed">Not shared with any organization.</Text>}
      {shares && shares.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Shares" data-testid="shares-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Prompt EUR / 1k tokens</Table.Th>
                <Table.Th>Completion EUR / 1k tokens</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shares.map((share) => {
                const org = orgName(share.consumer_organization_id);
                return (
                  <Table.Tr key={share.id}>
                    <Table.Td>{org}</Table.Td>
                    <Table.Td>{share.prompt_price_per_1k_eur}</Table.Td>
                    <Table.Td>{share.completion_price_per_1k_eur}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[share.status]} variant="light" title={share.pause_reason ?? undefined}>
                        {share.status}
                      </Badge>
                      {share.pause_reason && <Text size="xs" c="dimmed">{share.pause_reason}</Text>}
                    </Table.Td>
                    <Table.Td>{when(share.created_at)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="default" aria-label={`Change the price for ${org}`}
                                onClick={() => setDialog({ kind: 'price', share })}>
                          Change price
                        </Button>
                        {share.status === 'active' && (
                          <Button size="compact-xs" variant="default" aria-label={`Pause the share with ${org}`}
                                  onClick={() => setDialog({ kind: 'pause', share })}>
                            Pause
                          </Button>
                        )}
                        {share.status === 'paused' && (
                          <Button size="compact-xs" variant="default" aria-label={`Resume the share with ${org}`} onClick={() => resume(share)}>
                            Resume
                          </Button>
                        )}
                        <Button size="compact-xs" variant="light" color="red" aria-label={`Revoke the share with ${org}`}
                                onClick={() => setDialog({ kind: 'revoke', share })}>
                          Revoke
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <GrantModal opened={dialog?.kind === 'grant'} service={service} onClose={close} onDone={done}
                  organizations={organizations.filter((o) => o.id !== service.organization_id
                    && !shares?.some((s) => s.consumer_organization_id === o.id))} />
      {dialog && dialog.kind === 'price' && <PriceModal share={dialog.share} org={orgName(dialog.share.consumer_organization_id)} onClose={close} onDone={done} />}
      {dialog && dialog.kind === 'pause' && <PauseModal share={dialog.share} org={orgName(dialog.share.consumer_organization_id)} onClose={close} onDone={done} />}
      {dialog && dialog.kind === 'revoke' && <RevokeModal share={dialog.share} org={orgName(dialog.share.consumer_organization_id)} onClose={close} onDone={done} />}
    </Stack>
  );
}

/** Runs a change, keeping its failure to be shown in the dialog. */
function useSubmit(change: () => Promise<void>) {
  const { busy, error, setError, run } = useAction();
  async function submit(event?: FormEvent) {
    event?.preventDefault();
    await run(change);
  }
  return { error, setError, busy, submit };
}

const price = (v: number | string) => (v === '' ? null : String(v));

function GrantModal({ opened, service, organizations, onClose, onDone }: {
  opened: boolean; service: ModelServiceDetail; organizations: Organization[]; onClose: () => void; onDone: () => void;
}) {
  const [consumer, setConsumer] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<number | string>('');
  const [completion, setCompletion] = useState<number | string>('');
  const { error, setError, busy, submit } = useSubmit(async () => {
    await post<Share>('/shares', {
      model_service_id: service.id,
      consumer_organization_id: consumer,
      prompt_price_per_1k_eur: price(prompt),
      completion_price_per_1k_eur: price(completion),
    });
    notifications.show({ color: 'green', title: 'Model service shared', message: `${service.name} is shared` });
    reset();
    onDone();
  });
  function reset() {
    setConsumer(null);
    setPrompt('');
    setCompletion('');
    setError(null);
  }

  return (
    <Modal opened={opened} onClose={() => { reset(); onClose(); }} closeButtonProps={{ 'aria-label': 'Close' }} title={`Share ${service.name}`}>
      <form onSubmit={submit}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Select label="Organization" required searchable data={organizations.map((o) => ({ value: o.id, label: o.name }))}
                  value={consumer} onChange={setConsumer} nothingFoundMessage="No other organization" />
          <NumberInput label="Prompt price (EUR per 1 000 tokens)" description={`The service's own (${service.prompt_price_per_1k_eur}) when left empty`}
                       min={0} decimalScale={6} value={prompt} onChange={setPrompt} />
          <NumberInput label="Completion price (EUR per 1 000 tokens)"
                       description={`The service's own (${service.completion_price_per_1k_eur}) when left empty`}
                       min={0} decimalScale={6} value={completion} onChange={setCompletion} />
          <DialogActions onCancel={() => { reset(); onClose(); }}>
            <Button type="submit" loading={busy}>
              Share
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

function PriceModal({ share, org, onClose, onDone }: { share: Share; org: string; onClose: () => void; onDone: () => void }) {
  const [prompt, setPrompt] = useState<number | string>(share.prompt_price_per_1k_eur);
  const [completion, setCompletion] = useState<number | string>(share.completion_price_per_1k_eur);
  const { error, setError, busy, submit } = useSubmit(async () => {
    await patch<Share>(`/shares/${share.id}`, { prompt_price_per_1k_eur: price(prompt), completion_price_per_1k_eur: price(completion) });
    notifications.show({ color: 'green', title: 'Share price changed', message: `In force from now for ${org}` });
    onDone();
  });
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Price for ${org}`}>
      <form onSubmit={submit}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <NumberInput label="Prompt price (EUR per 1 000 tokens)" min={0} decimalScale={6} value={prompt} onChange={setPrompt} data-autofocus />
          <NumberInput label="Completion price (EUR per 1 000 tokens)" min={0} decimalScale={6} value={completion} onChange={setCompletion} />
          <DialogActions onCancel={onClose}>
            <Button type="submit" loading={busy}>
              Change price
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

function PauseModal({ share, org, onClose, onDone }: { share: Share; org: string; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { error, setError, busy, submit } = useSubmit(async () => {
    await post<Share>(`/shares/${share.id}/pause`, { reason: reason || null });
    notifications.show({ color: 'yellow', title: 'Share paused', message: `${org} is treated as any other organization until it is resumed` });
    onDone();
  });
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Pause the share with ${org}?`}>
      <form onSubmit={submit}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Text size="sm">Until it is resumed, {org} is treated as any other organization.</Text>
          <Textarea label="Reason" maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <DialogActions onCancel={onClose}>
            <Button type="submit" color="yellow" loading={busy}>
              Pause share
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

function RevokeModal({ share, org, onClose, onDone }: { share: Share; org: string; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('revoked by the provider');
  const { error, setError, busy, submit } = useSubmit(async () => {
    await del<Share>(`/shares/${share.id}?reason=${encodeURIComponent(reason)}`);
    notifications.show({ color: 'yellow', title: 'Share revoked', message: `${org} may no longer call ${share.model_service_name} under it` });
    onDone();
  });
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Revoke the share with ${org}?`}>
      <form onSubmit={submit}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Text size="sm">For good: the usage already charged under it stays. This cannot be undone.</Text>
          <Textarea label="Reason" maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <DialogActions onCancel={onClose}>
            <Button type="submit" color="red" loading={busy}>
              Revoke share
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
