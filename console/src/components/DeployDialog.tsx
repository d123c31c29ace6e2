import { Button, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, post, type InstanceType, type Model, type Zone } from '../api';
import { shortId } from '../format';
import { useAction } from '../resource';
import { ProblemAlert } from './ProblemAlert';
import { DialogActions } from './DialogActions';

interface Catalog {
  zones: Zone[];
  types: InstanceType[];
  models: Model[];
}

/**
 * Asks for a deployment: a zone, then the instance types offered there, then the models whose VRAM
 * needs fit that type. The instance then appears in the live table by itself.
 */
export function DeployDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [zoneId, setZoneId] = useState<string | null>(null);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (!opened) {
      return;
    }
    Promise.all([api<Zone[]>('/zones'), api<InstanceType[]>('/instance_types'), api<Model[]>('/models?active=true')]).then(
      ([zones, types, models]) => setCatalog({ zones: zones.filter((z) => z.active), types: types.filter((t) => t.active), models }),
      (e: ApiError) => setError(e),
    );
  }, [opened]);

  const types = useMemo(() => catalog?.types.filter((t) => zoneId && t.zone_ids.includes(zoneId)) ?? [], [catalog, zoneId]);
  const type = types.find((t) => t.id === typeId);
  const models = useMemo(() => (type ? catalog?.models.filter((m) => m.required_vram_gb <= type.total_vram_gb) ?? [] : []), [catalog, type]);

  function close() {
    setZoneId(null);
    setTypeId(null);
    setModelId(null);
    setError(null);
    onClose();
  }

  async function deploy(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const accepted = await post<{ instance_id: string }>('/deployments', { model_id: modelId, instance_type_id: typeId, zone_id: zoneId });
      notifications.show({ color: 'green', title: 'Deployment requested', message: `${modelId} on ${type?.code}: instance ${shortId(accepted.instance_id)}` });
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Deploy a model" size="lg">
      <form onSubmit={deploy}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Select
            label="Zone"
            placeholder="Where the machine runs"
            required
            data={catalog?.zones.map((z) => ({ value: z.id, label: `${z.code} · ${z.name}` })) ?? []}
            value={zoneId}
            onChange={(v) => {
              setZoneId(v);
              setTypeId(null);
              setModelId(null);
            }}
          />
          <Select
            label="Instance type"
            placeholder={zoneId ? 'The machines offered in this zone' : 'Choose a zone first'}
            required
            disabled={!zoneId}
            nothingFoundMessage="No instance type in this zone"
            data={types.map((t) => ({
              value: t.id,
              label: `${t.code} · ${t.gpu_count}× ${t.gpu_model}, ${t.total_vram_gb} GB VRAM · ${t.hourly_price_eur} EUR/h`,
            }))}
            value={typeId}
            onChange={(v) => {
              setTypeId(v);
              setModelId(null);
            }}
          />
          <Select
            label="Model"
            placeholder={typeId ? 'The models that fit this type' : 'Choose an instance type first'}
            required
            searchable
            disabled={!typeId}
            nothingFoundMessage="No model fits this type"
            data={models.map((m) => ({ value: m.id, label: `${m.id} · needs ${m.required_vram_gb} GB` }))}
            value={modelId}
            onChange={setModelId}
          />
          {type && (
            <Text size="sm" c="dimmed">
              Billed {type.hourly_price_eur} EUR per hour from the moment the machine exists until it is deleted.
            </Text>
          )}
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy} disabled={!zoneId || !typeId || !modelId}>
              Deploy
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
