import { Group, Paper, Table, Text, Timeline, Title } from '@mantine/core';
import type { InstanceDetail, InstanceHistoryEntry, InstanceStatus } from '../../api';
import { when } from '../../format';
import { StatusBadge } from '../StatusBadge';
import { between, duration } from './duration';

interface Stay {
  status: InstanceStatus;
  entered: InstanceHistoryEntry;
  left: string | null;
}

/** The statuses the instance went through, each with when it left it; the last one has not been left. */
function stays(instance: InstanceDetail): Stay[] {
  const out: Stay[] = [];
  for (const entry of instance.history) {
    const last = out[out.length - 1];
    if (last && last.status === entry.status) continue;
    if (last) last.left = entry.at;
    out.push({ status: entry.status, entered: entry, left: null });
  }
  return out;
}

/** The instance's life as the statuses it went through, each with how long it stayed there; the last is current, or final once it ended. */
export function StateTimeline({ instance }: { instance: InstanceDetail }) {
  const timeline = stays(instance);
  return (
    <Paper withBorder p="md" h="100%">
      <Title order={3} size="h4" mb="sm" id="state-history-title">
        State history
      </Title>
      <Timeline active={timeline.length - 1} bulletSize={14} lineWidth={2} aria-labelledby="state-history-title" data-testid="state-history">
        {timeline.map((stay, n) => (
          <Timeline.Item key={n} title={
            <Group gap="xs">
              <StatusBadge status={stay.status} />
              <Text size="sm" c="dimmed">
                {stay.left !== null ? `for ${duration(between(stay.entered.at, stay.left))}` : instance.finished_at ? 'final' : 'current'}
              </Text>
            </Group>
          }>
            <Text size="xs" c="dimmed">
              {when(stay.entered.at)} · {stay.entered.event_type} by {stay.entered.actor_name ?? stay.entered.actor}
              {stay.entered.reason ? ` · ${stay.entered.reason}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}

/** Every recorded step of the instance's life, with who did it and why. */
export function HistoryTable({ instance }: { instance: InstanceDetail }) {
  return (
    <>
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
  );
}
