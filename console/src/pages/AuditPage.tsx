import { Grid, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import type { ReplayProgress } from '../audit-api';
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
  // the platform sends the processors as the stream opens, then again whenever one moves (a replay is not an event)
  const [processors, setProcessors] = useState<ReplayProgress[] | null>(null);
  const [stream, reconnect] = useEventStream(['processors'], {
    processors: (data) => setProcessors(data as ReplayProgress[]),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Replay & audit</Title>
        <LiveIndicator state={stream} onReconnect={reconnect} />
      </Group>
      <Grid align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ProcessorsPanel processors={processors} error={null} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <AuditChainPanel />
        </Grid.Col>
      </Grid>
      <TimeTravelPanel />
    </Stack>
  );
}
