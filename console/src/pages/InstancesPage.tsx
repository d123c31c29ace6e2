import { Anchor, Button, Group, Pagination, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Instance, type InstanceChange, type Page } from '../api';
import { DeployDialog } from '../components/DeployDialog';
import { LiveIndicator } from '../components/LiveIndicator';
import { useResource } from '../resource';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusBadge } from '../components/StatusBadge';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

const SIZE = 50;

/** The instances not archived, newest first, following their transitions live. */
export function InstancesPage() {
  const [page, setPage] = useState(1);
  const { data, setData, error, reload: load } = useResource(() => api<Page<Instance>>(`/instances?page=${page - 1}&size=${SIZE}`), [page]);
  const [deploying, deployDialog] = useDisclosure();
  const shown = useRef<Page<Instance> | null>(null);
  shown.current = data;


  const [stream, reconnect] = useEventStream(['instances'], {
    // each (re)connection: what happened while the stream was not there is read once
    ready: load,
    instance: (data) => {
      const change = data as InstanceChange;
      const known = shown.current?.items.some((i) => i.id === change.instance_id);
      if (!known) {
        // a new instance: its model, type and zone are in the list, not in the event
        load();
      } else if (change.event === 'InstanceArchived') {
        setData((d) => d && { ...d, items: d.items.filter((i) => i.id !== change.instance_id), total: d.total - 1 });
      } else {
        setData((d) => d && {
          ...d,
          items: d.items.map((i) => i.id === change.instance_id
            ? { ...i, status: change.status, progress: change.progress, last_reason: change.reason ?? i.last_reason, updated_at: change.at }
            : i),
        });
      }
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Instances</Title>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          <Button onClick={deployDialog.open}>Deploy a model</Button>
        </Group>
      </Group>
      <DeployDialog opened={deploying} onClose={deployDialog.close} />
      <ProblemAlert error={error} />
      {data && data.items.length === 0 && (
        <Text c="dimmed" data-testid="instances-empty">
          No instances. A deployment appears here as soon as it is asked for.
        </Text>
      )}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label="Instances" data-testid="instances-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Instance</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Zone</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Progress</Table.Th>
                <Table.Th>Last change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((instance) => (
                <Table.Tr key={instance.id}>
                  <Table.Td title={instance.id} ff="monospace">
                    <Anchor component={Link} to={`/instances/${instance.id}`} aria-label={`Instance ${shortId(instance.id)}`}>
                      {shortId(instance.id)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={instance.status} reason={instance.last_reason} />
                  </Table.Td>
                  <Table.Td>{instance.model_id}</Table.Td>
                  <Table.Td>{instance.zone_code}</Table.Td>
                  <Table.Td>{instance.instance_type_code}</Table.Td>
                  <Table.Td miw={120}>
                    <Progress value={instance.progress} aria-label={`Progress of ${shortId(instance.id)}: ${instance.progress} %`} />
                  </Table.Td>
                  <Table.Td>{when(instance.updated_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data && data.total > SIZE && (
        <Pagination total={Math.ceil(data.total / SIZE)} value={page} onChange={setPage} aria-label="Pages of instances" />
      )}
    </Stack>
  );
}
