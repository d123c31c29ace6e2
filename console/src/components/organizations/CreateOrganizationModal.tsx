import { Button, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { createOrganization, type OrganizationView } from '../../organizations-api';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { DialogActions } from '../DialogActions';

/** Anyone signed in may create an organization; they become its owner. */
export function CreateOrganizationModal({ opened, onClose, onCreated }: {
  opened: boolean;
  onClose: () => void;
  onCreated: (organization: OrganizationView) => void;
}) {
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();

  function close() {
    setName('');
    setError(null);
    onClose();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const created = await createOrganization(name);
      notifications.show({ color: 'green', title: 'Organization created', message: `${created.name}: you are its owner` });
      onCreated(created);
      close();
    });
  }

  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': 'Close' }} title="Create an organization">
      <form onSubmit={create} aria-label="New organization">
        <Stack>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Text size="sm" c="dimmed">
            You become its owner. Organizations own instances, API keys and model services, and are billed apart.
          </Text>
          <DialogActions onCancel={close}>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}
