import { LineChart } from '@mantine/charts';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ApiError } from '../../api';
import { instanceMetrics, type MetricsPoint, type MetricsSeries } from '../../audit-api';
import { useEffect, useRef } from 'react';
import type { StreamState } from '../../events';
import { when } from '../../format';
import { useResource } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';

/** As many points as the platform gives for an hour at most: older ones leave the charts as new ones come. */
const KEPT = 720;

interface Row {
  time: string;
  'GPU utilisation': number | null;
  'KV-cache memory': number | null;
  Running: number | null;
  Queued: number | null;
  'Generated tokens/s': number | null;
  'Prompt tokens/s': number | null;
  'Time to first token': number | null;
}

const percent = (fraction: number | null) => (fraction === null ? null : Math.round(fraction * 1000) / 10);

/** Tokens counted per second since the beat before; none across a restart of the engine (its counters start again). */
function rate(now: number | null, before: number | null, seconds: number): number | null {
  if (now === null || before === null || seconds <= 0 || now < before) return null;
  return Math.round(((now - before) / seconds) * 10) / 10;
}

function rows(points: MetricsPoint[]): Row[] {
  return points.map((p, n) => {
    const before = points[n - 1];
    const seconds = before ? (Date.parse(p.at) - Date.parse(before.at)) / 1000 : 0;
    return {
      time: new Date(p.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      'GPU utilisation': percent(p.gpu_utilization),
      'KV-cache memory': percent(p.kv_cache_usage),
      Running: p.requests_running,
      Queued: p.requests_waiting,
      'Generated tokens/s': before ? rate(p.generation_tokens_total, before.generation_tokens_total, seconds) : null,
      'Prompt tokens/s': before ? rate(p.prompt_tokens_total, before.prompt_tokens_total, seconds) : null,
      'Time to first token': p.time_to_first_token_seconds === null ? null : Math.round(p.time_to_first_token_seconds * 1000),
    };
  });
}

/** A beat pushed by the stream joins the series once, in time order. */
function withBeat(series: MetricsSeries, beat: MetricsPoint): MetricsSeries {
  if (series.points.some((p) => p.at === beat.at)) return series;
  const points = [...series.points, beat].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-KEPT);
  return { ...series, points, count: points.length, last_heartbeat_at: points[points.length - 1].at };
}

/**
 * An instance's heartbeats over the last hour, drawn as they arrive: GPU utilisation and KV-cache memory, requests running and
 * queued, tokens per second, time to first token. Heartbeats are not events: they come through the stream's `metrics` topic,
 * which the instance's page follows (`beats`, newest last); the hour is read again at each (re)connection (`connections`), and
 * the beats already received join what was read.
 */
export default function MetricsCharts({ instanceId, beats, connections, stream, onReconnect }: {
  instanceId: string;
  beats: MetricsPoint[];
  connections: number;
  stream: StreamState;
  onReconnect: () => void;
}) {
  const received = useRef(beats);
  received.current = beats;
  const { data: series, setData, error } = useResource(
    () => instanceMetrics(instanceId).then((read) => received.current.reduce(withBeat, read)), [instanceId, connections]);
  const newest = beats[beats.length - 1];
  useEffect(() => {
    if (newest) setData((s) => s && withBeat(s, newest));
  }, [newest, setData]);

  const data = series ? rows(series.points) : [];
  const last = series?.points[series.points.length - 1];
  return (
    <Paper withBorder p="md" aria-labelledby="metrics-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="metrics-title">
            Metrics
          </Title>
          <HeartbeatsFollowed state={stream} onReconnect={onReconnect} />
        </Group>
        <ProblemAlert error={error as ApiError | null} />
        {series && series.points.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="metrics-empty">
            No heartbeat in the last hour: the worker reports once it is installed, every few seconds while it runs.
          </Text>
        )}
        {last && (
          <Group gap="xs" aria-label="Last heartbeat">
            <Text size="sm" data-testid="metrics-last-heartbeat">
              Last heartbeat {when(last.at)} · {series.points.length} in the last hour
            </Text>
            <Badge variant="light" color={last.engine_http_up ? 'green' : 'gray'}>{last.engine_http_up ? 'Engine up' : 'Engine down'}</Badge>
            <Badge variant="light" color={last.model_loaded ? 'green' : 'gray'}>{last.model_loaded ? 'Model loaded' : 'Model not loaded'}</Badge>
            <Badge variant="light" color={last.warmed_up ? 'green' : 'gray'}>{last.warmed_up ? 'Warmed up' : 'Not warmed up'}</Badge>
            {(last.engine_restarts ?? 0) > 0 && <Badge variant="light" color="orange">{`${last.engine_restarts} engine restarts`}</Badge>}
          </Group>
        )}
        {data.length > 0 && (
          <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="metrics-charts" data-points={data.length}>
            <Chart title="GPU utilisation and KV-cache memory" data={data} unit=" %" percent
                   series={[{ name: 'GPU utilisation', color: 'blue.6' }, { name: 'KV-cache memory', color: 'grape.6' }]} />
            <Chart title="Requests running and queued" data={data}
                   series={[{ name: 'Running', color: 'teal.6' }, { name: 'Queued', color: 'orange.6' }]} />
            <Chart title="Tokens per second" data={data}
                   series={[{ name: 'Generated tokens/s', color: 'indigo.6' }, { name: 'Prompt tokens/s', color: 'cyan.6' }]} />
            <Chart title="Time to first token" data={data} unit=" ms" series={[{ name: 'Time to first token', color: 'red.6' }]} />
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

function Chart({ title, data, series, unit, percent: isPercent }: {
  title: string; data: Row[]; series: { name: keyof Row; color: string }[]; unit?: string; percent?: boolean;
}) {
  const id = `chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div role="figure" aria-labelledby={id} data-testid={id}>
      <Text size="sm" fw={500} id={id} mb={4}>
        {title}
      </Text>
      <LineChart h={170} data={data} dataKey="time" series={series} curveType="monotone" withDots={false} unit={unit} connectNulls
                 withLegend legendProps={{ verticalAlign: 'bottom', height: 24 }} yAxisProps={isPercent ? { domain: [0, 100], ticks: [0, 25, 50, 75, 100], interval: 0 } : { domain: [0, 'auto'], allowDecimals: false, interval: 0 }}
                 tooltipAnimationDuration={0} lineChartProps={{ syncId: 'instance-metrics', margin: { top: 10, right: 10 } }} />
    </div>
  );
}

const FOLLOWED: Record<StreamState, { color: string; label: string }> = {
  connecting: { color: 'gray', label: 'Connecting to heartbeats…' },
  live: { color: 'green', label: 'Following heartbeats' },
  reconnecting: { color: 'yellow', label: 'Reconnecting to heartbeats…' },
  closed: { color: 'red', label: 'Heartbeats not followed' },
};

/** Whether new heartbeats reach the charts; worded apart from the page's own live indicator. */
function HeartbeatsFollowed({ state, onReconnect }: { state: StreamState; onReconnect: () => void }) {
  const look = FOLLOWED[state];
  return (
    <Group gap="xs" role="status" aria-live="polite" aria-label="Heartbeats">
      <Badge color={look.color} variant="dot">
        {look.label}
      </Badge>
      {state === 'closed' && (
        <Button size="compact-xs" variant="subtle" onClick={onReconnect}>
          Follow heartbeats again
        </Button>
      )}
    </Group>
  );
}
