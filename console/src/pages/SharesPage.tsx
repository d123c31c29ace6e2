import { Anchor, Badge, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, type ActionRecorded, type Organization, type Share } from '../api';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { when } from '../format';
import { useResource } from '../resource';
import { useSession } from '../session';

const STATUS_COLOR: Record<Share['status'], string> = { active: 'green', paused: 'yellow', revoked: 'gray' };

/**
 * What the organization shares with others and what others share with it, each at its own price. A share is
 * granted and changed from its model service's page (the provider's side); this page is where both sides see them all.
 */
export function SharesPage() {
  const [withRevoked, setWithRevoked] = useState(false);
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [orgError, setOrgError] = useState<ApiError | null>(null);
  // a side (role) is the organization one acts in, platform admins included; it changes when one switches organization
  const organization = useSession().me?.current_organization?.id;
  const read = (role: 'provider' | 'consumer') => api<{ items: Share[] }>(`/shares?role=${role}&include_revoked=${withRevoked}`).then((s) => s.items);
  const offered = useResource(() => read('provider'), [withRevoked, organization]);
  const received = useResource(() => read('consumer'), [withRevoked, organization]);

  useEffect(() => {
    api<Organization[]>('/organizations').then(setOrganizations, (e: ApiError) => setOrgError(e));
  }, []);

  const reload = () => {
    offered.reload();
    received.reload();
  };
  const [stream, reconnect] = useEventStream(['actions'], {
    ready: reload,
    action: (data) => (data as ActionRecorded).component === 'share' && reload(),
  });
  const orgName = (id: string) => organizations.find((o) => o.id === id)?.name ?? id;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Shares</Title>
        <Group>
          <Switch label="Show revoked shares" checked={withRevoked} onChange={(e) => setWithRevoked(e.currentTarget.checked)} />
          <LiveIndicator state={stream} onReconnect={reconnect} />
        </Group>
      </Group>
      <ProblemAlert error={orgError} />
      <Title order={3} size="h4">Offered to other organizations</Title>
      <Text size="sm" c="dimmed">Grant, re-price, pause or revoke a share from its model service&apos;s page.</Text>
      <ProblemAlert error={offered.error} />
      {offered.data && <SharesTable label="Shares offered" shares={offered.data} other={(s) => orgName(s.consumer_organization_id)} otherTitle="Consumer" linkService />}
      <Title order={3} size="h4">Received from other organizations</Title>
      <Text size="sm" c="dimmed">Your API keys may call these services, at the share&apos;s price, while the share is active.</Text>
      <ProblemAlert error={received.error} />
      {received.data && <SharesTable label="Shares received" shares={received.data} other={(s) => orgName(s.provider_organization_id)} otherTitle="Provider" />}
    </Stack>
  );
}

function SharesTable({ label, shares, other, otherTitle, linkService = false }: {
  label: string;
  shares: Share[];
  other: (share: Share) => string;
  otherTitle: string;
  linkService?: boolean;
}) {
  if (shares.length === 0) {
    return <Text c="dimmed">None.</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model service</Table.Th>
            <Table.Th>{otherTitle}</Table.Th>
            <Table.Th>Prompt EUR / 1k tokens</Table.Th>
            <Table.Th>Completion EUR / 1k tokens</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Since</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shares.map((share) => (
            <Table.Tr key={share.id}>
              <Table.Td>
                {linkService
                  ? <Anchor component={Link} to={`/model-services/${share.model_service_id}`}>{share.model_service_name}</Anchor>
                  : share.model_service_name}
              </Table.Td>
              <Table.Td>{other(share)}</Table.Td>
              <Table.Td>{share.prompt_price_per_1k_eur}</Table.Td>
              <Table.Td>{share.completion_price_per_1k_eur}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[share.status]} variant="light" title={share.pause_reason ?? share.revoke_reason ?? undefined}>
                  {share.status}
                </Badge>
              </Table.Td>
              <Table.Td>{when(share.created_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
