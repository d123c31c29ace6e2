import { Autocomplete, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { when } from '../../format';
import {
  addMember, aRole, changeRole, listUsers, removeMember, revokeInvitation, ROLE_COLOR, roleLabel, ROLES,
  type Invitation, type Member, type OrganizationRole, type OrganizationView, type UserAccount,
} from '../../organizations-api';
import { useAction } from '../../resource';
import { useSession } from '../../session';
import { ProblemAlert } from '../ProblemAlert';
import { DialogActions } from '../DialogActions';

/**
 * The members with their roles; for the organization's owners (and platform admins): add or invite, change a role, remove,
 * and the invitations still unanswered. Anyone may leave.
 */
export function MembersPanel({ organization, members, invitations, manage, onChanged, onLeft }: {
  organization: OrganizationView;
  members: Member[];
  invitations: Invitation[] | null;
  manage: boolean;
  onChanged: () => void;
  onLeft: () => void;
}) {
  const { me } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const [changing, setChanging] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const emails = members.some((m) => m.email !== undefined);

  async function setRole(member: Member, role: OrganizationRole) {
    setChanging(member.user_id);
    setError(null);
    try {
      await changeRole(organization.id, member.user_id, role);
      notifications.show({ color: 'green', title: 'Role changed', message: `${member.username} is now ${aRole(role)} of ${organization.name}` });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setChanging(null);
      onChanged();
    }
  }

  async function revoke(invitation: Invitation) {
    setError(null);
    try {
      await revokeInvitation(organization.id, invitation.user_id);
      notifications.show({ color: 'gray', title: 'Invitation revoked', message: invitation.username });
      onChanged();
    } catch (e) {
      setError(e as ApiError);
    }
  }

  return (
    <Stack>
      <ProblemAlert error={error} onClose={() => setError(null)} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped aria-label="Members" data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Display name</Table.Th>
              {emails && <Table.Th>Email</Table.Th>}
              <Table.Th>Role</Table.Th>
              <Table.Th>Joined</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => {
              const self = member.user_id === me?.user_id;
              return (
                <Table.Tr key={member.user_id} data-testid={`member-${member.username}`}>
                  <Table.Td ff="monospace" title={member.user_id}>
                    {member.username}
                    {self && <Badge ml="xs" size="xs" variant="outline">you</Badge>}
                  </Table.Td>
                  <Table.Td>{member.display_name ?? '—'}</Table.Td>
                  {emails && <Table.Td>{member.email ?? '—'}</Table.Td>}
                  <Table.Td>
                    {manage ? (
                      <Select aria-label={`Role of ${member.username}`} size="xs" w={120} allowDeselect={false} data={ROLES}
                              value={member.role} disabled={changing === member.user_id}
                              onChange={(role) => role && role !== member.role && setRole(member, role as OrganizationRole)} />
                    ) : (
                      <Badge variant="light" color={ROLE_COLOR[member.role]}>{roleLabel(member.role)}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{when(member.joined_at)}</Table.Td>
                  <Table.Td>
                    {(manage || self) && (
                      <Button size="compact-xs" variant="light" color="red" onClick={() => setRemoving(member)}
                              aria-label={self ? `Leave ${organization.name}` : `Remove ${member.username}`}>
                        {self ? 'Leave' : 'Remove'}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {manage && <AddMemberForm organization={organization} onAdded={onChanged} />}
      {manage && invitations && invitations.length > 0 && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={4}>Invitations waiting for an answer</Title>
            <Table aria-label="Pending invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Username</Table.Th>
                  <Table.Th>Role offered</Table.Th>
                  <Table.Th>Invited by</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.map((invitation) => (
                  <Table.Tr key={invitation.user_id}>
                    <Table.Td ff="monospace">{invitation.username}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={ROLE_COLOR[invitation.role]}>{roleLabel(invitation.role)}</Badge>
                    </Table.Td>
                    <Table.Td>{invitation.invited_by ?? '—'}</Table.Td>
                    <Table.Td>{when(invitation.invited_at)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" color="red" aria-label={`Revoke the invitation of ${invitation.username}`}
                              onClick={() => revoke(invitation)}>
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
      )}
      <RemoveMemberModal organization={organization} member={removing}
                         onClose={() => setRemoving(null)}
                         onRemoved={(self) => (self ? onLeft() : onChanged())} />
    </Stack>
  );
}

/**
 * A platform admin adds the user at once; an owner invites them, and they join when they accept. The user is named by
 * username or email; platform admins, who may list users, get suggestions.
 */
function AddMemberForm({ organization, onAdded }: { organization: OrganizationView; onAdded: () => void }) {
  const { me } = useSession();
  const direct = me?.platform_role === 'ADMIN';
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<string | null>('MEMBER');
  const { busy, error, setError, run } = useAction();

  async function add(event: FormEvent) {
    event.preventDefault();
    const who = login.trim();
    await run(async () => {
      await addMember(organization.id, who, (role ?? 'MEMBER') as OrganizationRole);
      notifications.show(direct
        ? { color: 'green', title: 'Member added', message: `${who} is now ${aRole(role as OrganizationRole)} of ${organization.name}` }
        : { color: 'green', title: 'Invitation sent', message: `${who} joins ${organization.name} once they accept` });
      setLogin('');
      onAdded();
    });
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={add} aria-label={direct ? 'Add a member' : 'Invite a member'}>
      <Stack gap="xs">
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Group align="flex-end" wrap="wrap">
          {direct
            ? <UserField value={login} onChange={setLogin} />
            : (
              <TextInput label="User" description="Username or email of an existing user" required w={320} value={login}
                         onChange={(e) => setLogin(e.currentTarget.value)} />
            )}
          <Select label="Role" w={140} allowDeselect={false} data={ROLES} value={role} onChange={setRole} />
          <Button type="submit" loading={busy}>
            {direct ? 'Add member' : 'Invite'}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {direct
            ? 'As a platform admin you add the user at once.'
            : 'The user is invited and joins once they accept, from their Organizations page.'}
        </Text>
      </Stack>
    </Paper>
  );
}

/** A username or email, with the accounts that match suggested as one types (the platform searches; no filter here). */
function UserField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [q] = useDebouncedValue(value.trim(), 250);
  const [found, setFound] = useState<UserAccount[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!q) {
      setFound([]);
      return;
    }
    let current = true;
    listUsers(q, 0, 10).then(
      (page) => {
        if (current) {
          setError(null);
          setFound(page.items.filter((u) => u.active));
        }
      },
      (e: ApiError) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [q]);

  const about = (username: string) => {
    const user = found.find((u) => u.username === username);
    return user ? [user.display_name, user.email].filter(Boolean).join(', ') : '';
  };

  return (
    <Stack gap={4}>
      <Autocomplete label="User" description="Username or email of an existing user" required w={320} value={value}
                    onChange={onChange} data={found.map((u) => u.username)} filter={({ options }) => options}
                    renderOption={({ option }) => (
                      <Stack gap={0}>
                        <Text size="sm" ff="monospace">{option.value}</Text>
                        {about(option.value) && <Text size="xs" c="dimmed">{about(option.value)}</Text>}
                      </Stack>
                    )} />
      {error && <Text size="xs" c="red" role="alert">{`Users could not be listed: ${error.message}`}</Text>}
    </Stack>
  );
}

function RemoveMemberModal({ organization, member, onClose, onRemoved }: {
  organization: OrganizationView;
  member: Member | null;
  onClose: () => void;
  onRemoved: (self: boolean) => void;
}) {
  const { busy, error, setError, run } = useAction();
  const { me } = useSession();
  const [shown, setShown] = useState(member);
  // the dialog still shows who it was about while it fades out
  useEffect(() => {
    if (member) {
      setShown(member);
    }
  }, [member]);
  const subject = member ?? shown;
  const self = subject?.user_id === me?.user_id;

  function close() {
    setError(null);
    onClose();
  }

  async function remove() {
    if (!member) {
      return;
    }
    await run(async () => {
      await removeMember(organization.id, member.user_id);
      notifications.show(self
        ? { color: 'yellow', title: 'You left the organization', message: organization.name }
        : { color: 'yellow', title: 'Member removed', message: `${member.username} is no longer in ${organization.name}` });
      close();
      onRemoved(self);
    });
  }

  const title = self ? `Leave ${organization.name}?` : `Remove ${subject?.username} from ${organization.name}?`;
  return (
    <Modal opened={member !== null} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title={title}>
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Text size="sm">
          {self
            ? 'You lose access to its instances, keys and model services. An owner may invite you again.'
            : 'They lose access to its instances, keys and model services at once. What they did stays in the action log.'}
        </Text>
        <DialogActions onCancel={close}>
          <Button color="red" loading={busy} onClick={remove}>
            {self ? 'Leave organization' : 'Remove member'}
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
