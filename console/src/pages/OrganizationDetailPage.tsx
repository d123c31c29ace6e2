import { Anchor, Badge, Button, DataList, Group, Modal, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ActionRecorded } from '../api';
import { BudgetPanel, QuotaPanel } from '../components/organizations/LimitsPanels';
import { MembersPanel } from '../components/organizations/MembersPanel';
import { useSwitchOrganization } from '../components/organizations/useSwitchOrganization';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import { when } from '../format';
import {
  getBudget, getOrganization, includes, isOrganizationAction, listInvitations, listMembers, organizationOf, renameOrganization,
  ROLE_COLOR, roleLabel, type OrganizationView,
} from '../organizations-api';
import { useAction, useResource } from '../resource';
import { useSession } from '../session';
import { DialogActions } from '../components/DialogActions';

/** One organization: its members and their roles, its invitations, its token budget and instance quota. */
export function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const platformAdmin = me?.platform_role === 'ADMIN';
  const { data: organization, setData: setOrganization, error, reload } = useResource(() => getOrganization(id), [id]);
  const role = organization?.your_role ?? null;
  const owner = platformAdmin || role === 'OWNER';
  const members = useResource(() => listMembers(id), [id]);
  // only owners (and platform admins) may read the invitations
  const invitations = useResource(() => (owner ? listInvitations(id) : Promise.resolve(null)), [id, owner]);
  const budget = useResource(() => getBudget(id), [id]);
  const switching = useSwitchOrganization();
  const [renaming, renameDialog] = useDisclosure();

  const reloadAll = () => {
    reload();
    members.reload();
    invitations.reload();
    budget.reload();
  };

  // a change is often several events at once (a member added, then the session moved): read again once they settle
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const [stream, reconnect] = useEventStream(['actions'], {
    ready: reloadAll,
    action: (data) => {
      const action = data as ActionRecorded;
      if (!isOrganizationAction(action) || organizationOf(action) !== id) {
        return;
      }
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        reloadAll();
        // a change to one's own role in the organization one acts in: the header and the rights follow
        if (action.metadata?.user_id === me?.user_id && switching.currentId === id) {
          switching.refreshMe();
        }
      }, 300);
    },
  });

  // the stream of someone who is not a platform admin follows the organization they act in
  const acting = useRef(switching.currentId);
  useEffect(() => {
    if (acting.current !== switching.currentId) {
      acting.current = switching.currentId;
      if (!platformAdmin) {
        reconnect();
      }
    }
  }, [switching.currentId, platformAdmin, reconnect]);

  const current = switching.currentId === id;
  return (
    <Stack>
      <Anchor component={Link} to="/organizations" size="sm">
        ← Organizations
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{organization ? organization.name : 'Organization'}</Title>
          {organization && (role
            ? <Badge variant="light" color={ROLE_COLOR[role]}>{`You: ${roleLabel(role).toLowerCase()}`}</Badge>
            : <Badge variant="light" color="gray">You are not a member</Badge>)}
          {current && <Badge color="green" variant="light">Current organization</Badge>}
        </Group>
        <Group>
          <LiveIndicator state={stream} onReconnect={reconnect} />
          {organization && (platformAdmin || includes(role, 'ADMIN')) && (
            <Button variant="default" onClick={renameDialog.open}>
              Rename
            </Button>
          )}
          {organization && !current && (
            <Button loading={switching.switching === id} onClick={() => switching.switchTo(id, organization.name)}>
              Act in this organization
            </Button>
          )}
        </Group>
      </Group>
      <ProblemAlert error={error} />
      <ProblemAlert error={switching.error} onClose={() => switching.setError(null)} />
      {organization && (
        <>
          <Paper withBorder p="md">
            <DataList labelWidth={200} aria-label="Organization details">
              <Item label="Members">{String(organization.members)}</Item>
              <Item label="Unfinished instances">{String(organization.unfinished_instances)}</Item>
              <Item label="Created">{when(organization.created_at)}</Item>
              <Item label="Changed">{when(organization.updated_at)}</Item>
              <Item label="Organization id">
                <Text size="sm" ff="monospace">{organization.id}</Text>
              </Item>
            </DataList>
          </Paper>

          <Title order={3}>Members</Title>
          <ProblemAlert error={members.error} />
          <ProblemAlert error={invitations.error} />
          {members.data && (
            <MembersPanel organization={organization} members={members.data} invitations={invitations.data} manage={owner}
                          onChanged={reloadAll}
                          onLeft={() => {
                            switching.refreshMe();
                            navigate('/organizations');
                          }} />
          )}

          <ProblemAlert error={budget.error} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <BudgetPanel organization={organization} budget={budget.data} editable={owner} onChanged={budget.setData} />
            <QuotaPanel organization={organization} editable={platformAdmin} onChanged={setOrganization} />
          </SimpleGrid>
          <RenameModal organization={organization} opened={renaming} onClose={renameDialog.close} onRenamed={(renamed) => {
            setOrganization(renamed);
            if (current) {
              switching.refreshMe();
            }
          }} />
        </>
      )}
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function RenameModal({ organization, opened, onClose, onRenamed }: {
  organization: OrganizationView;
  opened: boolean;
  onClose: () => void;
  onRenamed: (organization: OrganizationView) => void;
}) {
  const [name, setName] = useState(organization.name);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (opened) {
      setName(organization.name);
    }
  }, [opened, organization.name]);

  function close() {
    setError(null);
    onClose();
  }

  async function rename(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const renamed = await renameOrganization(organization.id, name);
      notifications.show({ color: 'green', title: 'Organization renamed', message: renamed.name });
      onRenamed(renamed);
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title={`Rename ${organization.name}`}>
      <form onSubmit={rename} aria-label="Rename the organization">
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy}>
              Rename
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
