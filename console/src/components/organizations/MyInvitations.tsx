import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ApiError } from '../../api';
import { when } from '../../format';
import { acceptInvitation, aRole, declineInvitation, ROLE_COLOR, roleLabel, type Invitation } from '../../organizations-api';
import { useSession } from '../../session';
import { ProblemAlert } from '../ProblemAlert';

/** The invitations waiting for the signed-in user's answer; nothing when there are none. */
export function MyInvitations({ invitations, onAnswered }: { invitations: Invitation[]; onAnswered: () => void }) {
  const { signedIn } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function answer(invitation: Invitation, accept: boolean) {
    setBusy(invitation.organization_id);
    setError(null);
    try {
      if (accept) {
        // a session acting in no organization yet moves to this one: the answer is the new `me`
        signedIn(await acceptInvitation(invitation.organization_id));
        notifications.show({ color: 'green', title: 'Invitation accepted', message: `You are now ${aRole(invitation.role)} of ${invitation.organization_name}` });
      } else {
        await declineInvitation(invitation.organization_id);
        notifications.show({ color: 'gray', title: 'Invitation declined', message: invitation.organization_name });
      }
      onAnswered();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(null);
    }
  }

  if (invitations.length === 0 && !error) {
    return null;
  }
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">Your invitations</Title>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        {invitations.length > 0 && (
          <Table aria-label="Your invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Role offered</Table.Th>
                <Table.Th>Invited by</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>Answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.map((invitation) => (
                <Table.Tr key={invitation.organization_id}>
                  <Table.Td>{invitation.organization_name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ROLE_COLOR[invitation.role]}>{roleLabel(invitation.role)}</Badge>
                  </Table.Td>
                  <Table.Td>{invitation.invited_by ?? '—'}</Table.Td>
                  <Table.Td>{when(invitation.invited_at)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" loading={busy === invitation.organization_id}
                              aria-label={`Accept the invitation to ${invitation.organization_name}`} onClick={() => answer(invitation, true)}>
                        Accept
                      </Button>
                      <Button size="compact-xs" variant="default" disabled={busy === invitation.organization_id}
                              aria-label={`Decline the invitation to ${invitation.organization_name}`} onClick={() => answer(invitation, false)}>
                        Decline
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {invitations.length > 0 && <Text size="xs" c="dimmed">An invitation lapses when the owner who sent it is no longer an owner.</Text>}
      </Stack>
    </Paper>
  );
}
