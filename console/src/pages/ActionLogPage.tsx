import { Badge, Button, Group, MultiSelect, Paper, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type ActionLogEntry, type ActionLogMore, type ActionLogSearch, type ActionRecorded, type ActionType } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

/** Entries read at a time: the first ones with the filter's total, then more as the table is scrolled. */
const SIZE = 100;
/** Rows drawn beyond the visible ones, and how close to the last row read the next ones are asked for. */
const OVERSCAN = 10;
const ROW_HEIGHT = 41;

/** A datetime-local value (the browser's time zone) as the instant the API takes, or nothing when empty or unreadable. */
function instant(local: string): string | null {
  const at = local ? new Date(local) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

interface Log {
  items: ActionLogEntry[];
  total: number;
  /** where the next entries start; none once every entry of the filter has been read */
  next: number | null;
}

/**
 * Who did what, newest first, however long the log: the table draws only the rows in view and reads the next
 * entries as it is scrolled towards them. New entries arrive live at the top; while the operator reads further
 * down they wait behind a button instead of moving the rows under the eyes.
 */
export function ActionLogPage() {
  const [log, setLog] = useState<Log | null>(null);
  const [types, setTypes] = useState<Record<string, ActionType>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [waiting, setWaiting] = useState<ActionLogEntry[]>([]);
  /** entries matching a filter that arrived while reading further down: the list is read again when asked */
  const [stale, setStale] = useState(0);
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
  const scroller = useRef<HTMLDivElement>(null);
  const reading = useRef(false);

  useEffect(() => {
    api<ActionType[]>('/action_types').then(
      (all) => setTypes(Object.fromEntries(all.map((t) => [t.code, t]))),
      (e: ApiError) => setError(e),
    );
  }, []);

  // each read belongs to the list it was made for: an answer that arrives after the filter changed, or after the list was
  // read again, is dropped
  const generation = useRef(0);
  const load = useCallback(() => {
    const mine = ++generation.current;
    reading.current = false;
    api<ActionLogSearch>(`/action_logs/search?size=${SIZE}${filter ? `&${filter}` : ''}`).then(
      (loaded) => {
        if (mine !== generation.current) return;
        setLog({ items: loaded.items, total: loaded.total, next: loaded.next_before });
        setWaiting([]);
        setStale(0);
        setError(null);
        scroller.current?.scrollTo({ top: 0 });
      },
      (e: ApiError) => mine === generation.current && setError(e),
    );
  }, [filter]);

  useEffect(load, [load]);

  const rows = useVirtualizer({
    count: log?.items.length ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => log?.items[index]?.event_id ?? index,
  });
  const drawn = rows.getVirtualItems();
  const lastDrawn = drawn.length ? drawn[drawn.length - 1].index : -1;

  // the rows in view come close to the last entry read: read the next ones, older than it
  useEffect(() => {
    if (!log || log.next === null || reading.current || lastDrawn < log.items.length - OVERSCAN) {
      return;
    }
    const mine = generation.current;
    reading.current = true;
    api<ActionLogMore>(`/action_logs/search?size=${SIZE}&before=${log.next}${filter ? `&${filter}` : ''}`).then(
      (more) => {
        if (mine !== generation.current) return;
        setLog((l) => l && {
          ...l,
          items: [...l.items, ...more.items.filter((e) => !l.items.some((seen) => seen.event_id === e.event_id))],
          next: more.next_before,
        });
        reading.current = false;
      },
      (e: ApiError) => {
        if (mine !== generation.current) return;
        setError(e);
        reading.current = false;
      },
    );
  }, [log, lastDrawn, filter]);

  function showLatest() {
    const arrived = waiting;
    setLog((l) => {
      const fresh = arrived.filter((e) => !l?.items.some((seen) => seen.event_id === e.event_id));
      return l && { ...l, items: [...fresh, ...l.items], total: l.total + fresh.length };
    });
    setWaiting([]);
    scroller.current?.scrollTo({ top: 0 });
  }

  // with a filter (free text, times) the page cannot tell whether a new entry belongs: it reads again once they settle
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: load,
    action: (data) => {
      const action = data as ActionRecorded;
      const away = (scroller.current?.scrollTop ?? 0) > ROW_HEIGHT;
      if (filtered) {
        if ((actionTypes.length === 0 || actionTypes.includes(action.action_type)) && (!component || component === action.component)) {
          if (away) {
            setStale((n) => n + 1);
          } else {
            clearTimeout(timer.current);
            timer.current = setTimeout(load, 500);
          }
        }
        return;
      }
      const entry = toEntry(action, types[action.action_type]?.status);
      if (away || waiting.length > 0) {
        // behind those already waiting, so that the list stays newest first
        setWaiting((arrived) => arrived.some((e) => e.event_id === entry.event_id) ? arrived : [entry, ...arrived]);
        return;
      }
      setLog((l) => l && !l.items.some((e) => e.event_id === entry.event_id)
        ? { ...l, items: [entry, ...l.items], total: l.total + 1 }
        : l);
    },
  });

  const before = drawn.length ? drawn[0].start : 0;
  const after = drawn.length ? rows.getTotalSize() - drawn[drawn.length - 1].end : 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Action log</Title>
        <Group>
          {stale > 0 && (
            <Button size="compact-sm" variant="light" onClick={load}>
              {stale} new matching {stale === 1 ? 'entry' : 'entries'}: read the log again
            </Button>
          )}
          {waiting.length > 0 && (
            <Button size="compact-sm" variant="light" onClick={showLatest}>
              {waiting.length} new {waiting.length === 1 ? 'entry' : 'entries'}: show the latest
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
      {log && (
        <Text size="sm" c="dimmed" data-testid="action-log-count">
          {log.total} {filtered ? 'matching ' : ''}{log.total === 1 ? 'entry' : 'entries'}
          {log.next !== null ? ` (${log.items.length} read so far; scroll for more)` : ''}
        </Text>
      )}
      {log && log.items.length > 0 && (
        <ScrollArea.Autosize mah="calc(100vh - 330px)" mih={240} viewportRef={scroller} type="auto" offsetScrollbars>
          <Table striped stickyHeader aria-label="Action log" aria-rowcount={log.total + 1} data-testid="action-log-table"
                 miw={900} style={{ tableLayout: 'fixed' }}>
            <Table.Thead>
              <Table.Tr aria-rowindex={1}>
                <Table.Th w={190}>Time</Table.Th>
                <Table.Th w={230}>Action</Table.Th>
                <Table.Th w={110}>Component</Table.Th>
                <Table.Th w={140}>Actor</Table.Th>
                <Table.Th w={100}>Instance</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {before > 0 && <tr aria-hidden style={{ height: before }} />}
              {drawn.map((row) => {
                const entry = log.items[row.index];
                const type = types[entry.action_type];
                return (
                  <Table.Tr key={row.key} data-index={row.index} ref={rows.measureElement} aria-rowindex={row.index + 2}>
                    <Table.Td>{when(entry.created_at)}</Table.Td>
                    <Table.Td>
                      <Badge color={entry.status === 'failure' ? 'red' : (type?.color ?? 'gray')} variant="light" title={entry.action_type}
                             maw="100%">
                        {type?.label ?? entry.action_type}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{entry.component}</Table.Td>
                    <Table.Td title={entry.actor ?? undefined} style={{ overflowWrap: 'anywhere' }}>{entry.actor_name ?? entry.actor ?? '—'}</Table.Td>
                    <Table.Td title={entry.instance_id ?? undefined} ff="monospace">
                      {shortId(entry.instance_id)}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.reason ?? ''}</Table.Td>
                  </Table.Tr>
                );
              })}
              {after > 0 && <tr aria-hidden style={{ height: after }} />}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
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
