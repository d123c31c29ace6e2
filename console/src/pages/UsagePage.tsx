import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ActionRecorded } from '../api';
import { count, ms } from '../components/finops/figures';
import { asQuery, describe, PeriodPicker, resolve, type PeriodChoice } from '../components/finops/PeriodPicker';
import { Stat } from '../components/finops/Stat';
import { useSoon } from '../components/finops/useSoon';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import {
  latency, reconciliation, usageSeries, usageSummary, useNames, type Latency, type Names, type Reconciliation, type UsageDimension,
  type UsageGranularity, type UsageRow, type UsageSeries,
} from '../finops-api';
import { shortId } from '../format';
import { useResource } from '../resource';

const DIMENSIONS: { value: UsageDimension; label: string }[] = [
  { value: 'model_service', label: 'Model service' },
  { value: 'model', label: 'Model' },
  { value: 'organization', label: 'Organization' },
  { value: 'api_key', label: 'API key' },
  { value: 'user', label: 'User' },
  { value: 'instance', label: 'Instance' },
];

const STEP: Record<UsageGranularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** Series split by a group show the largest groups by name, the rest together. */
const NAMED_GROUPS = 6;
const COLORS = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'gray.5'];

/** The granularity that gives a readable chart for a period: minutes for hours, hours for days, days beyond. */
function suggested(choice: PeriodChoice): UsageGranularity {
  const span = choice.to.getTime() - choice.from.getTime();
  return span <= 6 * STEP.hour ? 'minute' : span <= 8 * STEP.day ? 'hour' : 'day';
}

/**
 * Tokens consumed through /v1: over time per minute, hour or day, broken down by model service, model,
 * organization, API key, user and instance, with the platform's forecast, the routers' latency, and the
 * routers' counts against the engines'. Read again when usage is recorded, never on a timer.
 */
export function UsagePage() {
  const [choice, setChoice] = useState<PeriodChoice>(() => resolve('last-24h'));
  const [granularity, setGranularity] = useState<UsageGranularity>('hour');
  const [split, setSplit] = useState<'tokens' | UsageDimension>('tokens');
  const [latencyBy, setLatencyBy] = useState<Latency['group_by']>('model_service');
  const { names, error: namesError, reload: reloadNames } = useNames();

  const period = asQuery(choice);
  const summary = useResource(() => usageSummary(period), [choice]);
  // the series keeps what it was asked with: the controls may already ask for another one
  const series = useResource(
    () => usageSeries(granularity, period, split === 'tokens' ? null : split).then((points) => ({ points, granularity, split })),
    [choice, granularity, split]);
  const timings = useResource(() => latency(period, latencyBy), [choice, latencyBy]);
  const counts = useResource(() => reconciliation(period), [choice]);

  // a rolling period (the last hour…) moves on to now at each read; a fixed one is read again as it is
  const reload = () => setChoice((c) => (c.preset === 'custom' ? { ...c } : resolve(c.preset)));
  const reloadSoon = useSoon(reload);
  const [stream, reconnect] = useEventStream(['actions'], {
    ready: () => {
      reload();
      reloadNames();
    },
    action: (data) => {
      const action = data as ActionRecorded;
      if (action.action_type === 'USAGE_RECORDED') {
        reloadSoon();
      } else if (action.component === 'identity' || action.component === 'apikey') {
        reloadNames();
      }
    },
  });

  function choose(next: PeriodChoice) {
    setChoice(next);
    setGranularity(suggested(next));
  }

  const totals = summary.data?.totals;
  const forecast = summary.data?.forecast_tokens;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Token usage</Title>
        <LiveIndicator state={stream} onReconnect={reconnect} />
      </Group>
      <PeriodPicker value={choice} onChange={choose} />
      <ProblemAlert error={summary.error} />
      <ProblemAlert error={namesError} />
      {totals && forecast && (
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Stat label="Requests" value={count(totals.requests)} hint={`${count(totals.failed_requests)} failed`} />
          <Stat label="Tokens" value={count(totals.total_tokens)}
                hint={`${count(totals.prompt_tokens)} prompt · ${count(totals.completion_tokens)} completion`} />
          <Stat label="Charged" value={`${totals.cost_eur} EUR`} hint="at the prices charged" />
          <Stat label="Next 24 hours" value={`${count(forecast.day.prompt_tokens + forecast.day.completion_tokens)} tokens`}
                hint={`platform's forecast at the rate since ${dayjs(forecast.rate_measured_from).format('HH:mm')}`} />
          <Stat label="Next 30 days" value={`${count(forecast['30d'].prompt_tokens + forecast['30d'].completion_tokens)} tokens`}
                hint="platform's forecast at the rate of the last hour" />
        </SimpleGrid>
      )}
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm" align="flex-end">
          <Title order={3} size="h5" id="usage-chart-title">
            Tokens over time
          </Title>
          <Group gap="sm" align="flex-end">
            <Select label="Split by" w={170} allowDeselect={false} value={split}
                    data={[{ value: 'tokens', label: 'Prompt / completion' }, ...DIMENSIONS]}
                    onChange={(v) => v && setSplit(v as typeof split)} />
            <SegmentedControl aria-label="Granularity" value={granularity} onChange={(v) => setGranularity(v as UsageGranularity)}
                              data={[{ value: 'minute', label: 'Minute' }, { value: 'hour', label: 'Hour' }, { value: 'day', label: 'Day' }]} />
          </Group>
        </Group>
        <ProblemAlert error={series.error} />
        {series.data && (
          <UsageChart series={series.data.points} granularity={series.data.granularity} split={series.data.split} names={names} />
        )}
      </Paper>
      {summary.data && (
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="xs">
            Breakdown
          </Title>
          <Tabs defaultValue="model_service">
            <Tabs.List>
              {DIMENSIONS.map((d) => (
                <Tabs.Tab key={d.value} value={d.value}>
                  {d.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {DIMENSIONS.map((d) => (
              <Tabs.Panel key={d.value} value={d.value} pt="xs">
                <Breakdown dimension={d} rows={summary.data![`by_${d.value}`]} names={names} />
              </Tabs.Panel>
            ))}
          </Tabs>
        </Paper>
      )}
      <Paper withBorder p="md">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">
            Latency through the routers
          </Title>
          <SegmentedControl size="xs" aria-label="Latency by" value={latencyBy} onChange={(v) => setLatencyBy(v as Latency['group_by'])}
                            data={[{ value: 'model_service', label: 'Per service' }, { value: 'instance', label: 'Per instance' }]} />
        </Group>
        <ProblemAlert error={timings.error} />
        {timings.data && <LatencyTable latency={timings.data} />}
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Routers against engines
        </Title>
        <ProblemAlert error={counts.error} />
        {counts.data && <ReconciliationTable report={counts.data} />}
      </Paper>
    </Stack>
  );
}

/** Who a group is, in words. */
function groupName(dimension: UsageDimension, id: string | null | undefined, names: Names): string {
  switch (dimension) {
    case 'organization':
      return names.organization(id);
    case 'api_key':
      return names.apiKey(id);
    case 'user':
      return names.user(id);
    case 'instance':
      return id ? `Instance ${shortId(id)}` : '—';
    default:
      return id ?? '—';
  }
}

function bucketLabel(iso: string, granularity: UsageGranularity, span: number): string {
  if (granularity === 'day') {
    // the platform's days are UTC days
    return iso.slice(0, 10);
  }
  const format = granularity === 'hour' || span > STEP.day ? 'MM-DD HH:mm' : 'HH:mm';
  return dayjs(iso).format(format);
}

function UsageChart({ series, granularity, split, names }: {
  series: UsageSeries; granularity: UsageGranularity; split: 'tokens' | UsageDimension; names: Names;
}) {
  if (series.points.length === 0) {
    return (
      <Text c="dimmed" data-testid="usage-empty">
        No tokens were used in this period ({describe(series)}).
      </Text>
    );
  }
  const at = (p: UsageSeries['points'][number]) => p[granularity] as string;
  const span = new Date(series.to).getTime() - new Date(series.from).getTime();
  let seriesNames: string[];
  const rows = new Map<number, Record<string, number | string>>();
  const row = (iso: string) => {
    const key = new Date(iso).getTime();
    if (!rows.has(key)) rows.set(key, { bucket: bucketLabel(iso, granularity, span) });
    return rows.get(key)!;
  };
  if (split === 'tokens') {
    seriesNames = ['Prompt tokens', 'Completion tokens'];
    for (const p of series.points) {
      Object.assign(row(at(p)), { 'Prompt tokens': p.prompt_tokens, 'Completion tokens': p.completion_tokens });
    }
  } else {
    const totals = new Map<string, number>();
    for (const p of series.points) {
      const name = groupName(split, p[split], names);
      totals.set(name, (totals.get(name) ?? 0) + p.total_tokens);
    }
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    const named = new Set(ranked.slice(0, NAMED_GROUPS));
    seriesNames = ranked.length > NAMED_GROUPS ? [...ranked.slice(0, NAMED_GROUPS), 'Others'] : ranked;
    for (const p of series.points) {
      const name = groupName(split, p[split], names);
      const shown = named.has(name) ? name : 'Others';
      const r = row(at(p));
      r[shown] = ((r[shown] as number | undefined) ?? 0) + p.total_tokens;
    }
  }
  // the platform gives only the periods with usage: the quiet ones of the period are shown as zero (its minutes, hours
  // and days start on whole UTC units, as the epoch does)
  const step = STEP[granularity];
  const first = Math.floor(new Date(series.from).getTime() / step) * step;
  const end = new Date(series.to).getTime();
  if ((end - first) / step <= 1500) {
    for (let t = first; t < end; t += step) {
      if (!rows.has(t)) rows.set(t, { bucket: bucketLabel(new Date(t).toISOString(), granularity, span) });
    }
  }
  const data = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => {
    const full = { ...r };
    seriesNames.forEach((n) => (full[n] ??= 0));
    return full;
  });
  return (
    <>
      <BarChart h={260} data={data} dataKey="bucket" type="stacked" withLegend aria-labelledby="usage-chart-title" data-testid="usage-chart"
                series={seriesNames.map((name, i) => ({ name, color: COLORS[i % COLORS.length] }))} valueFormatter={(v) => count(v)} />
      {granularity === 'day' && (
        <Text size="xs" c="dimmed">
          Days are counted in UTC.
        </Text>
      )}
    </>
  );
}

function Breakdown({ dimension, rows, names }: { dimension: { value: UsageDimension; label: string }; rows: UsageRow[]; names: Names }) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No tokens were used in this period.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={700} maxHeight={320}>
      <Table striped aria-label={`Tokens by ${dimension.label.toLowerCase()}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{dimension.label}</Table.Th>
            <Table.Th ta="right">Requests</Table.Th>
            <Table.Th ta="right">Failed</Table.Th>
            <Table.Th ta="right">Prompt tokens</Table.Th>
            <Table.Th ta="right">Completion tokens</Table.Th>
            <Table.Th ta="right">Total tokens</Table.Th>
            <Table.Th ta="right">Charged (EUR)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const id = r[dimension.value];
            return (
              <Table.Tr key={id ?? 'none'}>
                <Table.Td>
                  {dimension.value === 'instance' && id ? (
                    <Anchor component={Link} to={`/instances/${id}`}>
                      {groupName('instance', id, names)}
                    </Anchor>
                  ) : (
                    groupName(dimension.value, id, names)
                  )}
                </Table.Td>
                <Table.Td ta="right">{count(r.requests)}</Table.Td>
                <Table.Td ta="right">{count(r.failed_requests)}</Table.Td>
                <Table.Td ta="right">{count(r.prompt_tokens)}</Table.Td>
                <Table.Td ta="right">{count(r.completion_tokens)}</Table.Td>
                <Table.Td ta="right">{count(r.total_tokens)}</Table.Td>
                <Table.Td ta="right">{r.cost_eur}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function LatencyTable({ latency: report }: { latency: Latency }) {
  if (report.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No request was relayed in this period.
      </Text>
    );
  }
  const by = report.group_by === 'model_service' ? 'Model service' : 'Instance';
  return (
    <>
      <Table.ScrollContainer minWidth={520} maxHeight={280}>
        <Table aria-label={`Latency by ${by.toLowerCase()}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{by}</Table.Th>
              <Table.Th ta="right">Requests</Table.Th>
              <Table.Th ta="right">TTFT mean</Table.Th>
              <Table.Th ta="right">TTFT max</Table.Th>
              <Table.Th ta="right">Total mean</Table.Th>
              <Table.Th ta="right">Total max</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((r) => {
              const name = report.group_by === 'model_service' ? r.model_service ?? '—' : `Instance ${shortId(r.instance)}`;
              return (
                <Table.Tr key={name}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td ta="right">{count(r.requests)}</Table.Td>
                  <Table.Td ta="right">{ms(r.ttft_ms_mean)}</Table.Td>
                  <Table.Td ta="right">{ms(r.ttft_ms_max)}</Table.Td>
                  <Table.Td ta="right">{ms(r.total_ms_mean)}</Table.Td>
                  <Table.Td ta="right">{ms(r.total_ms_max)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        TTFT: time to the first chunk (to the whole answer when not streamed).
      </Text>
    </>
  );
}

function ReconciliationTable({ report }: { report: Reconciliation }) {
  if (report.instances.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No instance served or counted tokens in this period.
      </Text>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={520} maxHeight={280}>
        <Table aria-label="Routers against engines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Instance</Table.Th>
              <Table.Th ta="right">Routers (prompt / completion)</Table.Th>
              <Table.Th ta="right">Engine (prompt / completion)</Table.Th>
              <Table.Th ta="right">Drift</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.instances.map((r) => (
              <Table.Tr key={r.instance_id}>
                <Table.Td>
                  <Anchor component={Link} to={`/instances/${r.instance_id}`}>
                    Instance {shortId(r.instance_id)}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">
                  {count(r.router_prompt_tokens)} / {count(r.router_completion_tokens)}
                </Table.Td>
                <Table.Td ta="right">
                  {count(r.engine_prompt_tokens)} / {count(r.engine_completion_tokens)}
                </Table.Td>
                <Table.Td ta="right">
                  {count(r.drift_prompt_tokens)} / {count(r.drift_completion_tokens)}
                </Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'match' ? 'green' : 'orange'} variant="light">
                    {r.status}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        Drift: tokens the routers charged minus the tokens the engine counted (heartbeats bound the engine's count).
      </Text>
    </>
  );
}
