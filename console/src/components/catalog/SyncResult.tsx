import { Alert, Badge, Box, Group, List, Stack, Text } from '@mantine/core';
import type { SyncOutcome } from '../../catalog-api';
import { when } from '../../format';

/** What the last sync asked here saw at each provider, and what the catalog refused of it. */
export function SyncResult({ outcomes, at, onClose }: { outcomes: SyncOutcome[]; at: string; onClose: () => void }) {
  const refused = outcomes.reduce((n, o) => n + o.refused.length, 0);
  return (
    <Box component="section" aria-label="Sync result">
    <Alert
      color={refused > 0 ? 'yellow' : 'teal'}
      title={`Catalog sync at ${when(at)}`}
      withCloseButton
      closeButtonLabel="Dismiss the sync result"
      onClose={onClose}
      data-testid="sync-result"
    >
      {outcomes.length === 0 ? (
        <Text size="sm">
          No provider sells through an API this platform reads its catalog from: nothing was synced, and the entries here are kept by hand.
        </Text>
      ) : (
        <Stack gap="xs">
          {outcomes.map((o) => (
            <div key={o.provider}>
              <Group gap="xs">
                <Text fw={600} ff="monospace">
                  {o.provider}
                </Text>
                <Text size="sm">
                  {o.zones.length} {o.zones.length === 1 ? 'zone' : 'zones'} read ({o.zones.join(', ') || 'none'}), {o.instance_types}{' '}
                  {o.instance_types === 1 ? 'instance type' : 'instance types'} on sale
                </Text>
                {o.refused.length === 0 ? <Badge color="teal" variant="light">in line</Badge> : <Badge color="yellow">{o.refused.length} refused</Badge>}
              </Group>
              {o.refused.length > 0 && (
                <List size="sm" mt={4}>
                  {o.refused.map((r) => (
                    <List.Item key={r}>{r}</List.Item>
                  ))}
                </List>
              )}
            </div>
          ))}
        </Stack>
      )}
    </Alert>
    </Box>
  );
}
