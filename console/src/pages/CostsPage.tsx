import { AreaChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type CostNow, type CostSummary, type CumulativeCost } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { shortId, when } from '../format';

interface Costs {
  now: CostNow;
  summary: CostSummary;
  cumulative: CumulativeCost;
}

/** A change of an instance reaches the books a moment later (their own projection): read them once things settle. */
const SETTLE_MS = 1000;

/**
 * What the machines cost: the burn rate now and where it leads, the last day, and the last hour minute
 * by minute. Read again whenever an instance changes (a machine started or stopped), never on a timer.
 */
export function CostsPage() {
  const [costs, setCosts] = useState<Costs | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    Promise.all([
      api<CostNow>('/finops/cost/current'),
      api<CostSummary>('/finops/dashboard/costs/summary'),
      api<CumulativeCost>('/finops/cost/cumulative/minute'),
    ]).then(
      ([now, summary, cumulative]) => {
        setCosts({ now, summary, cumulative });
        setError(null);
      },
      (e: ApiError) => setError(e),
    );
  }, []);

  useEffect(() => {
    load();
    return () => {
      if (pending.current) {
        clearTimeout(pending.current);
      }
    };
  }, [load]);

  const loadSoon = useCallback(() => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      load();
    }, SETTLE_MS);
  }, [load]);

  const [stream, reconnect] = useEventStream(['instances'], { ready: load, instance: loadSoon });

  const points = costs?.cumulative.points.map((p) => ({
    minute: new Date(p.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    'Spent (EUR)': Number(p.cumulative_eur),
  })) ?? [];

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
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="sm" id="cumulative-title">
              Spent over the last hour
            </Title>
            <AreaChart h={240} data={points} dataKey="minute" series={[{ name: 'Spent (EUR)', color: 'blue.6' }]} curveType="stepAfter"
                       withDots={false} valueFormatter={(v) => `${money(String(v))} EUR`} aria-labelledby="cumulative-title"
                       data-testid="cumulative-chart" />
          </Paper>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Breakdown title="Last 24 hours by model" rows={costs.summary.by_model.map((r) => [r.model_id, r.cost_eur])} />
            <Breakdown title="Last 24 hours by instance" rows={costs.summary.by_instance.map((r) => [shortId(r.instance_id), r.cost_eur])} />
            <Breakdown title="Burn rate by instance type" rows={costs.now.by_instance_type.map((r) => [r.instance_type_code, r.burn_rate_eur_per_hour])}
                       unit="EUR/h" />
            <Breakdown title="Last 24 hours by zone" rows={costs.summary.by_zone.map((r) => [r.zone_code, r.cost_eur])} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

/** Amounts come exact (up to 9 decimals); four are plenty to read. */
function money(amount: string): string {
  const n = Number(amount);
  return n !== 0 && Math.abs(n) < 0.0001 ? n.toExponential(2) : n.toLocaleString(undefined, { maximumFractionDigits: 4 });
}

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
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
            {rows.map(([name, amount]) => (
              <Table.Tr key={name}>
                <Table.Td>{name}</Table.Td>
                <Table.Td ta="right">
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
