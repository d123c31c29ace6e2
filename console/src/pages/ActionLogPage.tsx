import { Badge, Button, Group, MultiSelect, Pagination, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type ActionLogEntry, type ActionLogSearch, type ActionRecorded, type ActionType } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

const SIZE = 50;

/** A datetime-local value (the browser's time zone) as the instant the API takes, or nothing when empty or unreadable. */
function instant(local: string): string | null {
  const at = local ? new Date(local) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

/** Who did what, newest first; new entries arrive live on the first page. */
export function ActionLogPage() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ActionLogSearch | null>(null);
  const [types, setTypes] = useState<Record<string, ActionType>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [actionTypes, setActionTypes] = useState<string[]>([]);
  const [component, setComponent] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 400);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const params = new URLSearchParams();
  actionTypes.forEach((t) => params.append('action_type', t));
  if (component) params.set('component', component);
  if (q) params.set('q', q);
  if (instant(from)) params.set('from', instant(from)!);
  if (instant(to)) params.set('to', instant(to)!);
  const filter = params.toString();
  const filtered = filter !== '';

  useEffect(() => {
    api<ActionType[]>('/action_types').then(
      (all) => setTypes(Object.fromEntries(all.map((t) => [t.code, t]))),
      (e: ApiError) => setError(e),
    );
  }, []);

  // a new filter starts from the first page
  useEffect(() => setPage(1), [filter]);

  const load = useCallback(() => {
    api<ActionLogSearch>(`/action_logs/search?page=${page - 1}&size=${SIZE}${filter ? `&${filter}` : ''}`).then(
      (loaded) => {
        setData(loaded);
        setUnseen(0);
        setError(null);
      },
      (e: ApiError) => setError(e),
    );
  }, [page, filter]);

  useEffect(load, [load]);

  // with a filter (free text, times) the page cannot tell whether a new entry belongs: it reads again once they settle
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: load,
    action: (data) => {
      const action = data as ActionRecorded;
      if (page !== 1) {
        setUnseen((n) => n + 1);
        return;
      }
      if (filtered) {
        if ((actionTypes.length === 0 || actionTypes.includes(action.action_type)) && (!component || component === action.component)) {
          clearTimeout(timer.current);
          timer.current = setTimeout(load, 500);
        }
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
      <Paper withBorder p="sm" component="form" role="search" aria-label="Filter the action log" onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" wrap="wrap">
          <MultiSelect label="Action types" placeholder={actionTypes.length ? undefined : 'All'} searchable clearable w={320}
                       data={Object.values(types).map((t) => ({ value: t.code, label: t.label }))} value={actionTypes} onChange={setActionTypes} />
          <Select label="Component" placeholder="All" clearable w={160} value={component} onChange={setComponent}
                  data={[...new Set(Object.values(types).map((t) => t.component))].sort()} />
          <TextInput label="Text" description="In the reason, the details or the subject's id" w={260} value={text}
                     onChange={(e) => setText(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="From" w={210} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="To" w={210} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          {filtered && (
            <Button variant="default" onClick={() => {
              setActionTypes([]);
              setComponent(null);
              setText('');
              setFrom('');
              setTo('');
            }}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      <ProblemAlert error={error} />
      {data && <Text size="sm" c="dimmed">{data.total} {filtered ? 'matching ' : ''}{data.total === 1 ? 'entry' : 'entries'}</Text>}
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
