import { Anchor, Badge, Button, DataList, Group, Modal, Paper, Progress, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, del, type InstanceDetail } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { useResource } from '../resource';
import { useAction } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { ENDING, StatusBadge } from '../components/StatusBadge';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

/** One instance: where it runs, how far it got, who did what to it; and the way to end it. */
export function InstanceDetailPage() {
  const { id = '' } = useParams();
  const { data: instance, error, reload: load } = useResource(() => api<InstanceDetail>(`/instances/${encodeURIComponent(id)}`), [id]);
  const [confirming, confirm] = useDisclosure();


  // each change of this instance adds to its history: read it again (the event carries the status, not the history row's actor)
  const [stream, reconnect] = useEventStream(['instances'], { ready: load, instance: load }, id);

  const phases = instance?.history.filter((h) => h.event_type === 'InstallPhaseReached') ?? [];

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
          <Paper withBorder p="md">
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
          {phases.length > 0 && (
            <Group gap="xs" aria-label="Install phases">
              <Text size="sm" fw={500}>
                Install phases:
              </Text>
              {phases.map((p, n) => (
                <Badge key={n} variant="light" color={n === phases.length - 1 ? 'blue' : 'gray'}>
                  {p.reason?.replace(/^installation attempt \d+: /, '')}
                </Badge>
              ))}
            </Group>
          )}
          <Title order={3}>History</Title>
          <Table.ScrollContainer minWidth={800}>
            <Table striped aria-label="History" data-testid="instance-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Progress</Table.Th>
                  <Table.Th>Actor</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {instance.history.map((h, n) => (
                  <Table.Tr key={n}>
                    <Table.Td>{when(h.at)}</Table.Td>
                    <Table.Td>{h.event_type}</Table.Td>
                    <Table.Td>{h.status}</Table.Td>
                    <Table.Td>{h.progress} %</Table.Td>
                    <Table.Td title={h.actor}>{h.actor_name ?? h.actor}</Table.Td>
                    <Table.Td>{h.reason ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy}>
              Terminate instance
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
