import { Badge, Button, Group, Modal, Pagination, PasswordInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { when } from '../../format';
import { createUser, listUsers, setUserActive, type PlatformRole, type UserAccount } from '../../organizations-api';
import { useAction, useResource } from '../../resource';
import { useSession } from '../../session';
import { ProblemAlert } from '../ProblemAlert';
import { DialogActions } from '../DialogActions';

const PAGE_SIZE = 25;

/** The platform's accounts (platform admins only): search, create, deactivate and reactivate. `version` changes on user events. */
export function UsersPanel({ version }: { version: number }) {
  const { me } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const { data, error, reload } = useResource(() => listUsers(q, page - 1, PAGE_SIZE), [q, page, version]);
  const [creating, createDialog] = useDisclosure();
  const [deactivating, setDeactivating] = useState<UserAccount | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  async function reactivate(user: UserAccount) {
    setActionError(null);
    try {
      await setUserActive(user.user_id, true);
      notifications.show({ color: 'green', title: 'User reactivated', message: `${user.username} may log in again` });
      reload();
    } catch (e) {
      setActionError(e as ApiError);
    }
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <TextInput label="Search users" placeholder="Username, email or name" w={320} value={search}
                   onChange={(e) => {
                     setSearch(e.currentTarget.value);
                     setPage(1);
                   }} />
        <Button onClick={createDialog.open}>Create a user</Button>
      </Group>
      <ProblemAlert error={error} />
      <ProblemAlert error={actionError} onClose={() => setActionError(null)} />
      {data && data.items.length === 0 && <Text c="dimmed">{q ? `No user matches "${q}".` : 'No users.'}</Text>}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Users" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Username</Table.Th>
                <Table.Th>Display name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Platform role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((user) => (
                <Table.Tr key={user.user_id}>
                  <Table.Td ff="monospace" title={user.user_id}>{user.username}</Table.Td>
                  <Table.Td>{user.display_name ?? '—'}</Table.Td>
                  <Table.Td>{user.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={user.platform_role === 'ADMIN' ? 'yellow' : 'gray'}>
                      {user.platform_role === 'ADMIN' ? 'Platform admin' : 'User'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={user.active ? 'green' : 'gray'}>{user.active ? 'active' : 'deactivated'}</Badge>
                  </Table.Td>
                  <Table.Td>{when(user.created_at)}</Table.Td>
                  <Table.Td>
                    {user.active && user.user_id !== me?.user_id && (
                      <Button size="compact-xs" variant="light" color="red" aria-label={`Deactivate ${user.username}`}
                              onClick={() => setDeactivating(user)}>
                        Deactivate
                      </Button>
                    )}
                    {!user.active && (
                      <Button size="compact-xs" variant="default" aria-label={`Reactivate ${user.username}`} onClick={() => reactivate(user)}>
                        Reactivate
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data && pages > 1 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{`${data.total} users`}</Text>
          <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of users" />
        </Group>
      )}
      <CreateUserModal opened={creating} onClose={createDialog.close} onCreated={reload} />
      <DeactivateModal user={deactivating} onClose={() => setDeactivating(null)} onDone={reload} />
    </Stack>
  );
}

function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>('USER');
  const { busy, error, setError, run } = useAction();

  function close() {
    setUsername('');
    setEmail('');
    setDisplayName('');
    setPassword('');
    setRole('USER');
    setError(null);
    onClose();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const user = await createUser({
        username,
        email: email.trim() || undefined,
        display_name: displayName.trim() || undefined,
        password,
        platform_role: (role ?? 'USER') as PlatformRole,
      });
      notifications.show({ color: 'green', title: 'User created', message: `${user.username} may log in` });
      onCreated();
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Create a user">
      <form onSubmit={create} aria-label="New user">
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <TextInput label="Username" required maxLength={63} value={username} onChange={(e) => setUsername(e.currentTarget.value)}
                     description="Stored in lowercase" data-autofocus />
          <TextInput label="Email" type="email" maxLength={254} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Display name" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
          <PasswordInput label="Password" required description="At least 8 characters" value={password}
                         onChange={(e) => setPassword(e.currentTarget.value)} />
          <Select label="Platform role" allowDeselect={false} value={role} onChange={setRole}
                  data={[{ value: 'USER', label: 'User' }, { value: 'ADMIN', label: 'Platform admin' }]} />
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy}>
              Create user
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

function DeactivateModal({ user, onClose, onDone }: { user: UserAccount | null; onClose: () => void; onDone: () => void }) {
  const { busy, error, setError, run } = useAction();
  const [shown, setShown] = useState(user);
  // the dialog still shows who it was about while it fades out
  useEffect(() => {
    if (user) {
      setShown(user);
    }
  }, [user]);

  async function deactivate() {
    if (!user) {
      return;
    }
    await run(async () => {
      await setUserActive(user.user_id, false);
      notifications.show({ color: 'yellow', title: 'User deactivated', message: `${user.username} can no longer log in` });
      onDone();
      onClose();
    });
  }

  return (
    <Modal opened={user !== null} onClose={() => {
      setError(null);
      onClose();
    }} closeButtonProps={{ 'aria-label': 'Close' }} title={`Deactivate ${(user ?? shown)?.username}?`}>
      <Stack>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Text size="sm">Their sessions end and they can no longer log in. The account and its history stay; it may be reactivated.</Text>
        <DialogActions onCancel={onClose}>
          <Button color="red" loading={busy} onClick={deactivate}>
            Deactivate user
          </Button>
        </DialogActions>
      </Stack>
    </Modal>
  );
}
