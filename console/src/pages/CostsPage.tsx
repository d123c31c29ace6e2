import { AreaChart } from '@mantine/charts';
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type ActionRecorded, type CostNow, type CumulativeCost } from '../api';
import { money } from '../components/finops/figures';
import { Stat } from '../components/finops/Stat';
import { useSoon } from '../components/finops/useSoon';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { costSummary, costWindow, query, type CostSummaryFull, type CostWindowName } from '../finops-api';
import { shortId, when } from '../format';
import { useResource } from '../resource';

interface Costs {
  now: CostNow;
  summary: CostSummaryFull;
  cumulative: CumulativeCost;
  /** Spent since the browser's midnight, and since the first of its month. */
  today: CostSummaryFull;
  month: CostSummaryFull;
}

const WINDOWS: { value: CostWindowName; label: string }[] = [
  { value: 'minute', label: 'minute' },
  { value: 'hour', label: 'hour' },
  { value: 'day', label: 'day' },
  { value: '30d', label: '30 days' },
  { value: '365d', label: '365 days' },
];

/**
 * What the machines cost: the burn rate now and where it leads, the last day, the last hour minute by
 * minute, and any window with its breakdown. Read again whenever an instance changes (a machine started or
 * stopped) or a price changes, never on a timer.
 */
export function CostsPage() {
  const [windowName, setWindowName] = useState<CostWindowName>('day');
  const [error, setError] = useState<ApiError | null>(null);
  const [costs, setCosts] = useState<Costs | null>(null);

  const load = useCallback(() => {
    // every figure as of the same instant: the burn rate's, so that "since midnight" and "since the 1st" add up
    api<CostNow>('/finops/cost/current').then((current) => {
      const at = dayjs(current.as_of);
      return Promise.all([
        current,
        costSummary(current.as_of),
        api<CumulativeCost>(`/finops/cost/cumulative/minute${query({ as_of: current.as_of })}`),
        costSummary(current.as_of, at.startOf('day').toISOString()),
        costSummary(current.as_of, at.startOf('month').toISOString()),
      ]);
    }).then(
      ([current, summary, cumulative, today, month]) => {
        setCosts({ now: current, summary, cumulative, today, month });
        setError(null);
      },
      (e: ApiError) => setError(e),
    );
  }, []);
  useEffect(load, [load]);
  const byWindow = useResource(() => costWindow(windowName), [windowName]);
  const reloadWindow = byWindow.reload;
  const all = useCallback(() => {
    load();
    reloadWindow();
  }, [load, reloadWindow]);
  // a change of an instance reaches the books a moment later (their own projection): read them once things settle
  const allSoon = useSoon(all);

  const [stream, reconnect] = useEventStream(['instances', 'actions'], {
    ready: all,
    instance: allSoon,
    action: (data) => {
      if ((data as ActionRecorded).action_type === 'INSTANCE_TYPE_PRICE_CHANGED') {
        allSoon();
      }
    },
  });

  const points = costs?.cumulative.points.map((p) => ({
    minute: new Date(p.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    'Spent (EUR)': Number(p.cumulative_eur),
  })) ?? [];
  const windowLabel = WINDOWS.find((w) => w.value === windowName)!.label;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Costs</Title>
        <LiveIndicator state={stream} onReconnect={reconnect} />
      </Group>
      <ProblemAlert error={error} />
      {costs && (
        <>
          <Text size="sm" c="dimmed">
            Machine costs as of {when(costs.now.as_of)}, in EUR.
          </Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat label="Burn rate" value={`${costs.now.burn_rate_eur_per_hour} EUR/h`} hint={`${costs.now.billed_servers} billed servers`} />
            <Stat label="Next 24 hours" value={`${costs.now.forecast_eur.day ?? '0'} EUR`} hint="at the current rate" />
            <Stat label="Next 30 days" value={`${costs.now.forecast_eur['30d'] ?? '0'} EUR`} hint="at the current rate" />
            <Stat label="Last 24 hours" value={`${money(costs.summary.total_eur)} EUR`} hint={`since ${when(costs.summary.from)}`} />
          </SimpleGrid>
          <Outlook costs={costs} />
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="sm" id="cumulative-title">
              Spent over the last hour
            </Title>
            <AreaChart h={240} data={points} dataKey="minute" series={[{ name: 'Spent (EUR)', color: 'blue.6' }]} curveType="stepAfter"
                       withDots={false} valueFormatter={(v) => `${money(String(v))} EUR`} aria-labelledby="cumulative-title"
                       data-testid="cumulative-chart" />
          </Paper>
        </>
      )}
      <Paper withBorder p="md" role="region" aria-label="Cost by window">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h5">
            Cost by window
          </Title>
          <SegmentedControl aria-label="Window" value={windowName} onChange={(v) => setWindowName(v as CostWindowName)}
                            data={WINDOWS.map((w) => ({ value: w.value, label: w.label.replace(/^./, (c) => c.toUpperCase()) }))} />
        </Group>
        <ProblemAlert error={byWindow.error} />
        {byWindow.data && (
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Stat label={`Spent over the last ${windowLabel}`} value={`${money(byWindow.data.actual_eur)} EUR`}
                    hint={`${when(byWindow.data.from)} to ${when(byWindow.data.to)}`} />
              <Stat label={`Next ${windowLabel} at the current rate`} value={`${money(byWindow.data.forecast_eur)} EUR`}
                    hint={`the platform's forecast at ${byWindow.data.burn_rate_eur_per_hour} EUR/h`} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Breakdown title={`Last ${windowLabel} by instance type`}
                         rows={byWindow.data.by_instance_type.map((r) => [r.instance_type_code, r.cost_eur])} />
              <Breakdown title={`Last ${windowLabel} by provider`} rows={byWindow.data.by_provider.map((r) => [r.provider_code, r.cost_eur])} />
            </SimpleGrid>
          </Stack>
        )}
      </Paper>
      {costs && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Breakdown title="Last 24 hours by model" rows={costs.summary.by_model.map((r) => [r.model_id, r.cost_eur])} />
          <Breakdown title="Last 24 hours by instance" rows={costs.summary.by_instance.map((r) => [shortId(r.instance_id), r.cost_eur])} />
          <Breakdown title="Burn rate by instance type" rows={costs.now.by_instance_type.map((r) => [r.instance_type_code, r.burn_rate_eur_per_hour])}
                     unit="EUR/h" />
          <Breakdown title="Last 24 hours by zone" rows={costs.summary.by_zone.map((r) => [r.zone_code, r.cost_eur])} />
          <Breakdown title="Last 24 hours by instance type" rows={costs.summary.by_instance_type.map((r) => [r.instance_type_code, r.cost_eur])} />
          <OrganizationBreakdown rows={costs.summary.by_organization} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

/**
 * Where the burn rate leads by the end of the day and of the month: what the platform says was spent since
 * then, plus the burn rate over the hours left. That sum is the console's own arithmetic, and says so.
 */
function Outlook({ costs }: { costs: Costs }) {
  const at = dayjs(costs.now.as_of);
  const rate = Number(costs.now.burn_rate_eur_per_hour);
  const ahead = (spent: string, end: dayjs.Dayjs) => {
    const hours = Math.max(0, end.diff(at, 'minute') / 60);
    return { total: Number(spent) + rate * hours, hours };
  };
  const day = ahead(costs.today.total_eur, at.endOf('day'));
  const month = ahead(costs.month.total_eur, at.endOf('month'));
  const how = (spent: string, since: string, hours: number) =>
    `${money(spent)} EUR spent since ${since} + ${costs.now.burn_rate_eur_per_hour} EUR/h × ${hours.toFixed(1)} h left (added up here)`;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Stat label="By the end of today" value={`${money(day.total)} EUR`} hint={how(costs.today.total_eur, 'midnight', day.hours)} />
      <Stat label="By the end of the month" value={`${money(month.total)} EUR`}
            hint={how(costs.month.total_eur, 'the 1st', month.hours)} />
      <Stat label="Next 365 days" value={`${money(costs.now.forecast_eur['365d'] ?? '0')} EUR`} hint="the platform's forecast at the current rate" />
    </SimpleGrid>
  );
}

function OrganizationBreakdown({ rows }: { rows: CostSummaryFull['by_organization'] }) {
  const names = useResource(() => api<{ id: string; name: string }[]>('/organizations'), []);
  const name = (id: string) => names.data?.find((o) => o.id === id)?.name ?? shortId(id);
  return (
    <Stack gap="xs">
      <ProblemAlert error={names.error} />
      <Breakdown title="Last 24 hours by organization" rows={rows.map((r) => [name(r.organization_id), r.cost_eur])} />
    </Stack>
  );
}

function Breakdown({ title, rows, unit = 'EUR' }: { title: string; rows: [string, string][]; unit?: string }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing yet.
        </Text>
      ) : (
        <Table aria-label={title}>
          <Table.Tbody>
            {rows.map(([name, amount], i) => (
              <Table.Tr key={`${i}/${name}`}>
                <Table.Td>{name}</Table.Td>
                <Table.Td ta="right" title={`${amount} ${unit}`}>
                  {money(amount)} {unit}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
