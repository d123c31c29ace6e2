import { Anchor, Badge, Button, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ActionRecorded } from '../api';
import { CreateOrganizationModal } from '../components/organizations/CreateOrganizationModal';
import { MyInvitations } from '../components/organizations/MyInvitations';
import { UsersPanel } from '../components/organizations/UsersPanel';
import { useSwitchOrganization } from '../components/organizations/useSwitchOrganization';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { when } from '../format';
import {
  fetchMe, isOrganizationAction, isUserAction, listOrganizations, ROLE_COLOR, roleLabel, type OrganizationView,
} from '../organizations-api';
import { useResource } from '../resource';
import { useSession } from '../session';

/** The organizations one belongs to (every one, for platform admins), the invitations waiting, and the platform's users. */
export function OrganizationsPage() {
  const { me } = useSession();
  const platformAdmin = me?.platform_role === 'ADMIN';
  const [params, setParams] = useSearchParams();
  const tab = platformAdmin && params.get('tab') === 'users' ? 'users' : 'organizations';
  const organizations = useResource(listOrganizations, []);
  const mine = useResource(fetchMe, []);
  const [usersVersion, setUsersVersion] = useState(0);
  const [creating, createDialog] = useDisclosure();
  const switching = useSwitchOrganization();

  // a burst of actions (a member added, then the session moved) is read once it has settled
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const reloadSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      organizations.reload();
      mine.reload();
    }, 300);
  };

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: () => {
      organizations.reload();
      mine.reload();
      setUsersVersion((n) => n + 1);
    },
    action: (data) => {
      const action = data as ActionRecorded;
      if (isOrganizationAction(action)) {
        reloadSoon();
      } else if (isUserAction(action)) {
        setUsersVersion((n) => n + 1);
      }
    },
  });

  // the stream of someone who is not a platform admin follows the organization they act in: follow the new one
  const acting = useRef(switching.currentId);
  useEffect(() => {
    if (acting.current !== switching.currentId) {
      acting.current = switching.currentId;
      organizations.reload();
      if (!platformAdmin) {
        reconnect();
      }
    }
  }, [switching.currentId, platformAdmin, organizations.reload, reconnect]);

  const list = (
    <Stack>
      <ProblemAlert error={organizations.error} />
      <ProblemAlert error={switching.error} onClose={() => switching.setError(null)} />
      {organizations.data && organizations.data.length === 0 && (
        <Text c="dimmed">You belong to no organization yet. Create one, or accept an invitation.</Text>
      )}
      {organizations.data && organizations.data.length > 0 && (
        <OrganizationsTable organizations={organizations.data} currentId={switching.currentId} switchingId={switching.switching}
                            onSwitch={switching.switchTo} />
      )}
    </Stack>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Organizations</Title>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          <Button onClick={createDialog.open}>Create an organization</Button>
        </Group>
      </Group>
      <ProblemAlert error={mine.error} />
      {mine.data && <MyInvitations invitations={mine.data.invitations} onAnswered={() => {
        mine.reload();
        organizations.reload();
      }} />}
      {platformAdmin ? (
        <Tabs value={tab} onChange={(value) => setParams(value === 'users' ? { tab: 'users' } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="organizations">Organizations</Tabs.Tab>
            <Tabs.Tab value="users">Users</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="organizations" pt="md">
            {list}
          </Tabs.Panel>
          <Tabs.Panel value="users" pt="md">
            <UsersPanel version={usersVersion} />
          </Tabs.Panel>
        </Tabs>
      ) : list}
      <CreateOrganizationModal opened={creating} onClose={createDialog.close} onCreated={() => {
        organizations.reload();
        // a session that acted in no organization now acts in the new one
        if (!switching.currentId) {
          switching.refreshMe();
        }
      }} />
    </Stack>
  );
}

function OrganizationsTable({ organizations, currentId, switchingId, onSwitch }: {
  organizations: OrganizationView[];
  currentId: string | null;
  switchingId: string | null;
  onSwitch: (id: string, name: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped aria-label="Organizations" data-testid="organizations-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Your role</Table.Th>
            <Table.Th>Members</Table.Th>
            <Table.Th>Unfinished instances</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Current organization</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {organizations.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/organizations/${o.id}`} aria-label={`Organization ${o.name}`}>
                  {o.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {o.your_role
                  ? <Badge variant="light" color={ROLE_COLOR[o.your_role]}>{roleLabel(o.your_role)}</Badge>
                  : <Text size="sm" c="dimmed">not a member</Text>}
              </Table.Td>
              <Table.Td>{o.members}</Table.Td>
              <Table.Td>{o.max_instances == null ? `${o.unfinished_instances}` : `${o.unfinished_instances} of at most ${o.max_instances}`}</Table.Td>
              <Table.Td>{when(o.created_at)}</Table.Td>
              <Table.Td>
                {o.id === currentId
                  ? <Badge color="green" variant="light">Current</Badge>
                  : (
                    <Button size="compact-xs" variant="default" loading={switchingId === o.id} disabled={switchingId !== null}
                            aria-label={`Act in ${o.name}`} onClick={() => onSwitch(o.id, o.name)}>
                      Switch to
                    </Button>
                  )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
