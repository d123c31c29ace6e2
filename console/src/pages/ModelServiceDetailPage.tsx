import { Anchor, Badge, Button, DataList, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  api, ApiError, del, patch, type ActionLogSearch, type ActionRecorded, type ActionType, type InstanceType, type ModelServiceDetail, type Zone,
} from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { useAction } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { ScalingPolicyEditor, placementName } from '../components/ScalingPolicyEditor';
import { SharesPanel } from '../components/SharesPanel';
import { useEventStream } from '../events';
import { when } from '../format';
import { useResource } from '../resource';
import { DialogActions } from '../components/DialogActions';

const DECISIONS: Record<string, { label: string; color: string }> = {
  scale_up: { label: 'Scale up', color: 'blue' },
  scale_down: { label: 'Scale down', color: 'violet' },
  scale_up_blocked: { label: 'Scale-up blocked', color: 'red' },
};

/** One model service: its price and visibility, its scaling policy and decisions, its shares; and the way to retire it. */
export function ModelServiceDetailPage() {
  const { id = '' } = useParams();
  const path = `/model_services/${encodeURIComponent(id)}`;
  const { data: service, setData: setService, error, reload } = useResource(() => api<ModelServiceDetail>(path), [path]);
  const decisions = useResource(
    () => api<ActionLogSearch>(`/action_logs/search?component=scaling&q=${encodeURIComponent(id)}&size=20`), [id]);
  const [zones, setZones] = useState<Zone[]>([]);
  const [types, setTypes] = useState<InstanceType[]>([]);
  const [actionTypes, setActionTypes] = useState<Record<string, ActionType>>({});
  const [catalogError, setCatalogError] = useState<ApiError | null>(null);
  const [retiring, retireDialog] = useDisclosure();
  const [sharesVersion, setSharesVersion] = useState(0);

  useEffect(() => {
    Promise.all([api<Zone[]>('/zones'), api<InstanceType[]>('/instance_types'), api<ActionType[]>('/action_types')]).then(
      ([z, t, a]) => {
        setZones(z);
        setTypes(t);
        setActionTypes(Object.fromEntries(a.map((x) => [x.code, x])));
      },
      (e: ApiError) => setCatalogError(e),
    );
  }, []);

  // many actions may arrive at once (a scaling round): read again once they have settled
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  function soon(fn: () => void) {
    clearTimeout(timer.current);
    timer.current = setTimeout(fn, 300);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: () => {
      reload();
      decisions.reload();
      setSharesVersion((n) => n + 1);
    },
    action: (data) => {
      const action = data as ActionRecorded;
      const metadata = action.metadata ? JSON.stringify(action.metadata) : '';
      if (!metadata.includes(id) && !(action.reason ?? '').includes(id)) {
        return;
      }
      soon(() => {
        reload();
        if (action.component === 'scaling') {
          decisions.reload();
        }
        setSharesVersion((n) => n + 1);
      });
    },
  });

  return (
    <Stack>
      <Anchor component={Link} to="/model-services" size="sm">
        ← Model services
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{service ? service.name : 'Model service'}</Title>
          {service && (
            <Badge color={service.status === 'retired' ? 'gray' : 'green'} variant="light">
              {service.status}
            </Badge>
          )}
        </Group>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          {service && service.status !== 'retired' && (
            <Button color="red" variant="light" onClick={retireDialog.open}>
              Retire
            </Button>
          )}
        </Group>
      </Group>
      <ProblemAlert error={error} />
      <ProblemAlert error={catalogError} />
      {service && (
        <>
          <Paper withBorder p="md">
            <DataList labelWidth={200} aria-label="Model service details">
              <Item label="Name">{service.name}</Item>
              <Item label="Model">{service.model_id}</Item>
              <Item label="Visibility">{service.visibility}</Item>
              <Item label="Prompt price">{`${service.prompt_price_per_1k_eur} EUR / 1k tokens`}</Item>
              <Item label="Completion price">{`${service.completion_price_per_1k_eur} EUR / 1k tokens`}</Item>
              <Item label="Desired instances">{service.desired_instances == null ? '—' : String(service.desired_instances)}</Item>
              <Item label="Last scaling decision">
                {service.last_scaling
                  ? `${DECISIONS[service.last_scaling.decision]?.label ?? service.last_scaling.decision} at ${when(service.last_scaling.at)}`
                    + (service.last_scaling.reason ? `: ${service.last_scaling.reason}` : '')
                  : '—'}
              </Item>
              <Item label="Created">{when(service.created_at)}</Item>
              {service.retired_at && <Item label="Retired">{when(service.retired_at)}</Item>}
              <Item label="Model service id">{service.id}</Item>
            </DataList>
          </Paper>
          {service.status !== 'retired' && <ChangeServiceForm service={service} onChanged={setService} />}

          <Title order={3}>Scaling policy</Title>
          <PolicySummary service={service} zones={zones} types={types} />
          {service.status !== 'retired' && (
            <ScalingPolicyEditor service={service} zones={zones} types={types} onChanged={(s) => {
              setService(s);
              decisions.reload();
            }} />
          )}

          <Title order={3}>Scaling decisions</Title>
          <ProblemAlert error={decisions.error} />
          {decisions.data && decisions.data.items.length === 0 && <Text c="dimmed">No scaling decisions yet.</Text>}
          {decisions.data && decisions.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Scaling decisions" data-testid="scaling-decisions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Signals</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {decisions.data.items.map((entry) => {
                    const type = actionTypes[entry.action_type];
                    return (
                      <Table.Tr key={entry.event_id}>
                        <Table.Td>{when(entry.created_at)}</Table.Td>
                        <Table.Td>
                          <Badge color={entry.status === 'failure' ? 'red' : (type?.color ?? 'gray')} variant="light" title={entry.action_type}>
                            {type?.label ?? entry.action_type}
                          </Badge>
                        </Table.Td>
                        <Table.Td title={entry.actor ?? undefined}>{entry.actor_name ?? entry.actor ?? '—'}</Table.Td>
                        <Table.Td>{entry.reason ?? ''}</Table.Td>
                        <Table.Td>
                          <Signals value={entry.metadata?.signals} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}

          <Title order={3}>Shares</Title>
          <SharesPanel service={service} version={sharesVersion} />
        </>
      )}
      {service && <RetireModal service={service} opened={retiring} onClose={retireDialog.close} />}
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** The signals a decision was taken on, each measured one as a small badge (unmeasured ones left out). */
function Signals({ value }: { value: unknown }) {
  if (!value || typeof value !== 'object') {
    return <Text size="sm" c="dimmed">—</Text>;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  return (
    <Group gap={4}>
      {entries.map(([k, v]) => (
        <Badge key={k} variant="outline" color="gray" size="sm" tt="none">
          {`${k.replace(/_/g, ' ')}: ${typeof v === 'number' ? Math.round(v * 100) / 100 : String(v)}`}
        </Badge>
      ))}
    </Group>
  );
}

function PolicySummary({ service, zones, types }: { service: ModelServiceDetail; zones: Zone[]; types: InstanceType[] }) {
  const policy = service.scaling;
  if (!policy) {
    return <Text c="dimmed" data-testid="scaling-summary">No scaling policy: this service runs on the instances deployed by hand.</Text>;
  }
  const target = (v: number | null, unit: string) => (v == null ? '—' : `${v}${unit}`);
  return (
    <Paper withBorder p="md" data-testid="scaling-summary">
      <DataList labelWidth={220} aria-label="Scaling policy">
        <Item label="Placements">
          <Stack gap={2}>
            {policy.placements.map((p, n) => (
              <Text key={n} size="sm">{`${n + 1}. ${placementName(p, zones, types)}`}</Text>
            ))}
          </Stack>
        </Item>
        <Item label="Instances">{`${policy.min_instances} to ${policy.max_instances}`}</Item>
        <Item label="Queued requests per instance">{target(policy.queued_per_instance, '')}</Item>
        <Item label="TTFT p95 target">{target(policy.ttft_p95_ms, ' ms')}</Item>
        <Item label="KV cache target">{target(policy.kv_cache_percent, ' %')}</Item>
        <Item label="Cooldowns">{`${target(policy.scale_up_cooldown_seconds, ' s')} up, ${target(policy.scale_down_cooldown_seconds, ' s')} down`}</Item>
        <Item label="Scale to zero after">{policy.min_instances === 0 ? target(policy.scale_to_zero_after_seconds, ' s idle') : 'never (min > 0)'}</Item>
      </DataList>
    </Paper>
  );
}

/** Visibility and prices: a new price is in force from now. */
function ChangeServiceForm({ service, onChanged }: { service: ModelServiceDetail; onChanged: (s: ModelServiceDetail) => void }) {
  const [visibility, setVisibility] = useState<string | null>(service.visibility);
  const [prompt, setPrompt] = useState<number | string>(service.prompt_price_per_1k_eur);
  const [completion, setCompletion] = useState<number | string>(service.completion_price_per_1k_eur);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    setVisibility(service.visibility);
    setPrompt(service.prompt_price_per_1k_eur);
    setCompletion(service.completion_price_per_1k_eur);
  }, [service.visibility, service.prompt_price_per_1k_eur, service.completion_price_per_1k_eur]);

  async function save(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const changed = await patch<ModelServiceDetail>(`/model_services/${encodeURIComponent(service.id)}`, {
        visibility,
        prompt_price_per_1k_eur: prompt === '' ? null : String(prompt),
        completion_price_per_1k_eur: completion === '' ? null : String(completion),
      });
      onChanged(changed);
      notifications.show({ color: 'green', title: 'Model service changed', message: `${changed.name} is ${changed.visibility.toLowerCase()}` });
    });
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={save} aria-label="Change visibility and prices">
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Group align="flex-end" wrap="wrap">
          <Select label="Visibility" w={180} allowDeselect={false} value={visibility} onChange={setVisibility}
                  data={[{ value: 'PRIVATE', label: 'Private' }, { value: 'UNLISTED', label: 'Unlisted' }, { value: 'PUBLIC', label: 'Public' }]} />
          <NumberInput label="Prompt price (EUR per 1 000 tokens)" min={0} decimalScale={6} w={260} value={prompt} onChange={setPrompt} />
          <NumberInput label="Completion price (EUR per 1 000 tokens)" min={0} decimalScale={6} w={280} value={completion} onChange={setCompletion} />
          <Button type="submit" loading={busy}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Retiring frees the name and ends the instances the policy started: asked once more. */
function RetireModal({ service, opened, onClose }: { service: ModelServiceDetail; opened: boolean; onClose: () => void }) {
  const { busy, error, setError, run } = useAction();
  const navigate = useNavigate();

  async function retire() {
    await run(async () => {
      await del(`/model_services/${encodeURIComponent(service.id)}`);
      notifications.show({ color: 'yellow', title: 'Model service retired', message: `${service.name} is no longer served` });
      onClose();
      navigate('/model-services');
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Retire ${service.name}?`}>
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Text size="sm">
          Its name is no longer served (it may be published again). The instances its scaling policy started are drained and
          deleted; instances deployed by hand stay. This cannot be undone.
        </Text>
        <DialogActions onCancel={onClose}>
          <Button color="red" loading={busy} onClick={retire}>
            Retire model service
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
