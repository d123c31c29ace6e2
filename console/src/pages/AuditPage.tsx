import { Grid, Group, Stack, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { processors as readProcessors, type ReplayProgress } from '../audit-api';
import { AuditChainPanel } from '../components/audit/AuditChainPanel';
import { ProcessorsPanel } from '../components/audit/ProcessorsPanel';
import { TimeTravelPanel } from '../components/audit/TimeTravelPanel';
import { LiveIndicator } from '../components/LiveIndicator';
import { useEventStream } from '../events';

/**
 * Replay & audit: the event processors and how far each read the log, the rebuild of a projection, the proof that the log was
 * not rewritten, and the platform as it stood at an instant of the past.
 */
export function AuditPage() {
  // read once to show them (or why they cannot be shown) at once; then the platform sends them as the stream opens and
  // again whenever one moves (a replay is not an event)
  const [processors, setProcessors] = useState<ReplayProgress[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    readProcessors().then(
      (read) => setProcessors((pushed) => pushed ?? read.map((p) => ({ ...p, head_position: 0, progress: 1 }))),
      (e: ApiError) => setError(e),
    );
  }, []);
  const [stream, reconnect] = useEventStream(['processors'], {
    processors: (data) => {
      setProcessors(data as ReplayProgress[]);
      setError(null);
    },
    processors_unavailable: (data) => setError(new ApiError(503, 'Processors unavailable', (data as { detail: string }).detail)),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Replay & audit</Title>
        <LiveIndicator state={stream} onReconnect={reconnect} />
      </Group>
      <Grid align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ProcessorsPanel processors={processors} error={error} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <AuditChainPanel />
        </Grid.Col>
      </Grid>
      <TimeTravelPanel />
    </Stack>
  );
}
