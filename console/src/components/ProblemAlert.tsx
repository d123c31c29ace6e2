import { Alert } from '@mantine/core';
import type { ApiError } from '../api';

/** An answer of the platform that was not a success, in its own words. */
export function ProblemAlert({ error, onClose }: { error: ApiError | null; onClose?: () => void }) {
  if (!error) {
    return null;
  }
  return (
    <Alert color="red" title={error.title} role="alert" withCloseButton={!!onClose} onClose={onClose}>
      {error.message}
    </Alert>
  );
}
