import { Badge, Button, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type ActionLogEntry, type ActionLogSearch, type ActionRecorded } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

const SIZE = 50;

interface ActionType {
  code: string;
  label: string;
  color: string;
  status: string;
}

/** Who did what, newest first; new entries arrive live on the first page. */
export function ActionLogPage() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ActionLogSearch | null>(null);
  const [types, setTypes] = useState<Record<string, ActionType>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [unseen, setUnseen] = useState(0);

  useEffect(() => {
    api<ActionType[]>('/action_types').then(
      (all) => setTypes(Object.fromEntries(all.map((t) => [t.code, t]))),
      (e: ApiError) => setError(e),
    );
  }, []);

  const load = useCallback(() => {
    api<ActionLogSearch>(`/action_logs/search?page=${page - 1}&size=${SIZE}`).then(
      (loaded) => {
        setData(loaded);
        setUnseen(0);
        setError(null);
      },
      (e: ApiError) => setError(e),
    );
  }, [page]);

  useEffect(load, [load]);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: load,
    action: (data) => {
      const action = data as ActionRecorded;
      if (page !== 1) {
        setUnseen((n) => n + 1);
        return;
      }
      setData((d) => d && !d.items.some((e) => e.event_id === action.id)
        ? { ...d, items: [toEntry(action, types[action.action_type]?.status), ...d.items].slice(0, SIZE), total: d.total + 1 }
        : d);
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Action log</Title>
        <Group>
          {unseen > 0 && (
            <Button size="compact-sm" variant="light" onClick={() => setPage(1)}>
              {unseen} new {unseen === 1 ? 'entry' : 'entries'}: show the latest
            </Button>
          )}
          <LiveIndicator state={stream} onReconnect={reconnect} />
        </Group>
      </Group>
      <ProblemAlert error={error} />
      {data && <Text size="sm" c="dimmed">{data.total} entries</Text>}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Action log" data-testid="action-log-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Component</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Instance</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((entry) => {
                const type = types[entry.action_type];
                return (
                  <Table.Tr key={entry.event_id}>
                    <Table.Td>{when(entry.created_at)}</Table.Td>
                    <Table.Td>
                      <Badge color={entry.status === 'failure' ? 'red' : (type?.color ?? 'gray')} variant="light" title={entry.action_type}>
                        {type?.label ?? entry.action_type}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{entry.component}</Table.Td>
                    <Table.Td title={entry.actor ?? undefined}>{entry.actor_name ?? entry.actor ?? '—'}</Table.Td>
                    <Table.Td title={entry.instance_id ?? undefined} ff="monospace">
                      {shortId(entry.instance_id)}
                    </Table.Td>
                    <Table.Td>{entry.reason ?? ''}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data && data.total > SIZE && (
        <Pagination total={Math.ceil(data.total / SIZE)} value={page} onChange={setPage} aria-label="Pages of the action log" />
      )}
    </Stack>
  );
}

function toEntry(action: ActionRecorded, status: string | undefined): ActionLogEntry {
  return {
    event_id: action.id,
    action_type: action.action_type,
    component: action.component,
    instance_id: action.instance_id,
    actor: action.actor,
    actor_name: action.actor_name,
    reason: action.reason,
    status: status ?? null,
    created_at: action.at,
  };
}
