import { Badge, Code, Paper, Spoiler, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { ActionLogEntry, InstanceStatus } from '../../api';
import { installActions } from '../../audit-api';
import { when } from '../../format';
import { useResource } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { between, duration } from './duration';

type Outcome = 'done' | 'failed' | 'running' | 'interrupted';

interface Phase {
  attempt: number;
  name: string;
  started: string;
  ended: string | null;
  outcome: Outcome;
  /** what the script printed during the phase, or why it failed */
  output: string | null;
}

const LOOK: Record<Outcome, { label: string; color: string }> = {
  done: { label: 'Done', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  running: { label: 'Running', color: 'blue' },
  interrupted: { label: 'Interrupted', color: 'gray' },
};

const field = (a: ActionLogEntry, name: string) => a.metadata?.[name];

/**
 * The phases of each installation attempt, from the installer's actions: a phase lasts until the next one is reached, the worker
 * is installed, or the attempt fails there. What the script printed during a phase comes with the next phase reached.
 */
function phases(actions: ActionLogEntry[], status: InstanceStatus): Phase[] {
  const out: Phase[] = [];
  const open = new Map<number, Phase>();
  for (const a of actions) {
    const attempt = Number(field(a, 'attempt') ?? 1);
    const current = open.get(attempt);
    if (a.action_type === 'INSTALL_PHASE_REACHED') {
      if (current) {
        Object.assign(current, { ended: a.created_at, outcome: 'done', output: (field(a, 'excerpt') as string | null) ?? null });
      }
      const phase: Phase = { attempt, name: String(field(a, 'phase') ?? '?'), started: a.created_at, ended: null, outcome: 'running', output: null };
      out.push(phase);
      open.set(attempt, phase);
    } else if (a.action_type === 'INSTALL_ATTEMPT_FAILED') {
      const reason = a.reason ?? (field(a, 'reason') as string | null) ?? null;
      if (current) {
        Object.assign(current, { ended: a.created_at, outcome: 'failed', output: reason });
      } else {
        out.push({ attempt, name: String(field(a, 'phase') ?? '?'), started: a.created_at, ended: a.created_at, outcome: 'failed', output: reason });
      }
      open.delete(attempt);
    } else if (a.action_type === 'WORKER_INSTALLED') {
      if (current) Object.assign(current, { ended: a.created_at, outcome: 'done' });
      open.delete(attempt);
    }
  }
  // a phase still open runs only while the instance is installing; otherwise its attempt was cut short (terminated, timed out)
  for (const phase of open.values()) {
    if (status !== 'INSTALLING') phase.outcome = 'interrupted';
  }
  return out;
}

/** Each install phase with its outcome and duration, read again whenever `version` changes (each change of the instance). */
export function InstallPhases({ instanceId, status, version }: { instanceId: string; status: InstanceStatus; version: number }) {
  const { data: actions, error, reload } = useResource(() => installActions(instanceId), [instanceId]);
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const list = actions ? phases(actions, status) : [];
  const attempts = new Set(list.map((p) => p.attempt)).size;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm" id="install-phases-title">
        Install phases
      </Title>
      <ProblemAlert error={error} />
      {actions && list.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="install-phases-empty">
          Not installed yet: the phases appear here as the installer reaches them.
        </Text>
      )}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-labelledby="install-phases-title" verticalSpacing={4} data-testid="install-phases">
            <Table.Thead>
              <Table.Tr>
                {attempts > 1 && <Table.Th>Attempt</Table.Th>}
                <Table.Th>Phase</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th ta="right">Duration</Table.Th>
                <Table.Th>Output</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((p, n) => (
                <Table.Tr key={n}>
                  {attempts > 1 && <Table.Td>{p.attempt}</Table.Td>}
                  <Table.Td>
                    <Code>{p.name}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={LOOK[p.outcome].color} variant="light">
                      {LOOK[p.outcome].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{when(p.started)}</Table.Td>
                  <Table.Td ta="right">{p.ended ? duration(between(p.started, p.ended)) : '—'}</Table.Td>
                  <Table.Td maw={420}>
                    {p.output && (
                      <Spoiler maxHeight={40} showLabel="Show all" hideLabel="Show less">
                        <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                          {p.output}
                        </Text>
                      </Spoiler>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
