import { Anchor, Button, Center, DataList, Grid, Group, Loader, Modal, Paper, Progress, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useCallback, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, del, type InstanceDetail } from '../api';
import { InstallPhases } from '../components/instance/InstallPhases';
import { HistoryTable, StateTimeline } from '../components/instance/StateHistory';
import { LiveIndicator } from '../components/LiveIndicator';
import { useResource } from '../resource';
import { useAction } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { ENDING, StatusBadge } from '../components/StatusBadge';
import { useEventStream } from '../events';
import type { MetricsPoint } from '../audit-api';
import { shortId, when } from '../format';
import { DialogActions } from '../components/DialogActions';

// the charts weigh as much as the rest of the console: they load when an instance's page is first opened
const MetricsCharts = lazy(() => import('../components/instance/MetricsCharts'));
/** Heartbeats kept for the charts: an hour's worth at most. */
const KEPT_BEATS = 720;

/** One instance: where it runs, how far it got, its install phases and metrics, who did what to it; and the way to end it. */
export function InstanceDetailPage() {
  const { id = '' } = useParams();
  const { data: instance, error, reload } = useResource(() => api<InstanceDetail>(`/instances/${encodeURIComponent(id)}`), [id]);
  const [confirming, confirm] = useDisclosure();
  // counts the changes seen live, so that the install phases are read again with the instance
  const [version, setVersion] = useState(0);

  // each change of this instance adds to its history: read it again (the event carries the status, not the history row's actor)
  const load = useCallback(() => {
    reload();
    setVersion((n) => n + 1);
  }, [reload]);
  // one stream for the page: the instance's changes, and its heartbeats for the charts (read again, with them, on each `ready`)
  const [beats, setBeats] = useState<MetricsPoint[]>([]);
  const [connections, setConnections] = useState(0);
  const [stream, reconnect] = useEventStream(['instances', 'metrics'], {
    ready: () => {
      load();
      setConnections((n) => n + 1);
    },
    instance: load,
    metrics: (beat) => setBeats((received) => [...received.slice(-(KEPT_BEATS - 1)), beat as MetricsPoint]),
  }, id);

  return (
    <Stack>
      <Anchor component={Link} to="/instances" size="sm">
        ← Instances
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={2}>Instance {shortId(id)}</Title>
          {instance && <StatusBadge status={instance.status} reason={instance.last_reason} />}
        </Group>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          {instance && (
            <Button color="red" variant="light" onClick={confirm.open} disabled={ENDING.includes(instance.status)}>
              Terminate
            </Button>
          )}
        </Group>
      </Group>
      <ProblemAlert error={error} />
      {instance && (
        <>
          <Progress value={instance.progress} size="lg" aria-label={`Progress: ${instance.progress} %`} />
          <Grid align="stretch">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder p="md" h="100%">
                <DataList labelWidth={160} aria-label="Instance details">
                  <Item label="Model">{instance.model_id}</Item>
                  <Item label="Instance type">{instance.instance_type_code}</Item>
                  <Item label="Zone">{`${instance.zone_code} (${instance.provider_code})`}</Item>
                  <Item label="Progress">{`${instance.progress} %`}</Item>
                  {instance.install_phase && <Item label="Install phase">{instance.install_phase}</Item>}
                  {instance.last_reason && <Item label="Last reason">{instance.last_reason}</Item>}
                  {instance.failure_reason && <Item label="Failure">{instance.failure_reason}</Item>}
                  <Item label="Requested by">{instance.requested_by_name ?? instance.requested_by ?? '—'}</Item>
                  <Item label="Created">{when(instance.created_at)}</Item>
                  {instance.ready_at && <Item label="Ready since">{when(instance.ready_at)}</Item>}
                  {instance.finished_at && <Item label="Finished">{when(instance.finished_at)}</Item>}
                  <Item label="Server">{instance.server_id ?? '—'}</Item>
                  {instance.ip_address && <Item label="Address">{instance.ip_address}</Item>}
                  {instance.engine_kind && <Item label="Engine">{instance.engine_kind}</Item>}
                  <Item label="Instance id">{instance.id}</Item>
                </DataList>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <StateTimeline instance={instance} />
            </Grid.Col>
          </Grid>
          <Suspense fallback={<Center h={120}><Loader aria-label="Loading the metrics" /></Center>}>
            <MetricsCharts instanceId={id} beats={beats} connections={connections} stream={stream} onReconnect={reconnect} />
          </Suspense>
          <InstallPhases instanceId={id} status={instance.status} version={version} />
          <HistoryTable instance={instance} />
        </>
      )}
      <TerminateModal id={id} opened={confirming} onClose={confirm.close} />
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: string }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** Terminating drains the instance and deletes its machine: asked once more, with a reason for the history. */
function TerminateModal({ id, opened, onClose }: { id: string; opened: boolean; onClose: () => void }) {
  const [reason, setReason] = useState('no longer needed');
  const { busy, error, setError, run } = useAction();

  async function terminate(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await del(`/instances/${encodeURIComponent(id)}?reason=${encodeURIComponent(reason)}`);
      notifications.show({ color: 'yellow', title: 'Termination requested', message: `Instance ${shortId(id)} is being drained and deleted` });
      onClose();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Terminate instance ${shortId(id)}?`}>
      <form onSubmit={terminate}>
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Text size="sm">
            Requests in flight finish, then its server and volumes are deleted at the provider. This cannot be undone.
          </Text>
          <Textarea label="Reason" description="Kept in the instance's history" maxLength={500} value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)} />
          <DialogActions onCancel={onClose}>
            <Button type="submit" color="red" loading={busy}>
              Terminate instance
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
