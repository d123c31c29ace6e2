import { ActionIcon, Button, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, del, put, type InstanceType, type ModelServiceDetail, type Placement, type ScalingPolicy, type Zone } from '../api';
import { ProblemAlert } from './ProblemAlert';
import { DialogActions } from './DialogActions';

const MAX_PLACEMENTS = 5;

/** A placement in words: zone / instance type (the ids when the catalog does not know them). */
export function placementName(p: Placement, zones: Zone[], types: InstanceType[]): string {
  const zone = zones.find((z) => z.id === p.zone_id);
  const type = types.find((t) => t.id === p.instance_type_id);
  return `${zone?.code ?? p.zone_id} / ${type?.code ?? p.instance_type_id}`;
}

type Num = number | string;

interface Draft {
  placements: { zone_id: string | null; instance_type_id: string | null }[];
  min: Num;
  max: Num;
  queued: Num;
  ttft: Num;
  kv: Num;
  up: Num;
  down: Num;
  zero: Num;
}

function draftOf(policy: ScalingPolicy | null): Draft {
  const n = (v: number | null | undefined): Num => (v == null ? '' : v);
  return {
    placements: policy?.placements.map((p) => ({ ...p })) ?? [{ zone_id: null, instance_type_id: null }],
    min: policy ? policy.min_instances : 0,
    max: policy ? policy.max_instances : 1,
    queued: n(policy?.queued_per_instance),
    ttft: n(policy?.ttft_p95_ms),
    kv: n(policy?.kv_cache_percent),
    up: n(policy?.scale_up_cooldown_seconds),
    down: n(policy?.scale_down_cooldown_seconds),
    zero: n(policy?.scale_to_zero_after_seconds),
  };
}

const num = (v: Num): number | null => (v === '' || v === undefined ? null : Number(v));

/**
 * Where the service's instances run (zone, then the types offered there, in order of preference), how many,
 * and what adds one. The platform checks it all (types against the model, min against max) and says what is wrong.
 */
export function ScalingPolicyEditor({ service, zones, types, onChanged }: {
  service: ModelServiceDetail; zones: Zone[]; types: InstanceType[]; onChanged: (s: ModelServiceDetail) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(service.scaling));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, removeDialog] = useDisclosure();
  const policyKey = JSON.stringify(service.scaling);

  // when the policy changes (here or elsewhere), the form starts from it again
  useEffect(() => setDraft(draftOf(service.scaling)), [policyKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function setPlacement(n: number, change: Partial<Draft['placements'][number]>) {
    setDraft((d) => ({ ...d, placements: d.placements.map((p, i) => (i === n ? { ...p, ...change } : p)) }));
  }

  function move(n: number, by: number) {
    setDraft((d) => {
      const placements = [...d.placements];
      [placements[n], placements[n + by]] = [placements[n + by], placements[n]];
      return { ...d, placements };
    });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const changed = await put<ModelServiceDetail>(`/model_services/${encodeURIComponent(service.id)}/scaling`, {
        placements: draft.placements,
        min_instances: num(draft.min),
        max_instances: num(draft.max),
        queued_per_instance: num(draft.queued),
        ttft_p95_ms: num(draft.ttft),
        kv_cache_percent: num(draft.kv),
        scale_up_cooldown_seconds: num(draft.up),
        scale_down_cooldown_seconds: num(draft.down),
        scale_to_zero_after_seconds: num(draft.zero),
      });
      onChanged(changed);
      notifications.show({ color: 'green', title: 'Scaling policy saved', message: `${changed.name} scales from ${changed.scaling?.min_instances} to ${changed.scaling?.max_instances} instances` });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const changed = await del<ModelServiceDetail>(`/model_services/${encodeURIComponent(service.id)}/scaling`);
      onChanged(changed);
      removeDialog.close();
      notifications.show({ color: 'yellow', title: 'Scaling policy removed', message: `${changed.name} now runs on the instances deployed by hand` });
    } catch (e) {
      removeDialog.close();
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const activeZones = zones.filter((z) => z.active);

  return (
    <Paper withBorder p="md" component="form" onSubmit={save} aria-label="Scaling policy editor">
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Text fw={500} size="sm">Placements, in order of preference</Text>
        {draft.placements.map((p, n) => {
          const offered = types.filter((t) => t.active && p.zone_id !== null && t.zone_ids.includes(p.zone_id));
          return (
            <Group key={n} align="flex-end" wrap="nowrap" role="group" aria-label={`Placement ${n + 1}`}>
              <Text size="sm" w={20}>{n + 1}.</Text>
              <Select label={`Zone ${n + 1}`} placeholder="Zone" w={220} required searchable allowDeselect={false}
                      data={activeZones.map((z) => ({ value: z.id, label: `${z.code} · ${z.name}` }))} value={p.zone_id}
                      onChange={(zone) => setPlacement(n, {
                        zone_id: zone,
                        instance_type_id: types.some((t) => t.id === p.instance_type_id && zone !== null && t.zone_ids.includes(zone)) ? p.instance_type_id : null,
                      })} />
              <Select label={`Instance type ${n + 1}`} placeholder={p.zone_id ? 'Instance type' : 'Pick the zone first'} w={300} required searchable
                      allowDeselect={false} disabled={!p.zone_id}
                      data={offered.map((t) => ({ value: t.id, label: `${t.code} · ${t.total_vram_gb} GB VRAM · ${t.hourly_price_eur} EUR/h` }))}
                      value={p.instance_type_id} onChange={(type) => setPlacement(n, { instance_type_id: type })} />
              <ActionIcon variant="default" size="lg" aria-label={`Move placement ${n + 1} up`} disabled={n === 0} onClick={() => move(n, -1)}>
                ↑
              </ActionIcon>
              <ActionIcon variant="default" size="lg" aria-label={`Move placement ${n + 1} down`} disabled={n === draft.placements.length - 1}
                          onClick={() => move(n, 1)}>
                ↓
              </ActionIcon>
              <ActionIcon variant="light" color="red" size="lg" aria-label={`Remove placement ${n + 1}`} disabled={draft.placements.length === 1}
                          onClick={() => setDraft((d) => ({ ...d, placements: d.placements.filter((_, i) => i !== n) }))}>
                ×
              </ActionIcon>
            </Group>
          );
        })}
        <Group>
          <Button variant="default" size="xs" disabled={draft.placements.length >= MAX_PLACEMENTS}
                  onClick={() => setDraft((d) => ({ ...d, placements: [...d.placements, { zone_id: null, instance_type_id: null }] }))}>
            Add a placement
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <NumberInput label="Minimum instances" description="0 lets it scale to zero" min={0} allowDecimal={false} required value={draft.min} onChange={set('min')} />
          <NumberInput label="Maximum instances" min={1} allowDecimal={false} required value={draft.max} onChange={set('max')} />
          <NumberInput label="Queued requests per instance" description="A target: more adds an instance" min={1} allowDecimal={false} value={draft.queued} onChange={set('queued')} />
          <NumberInput label="TTFT p95 target (ms)" min={1} allowDecimal={false} value={draft.ttft} onChange={set('ttft')} />
          <NumberInput label="KV cache target (%)" min={1} max={100} allowDecimal={false} value={draft.kv} onChange={set('kv')} />
          <NumberInput label="Scale-up cooldown (s)" description="60 when left empty" min={0} allowDecimal={false} value={draft.up} onChange={set('up')} />
          <NumberInput label="Scale-down cooldown (s)" description="300 when left empty" min={0} allowDecimal={false} value={draft.down} onChange={set('down')} />
          <NumberInput label="Scale to zero after (s idle)" description="With minimum 0; 900 when left empty" min={0} allowDecimal={false} value={draft.zero} onChange={set('zero')} />
        </SimpleGrid>
        <Group justify="flex-end">
          {service.scaling && (
            <Button variant="light" color="red" onClick={removeDialog.open}>
              Remove scaling policy
            </Button>
          )}
          <Button type="submit" loading={busy}>
            Save scaling policy
          </Button>
        </Group>
      </Stack>
      <Modal opened={removing} onClose={removeDialog.close} closeButtonProps={{ 'aria-label': 'Close' }} title="Remove the scaling policy?">
        <Stack>
          <Text size="sm">The service then runs only on the instances deployed by hand; the platform no longer adds or removes any for it.</Text>
          <DialogActions onCancel={removeDialog.close}>
            <Button color="red" loading={busy} onClick={remove}>
              Remove policy
            </Button>
          </DialogActions>
        </Stack>
      </Modal>
    </Paper>
  );
}
