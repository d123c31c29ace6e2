import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** The foot of a dialog: Cancel, then what the dialog is for (its button, given as children). */
export function DialogActions({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      {children}
    </Group>
  );
}
