import { Alert, Badge, Button, Modal, Paper, Progress, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../api';
import type { Processor, ReplayProgress } from '../../audit-api';
import { ProblemAlert } from '../ProblemAlert';
import { useReplay, type Replay } from './useReplay';
import { DialogActions } from '../DialogActions';

/** Where a processor stands, in a word. */
function state(p: Processor): { label: string; color: string } {
  if (p.segments.some((s) => s.error)) return { label: 'Error', color: 'red' };
  if (!p.running) return { label: 'Stopped', color: 'gray' };
  if (p.replaying) return { label: 'Replaying', color: 'blue' };
  if (p.segments.length > 0 && p.segments.every((s) => s.caught_up)) return { label: 'Caught up', color: 'green' };
  return { label: 'Catching up', color: 'yellow' };
}

/** The furthest event read; a processor split in segments reads the log in parallel, each segment its share. */
function position(p: Processor): string {
  const known = p.segments.map((s) => s.position).filter((n): n is number => n !== null);
  const reached = known.length ? Math.max(...known).toLocaleString() : '—';
  return p.segments.length > 1 ? `${reached} (${p.segments.length} segments)` : reached;
}

/**
 * The event processors of the platform and how far each read the event log; a projection can be rebuilt from the whole log,
 * its progress followed until it is done. Processors that act on the outside world (sagas, the audit chain) cannot be replayed.
 */
export function ProcessorsPanel({ processors, error }: { processors: ReplayProgress[] | null; error: ApiError | null }) {
  const { replay, start, dismiss } = useReplay(processors);
  const [asked, setAsked] = useState<string | null>(null);
  const running = replay !== null && (replay.phase === 'starting' || replay.phase === 'replaying');

  function confirm() {
    const processor = asked!;
    setAsked(null);
    start(processor);
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Event processors
        </Title>
        <Text size="sm" c="dimmed">
          Each projection reads the event log in order. Replaying one empties its tables and rebuilds them from the first event.
        </Text>
        <ProblemAlert error={error} />
        {replay && <ReplayStatus replay={replay} onDismiss={dismiss} />}
        {processors && (
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Event processors" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Processor</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th ta="right">Position</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {processors.map((p) => {
                  const look = state(p);
                  return (
                    <Table.Tr key={p.name}>
                      <Table.Td fw={500}>{p.name}</Table.Td>
                      <Table.Td>
                        <Badge color={look.color} variant="light" title={p.segments.find((s) => s.error)?.error ?? undefined}>
                          {look.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{position(p)}</Table.Td>
                      <Table.Td ta="right">
                        {p.supports_replay ? (
                          <Button size="compact-sm" variant="light" disabled={running} onClick={() => setAsked(p.name)}
                                  aria-label={`Replay ${p.name}`}>
                            Replay
                          </Button>
                        ) : (
                          <Tooltip label="It acts on the outside world or proves the log: running it again would repeat or bless what it did">
                            <Text size="xs" c="dimmed" tabIndex={0}>
                              Not replayable
                            </Text>
                          </Tooltip>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal opened={asked !== null} onClose={() => setAsked(null)} title={`Replay ${asked}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">
            The tables of <b>{asked}</b> are emptied, then rebuilt from every event since the first. Until it has caught up, what it
            shows is incomplete. Nothing outside the platform is called again.
          </Text>
          <DialogActions onCancel={() => setAsked(null)}>
            <Button onClick={confirm}>Replay {asked}</Button>
          </DialogActions>
        </Stack>
      </Modal>
    </Paper>
  );
}

function ReplayStatus({ replay, onDismiss }: { replay: Replay; onDismiss: () => void }) {
  const p = replay.progress;
  const percent = Math.round((p?.progress ?? 0) * 100);
  const seconds = (((replay.endedAt ?? Date.now()) - replay.startedAt) / 1000).toFixed(1);
  const reached = p ? Math.max(0, ...p.segments.map((s) => s.position ?? 0)) : 0;
  if (replay.phase === 'failed') {
    return <ProblemAlert error={replay.error} onClose={onDismiss} />;
  }
  if (replay.phase === 'finished') {
    return (
      <Alert color="green" title={`Replay of ${replay.processor} finished`} withCloseButton onClose={onDismiss} role="status"
             data-testid="replay-status">
        Rebuilt from {p?.head_position.toLocaleString()} events in {seconds} s; it follows the log again.
      </Alert>
    );
  }
  return (
    <Paper withBorder p="sm" role="status" aria-label={`Replay of ${replay.processor}`} data-testid="replay-status">
      <Text size="sm" mb={6}>
        {replay.phase === 'starting' ? `Starting the replay of ${replay.processor}…` : `Replaying ${replay.processor}: event ${reached.toLocaleString()} of ${p?.head_position.toLocaleString()}`}
      </Text>
      <Progress value={percent} animated striped size="lg" aria-label={`Replay progress: ${percent} %`} />
    </Paper>
  );
}
