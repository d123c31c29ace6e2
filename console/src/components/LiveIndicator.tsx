import { Badge, Button, Group } from '@mantine/core';
import type { StreamState } from '../events';

const LOOK: Record<StreamState, { color: string; label: string }> = {
  connecting: { color: 'gray', label: 'Connecting…' },
  live: { color: 'green', label: 'Live' },
  reconnecting: { color: 'yellow', label: 'Reconnecting…' },
  closed: { color: 'red', label: 'Live updates stopped' },
};

/** Whether the page follows the platform live, and a way to resume when the stream was refused. */
export function LiveIndicator({ state, onReconnect }: { state: StreamState; onReconnect: () => void }) {
  const look = LOOK[state];
  return (
    <Group gap="xs" role="status" aria-live="polite">
      <Badge color={look.color} variant="dot">
        {look.label}
      </Badge>
      {state === 'closed' && (
        <Button size="compact-xs" variant="subtle" onClick={onReconnect}>
          Reconnect
        </Button>
      )}
    </Group>
  );
}
