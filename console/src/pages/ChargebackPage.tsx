import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type ActionRecorded } from '../api';
import { IssuedStatementDialog } from '../components/finops/IssuedStatementDialog';
import { actorName, count } from '../components/finops/figures';
import { asQuery, describe, PeriodPicker, resolve, type PeriodChoice } from '../components/finops/PeriodPicker';
import { RepricingPanel } from '../components/finops/RepricingPanel';
import { LineTable } from '../components/finops/StatementLines';
import { useSoon } from '../components/finops/useSoon';
import { LiveIndicator } from '../components/LiveIndicator';
import { ProblemAlert } from '../components/ProblemAlert';
import { useEventStream } from '../events';
import {
  issuedStatements, issueStatement, machineChargeback, statements, statementsCsvUrl, useNames, type IssuedStatement, type MachineChargeback, type Names,
  type Statement,
} from '../finops-api';
import { shortId, when } from '../format';
import { useAction, useResource } from '../resource';
import { useSession } from '../session';

/**
 * What organizations owe each other for the use of their model services: the statements of a period with
 * their lines, as CSV too; issuing a statement for an ended period and reading it back beside the books;
 * re-pricing a period at corrected prices; and the machines' cost split between the organizations they
 * served. Read again when usage is recorded or a statement issued, never on a timer.
 */
export function ChargebackPage() {
  const { me } = useSession();
  const [choice, setChoice] = useState<PeriodChoice>(() => resolve('this-month'));
  const period = asQuery(choice);
  const { names, error: namesError, reload: reloadNames } = useNames();
  const found = useResource(() => statements(period), [choice]);
  const issued = useResource(() => issuedStatements(), []);
  const machines = useResource(() => machineChargeback(period), [choice]);
  const [opened, setOpened] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(me?.current_organization?.id ?? null);
  const [consumer, setConsumer] = useState<string | null>(null);
  const issuing = useAction();
  const [lastIssued, setLastIssued] = useState<IssuedStatement | null>(null);

  const readBooks = () => {
    found.reload();
    machines.reload();
  };
  const readBooksSoon = useSoon(readBooks);
  const [stream, reconnect] = useEventStream(['actions'], {
    ready: () => {
      readBooks();
      issued.reload();
      reloadNames();
    },
    action: (data) => {
      const action = data as ActionRecorded;
      if (action.action_type === 'USAGE_RECORDED' || action.component === 'instance') {
        readBooksSoon();
      } else if (action.action_type === 'STATEMENT_ISSUED') {
        issued.reload();
      } else if (action.component === 'identity') {
        reloadNames();
      }
    },
  });

  function issue() {
    setLastIssued(null);
    return issuing.run(async () => {
      if (!provider || !consumer) {
        throw new ApiError(0, 'Two organizations needed', 'Choose the organization that is owed and the one that owes.');
      }
      setLastIssued(await issueStatement(provider, consumer, period));
      issued.reload();
    });
  }

  // the statement already issued for this pair and period, which a 409 names
  const sameStatement = typeof issuing.error?.problem.statement_id === 'string' ? issuing.error.problem.statement_id : null;
  const organizations = names.organizations.map((o) => ({ value: o.id, label: o.name }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Chargeback</Title>
        <LiveIndicator state={stream} onReconnect={reconnect} />
      </Group>
      <Group justify="space-between" align="flex-end">
        <PeriodPicker value={choice} onChange={(c) => {
          setChoice(c);
          issuing.setError(null);
          setLastIssued(null);
        }} />
        <Button component="a" href={statementsCsvUrl(period)} download="statements.csv" variant="default">
          Download CSV
        </Button>
      </Group>
      <ProblemAlert error={namesError} />
      <Tabs defaultValue="statements" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="statements">Statements</Tabs.Tab>
          <Tabs.Tab value="issued">Issued statements</Tabs.Tab>
          <Tabs.Tab value="repricing">Re-pricing</Tabs.Tab>
          <Tabs.Tab value="machines">Machine costs</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="statements" pt="md">
          <Stack>
            <Paper withBorder p="md" component="form" aria-label="Issue a statement" onSubmit={(e) => {
              e.preventDefault();
              void issue();
            }}>
              <Title order={3} size="h5" mb="xs">
                Issue a statement for this period
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Fixes what the consumer owes for {describe(choice)}, from the books as they stand. Only an ended period is billed, once per pair.
              </Text>
              <Group align="flex-end">
                <Select label="Owed to (provider)" data={organizations} value={provider} onChange={setProvider} searchable w={240} />
                <Select label="Owed by (consumer)" data={organizations} value={consumer} onChange={setConsumer} searchable w={240} />
                <Button type="submit" loading={issuing.busy}>
                  Issue statement
                </Button>
              </Group>
              <Stack mt="sm" gap="xs">
                <ProblemAlert error={issuing.error} onClose={() => issuing.setError(null)} />
                {issuing.error?.status === 409 && sameStatement && (
                  <Button variant="light" w="fit-content" onClick={() => setOpened(sameStatement)}>
                    Open the statement already issued
                  </Button>
                )}
                {lastIssued && (
                  <Alert color="green" title="Statement issued" role="status" withCloseButton onClose={() => setLastIssued(null)}>
                    <Group justify="space-between">
                      <Text size="sm">
                        {names.organization(lastIssued.consumer_organization_id)} owes {names.organization(lastIssued.provider_organization_id)}{' '}
                        {lastIssued.amount_eur} EUR for {describe(lastIssued)}.
                      </Text>
                      <Button size="xs" variant="light" onClick={() => setOpened(lastIssued.id)}>
                        Open statement {shortId(lastIssued.id)}
                      </Button>
                    </Group>
                  </Alert>
                )}
              </Stack>
            </Paper>
            <ProblemAlert error={found.error} />
            {found.data && found.data.items.length === 0 && (
              <Text c="dimmed" data-testid="statements-empty">
                No organization used another organization's model services in this period.
              </Text>
            )}
            {found.data?.items.map((s) => (
              <StatementCard key={`${s.provider_organization_id}/${s.consumer_organization_id}`} statement={s} names={names}
                             onIssue={() => {
                               setProvider(s.provider_organization_id);
                               setConsumer(s.consumer_organization_id);
                               issuing.setError(null);
                             }} />
            ))}
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="issued" pt="md">
          <ProblemAlert error={issued.error} />
          {issued.data && <IssuedTable items={issued.data.items} names={names} onOpen={setOpened} />}
        </Tabs.Panel>

        <Tabs.Panel value="repricing" pt="md">
          <RepricingPanel choice={choice} statements={found.data?.items ?? []} names={names} />
        </Tabs.Panel>

        <Tabs.Panel value="machines" pt="md">
          <ProblemAlert error={machines.error} />
          {machines.data && <MachineSplit split={machines.data} names={names} />}
        </Tabs.Panel>
      </Tabs>
      <IssuedStatementDialog id={opened} names={names} onClose={() => setOpened(null)} />
    </Stack>
  );
}

function StatementCard({ statement: s, names, onIssue }: { statement: Statement; names: Names; onIssue: () => void }) {
  const provider = names.organization(s.provider_organization_id);
  const consumer = names.organization(s.consumer_organization_id);
  return (
    <Paper withBorder p="md" role="region" aria-label={`Statement of ${provider} to ${consumer}`}>
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h5">
            {consumer} owes {provider}
          </Title>
          <Text size="sm" c="dimmed">
            {count(s.requests)} requests · {count(s.prompt_tokens)} prompt and {count(s.completion_tokens)} completion tokens · books as of{' '}
            {when(s.as_of)}
          </Text>
        </div>
        <Group>
          <Text fw={700} size="lg">
            {s.amount_eur} EUR
          </Text>
          <Button size="xs" variant="default" onClick={onIssue} aria-label={`Prepare to issue the statement of ${provider} to ${consumer}`}>
            Issue…
          </Button>
        </Group>
      </Group>
      <LineTable lines={s.lines} label={`Lines billed by ${provider} to ${consumer}`} />
    </Paper>
  );
}

function IssuedTable({ items, names, onOpen }: { items: IssuedStatement[]; names: Names; onOpen: (id: string) => void }) {
  if (items.length === 0) {
    return (
      <Text c="dimmed" data-testid="issued-empty">
        No statement was issued yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900} maxHeight={480}>
      <Table striped aria-label="Issued statements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Period</Table.Th>
            <Table.Th>Owed to</Table.Th>
            <Table.Th>Owed by</Table.Th>
            <Table.Th ta="right">Amount (EUR)</Table.Th>
            <Table.Th>Issued</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{describe(s)}</Table.Td>
              <Table.Td>{names.organization(s.provider_organization_id)}</Table.Td>
              <Table.Td>{names.organization(s.consumer_organization_id)}</Table.Td>
              <Table.Td ta="right">{s.amount_eur}</Table.Td>
              <Table.Td>
                {when(s.issued_at)} by {actorName(s.issued_by, names.user)}
              </Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="light" onClick={() => onOpen(s.id)} aria-label={`Open statement ${shortId(s.id)}`}>
                  Open
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MachineSplit({ split, names }: { split: MachineChargeback; names: Names }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        From {when(split.from)} to {when(split.to)}: each minute of an instance is split between the organizations whose requests it served in
        that minute, in proportion to their tokens; a minute without requests is idle and charged to the instance's owner.
      </Text>
      {split.organizations.length === 0 ? (
        <Text c="dimmed">No machine ran in this period.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Table aria-label="Machine cost per organization">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th ta="right">Cost (EUR)</Table.Th>
                <Table.Th ta="right">Of which idle (EUR)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {split.organizations.map((o) => (
                <Table.Tr key={o.organization_id}>
                  <Table.Td>{names.organization(o.organization_id)}</Table.Td>
                  <Table.Td ta="right">{o.cost_eur}</Table.Td>
                  <Table.Td ta="right">{o.idle_eur}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table.ScrollContainer minWidth={420} maxHeight={400}>
            <Table aria-label="Machine cost per organization and instance">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Organization</Table.Th>
                  <Table.Th>Instance</Table.Th>
                  <Table.Th ta="right">Cost (EUR)</Table.Th>
                  <Table.Th ta="right">Of which idle (EUR)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {split.rows.map((r) => (
                  <Table.Tr key={`${r.organization_id}/${r.instance_id}`}>
                    <Table.Td>{names.organization(r.organization_id)}</Table.Td>
                    <Table.Td>{shortId(r.instance_id)}</Table.Td>
                    <Table.Td ta="right">{r.cost_eur}</Table.Td>
                    <Table.Td ta="right">{r.idle_eur}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SimpleGrid>
      )}
    </Stack>
  );
}
