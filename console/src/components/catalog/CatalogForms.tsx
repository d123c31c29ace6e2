import { Button, Modal, Stack, Switch } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../../api';
import { ProblemAlert } from '../ProblemAlert';
import { DialogActions } from '../DialogActions';

/** A catalog form in a modal: the platform's refusal on top, in its words, the fields, then cancel and submit. */
export function FormDialog({ opened, onClose, title, submitLabel, busy, error, onDismissError, onSubmit, children, size }: {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  busy: boolean;
  error: ApiError | null;
  onDismissError: () => void;
  onSubmit: () => void;
  children: ReactNode;
  size?: string;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label={title}>
        <Stack>
          <ProblemAlert error={error} onClose={onDismissError} />
          {children}
          <DialogActions onCancel={onClose}>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Whether an entry is offered: a change is sent at once. The switch shows what was asked until the list read
 * back says otherwise (the read side follows a change a moment later); a refusal leaves it as it was.
 */
export function ActiveSwitch({ name, active, onChange }: { name: string; active: boolean; onChange: (active: boolean) => Promise<boolean> }) {
  const [shown, setShown] = useState(active);
  const [busy, setBusy] = useState(false);
  useEffect(() => setShown(active), [active]);

  async function toggle(next: boolean) {
    setBusy(true);
    try {
      if (await onChange(next)) {
        setShown(next);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Switch
      checked={shown}
      disabled={busy}
      aria-label={`${name} active`}
      label={shown ? 'Active' : 'Inactive'}
      onChange={(e) => void toggle(e.currentTarget.checked)}
    />
  );
}
