import { Center, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { issuedStatement, type Names } from '../../finops-api';
import { shortId, when } from '../../format';
import { useResource } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { actorName, count, signed } from './figures';
import { describe } from './PeriodPicker';
import { Stat } from './Stat';
import { LineTable } from './StatementLines';

/** An issued statement as it was issued, beside the same period as the books stand now, and the difference. */
export function IssuedStatementDialog({ id, names, onClose }: { id: string | null; names: Names; onClose: () => void }) {
  const title = id ? `Statement ${shortId(id)}` : 'Statement';
  return (
    <Modal opened={id !== null} onClose={onClose} title={title} size="80rem">
      {id && <Detail id={id} names={names} />}
    </Modal>
  );
}

function Detail({ id, names }: { id: string; names: Names }) {
  const { data: s, error } = useResource(() => issuedStatement(id), [id]);
  if (error) {
    return <ProblemAlert error={error} />;
  }
  if (!s) {
    return (
      <Center>
        <Loader aria-label="Loading the statement" />
      </Center>
    );
  }
  const provider = names.organization(s.provider_organization_id);
  const consumer = names.organization(s.consumer_organization_id);
  return (
    <Stack>
      <Text size="sm">
        {consumer} owes {provider} for {describe(s)}. Issued {when(s.issued_at)} by {actorName(s.issued_by, names.user)}, from the books as of {when(s.as_of)}.
      </Text>
      <SimpleGrid cols={3}>
        <Stat label="As issued" value={`${s.amount_eur} EUR`} hint={`${count(s.requests)} requests, books as of ${when(s.as_of)}`} />
        <Stat label="Books now" value={`${s.now.amount_eur} EUR`} hint={`${count(s.now.requests)} requests, books as of ${when(s.now.as_of)}`} />
        <Stat label="Difference" value={`${signed(s.difference_eur)} EUR`} hint="books now minus as issued (usage recorded late)" />
      </SimpleGrid>
      <Title order={4} size="h6">
        As issued
      </Title>
      <LineTable lines={s.lines} label="Lines as issued" />
      <Title order={4} size="h6">
        Books now
      </Title>
      <LineTable lines={s.now.lines} label="Lines as the books stand now" />
    </Stack>
  );
}
