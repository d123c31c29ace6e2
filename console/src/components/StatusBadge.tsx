import { Badge } from '@mantine/core';
import type { InstanceStatus } from '../api';

const STATUS_COLOR: Record<InstanceStatus, string> = {
  PROVISIONING: 'blue',
  BOOTING: 'blue',
  INSTALLING: 'blue',
  STARTING: 'cyan',
  READY: 'green',
  UNREACHABLE: 'orange',
  DRAINING: 'yellow',
  TERMINATING: 'yellow',
  TERMINATED: 'gray',
  PROVISIONING_FAILED: 'red',
  STARTUP_FAILED: 'red',
  FAILED: 'red',
};

/** Ended for good: nothing more can be asked of the instance but to archive it. */
export const FINISHED: InstanceStatus[] = ['TERMINATED', 'PROVISIONING_FAILED'];

/** Already on its way out: asking again to terminate changes nothing. */
export const ENDING: InstanceStatus[] = ['DRAINING', 'TERMINATING', ...FINISHED];

/** Where an instance's life stands, in a colour one reads at a glance; the last reason on hover. */
export function StatusBadge({ status, reason }: { status: InstanceStatus; reason?: string | null }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} title={reason ?? undefined}>
      {status}
    </Badge>
  );
}
