import { Table, Text } from '@mantine/core';
import type { StatementLine } from '../../finops-api';
import { shortId } from '../../format';
import { count } from './figures';

/** How a line was priced: through a share (its price for that consumer), or at the service's own price. */
export function pricedBy(shareId: string | null): string {
  return shareId ? `Share ${shortId(shareId)}` : 'Own price';
}

/** A statement's lines: one per model service and price, with its tokens and their exact amount. */
export function LineTable({ lines, label }: { lines: StatementLine[]; label: string }) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No line: nothing was used in this period.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model service</Table.Th>
            <Table.Th>Priced by</Table.Th>
            <Table.Th ta="right">Prompt / 1k (EUR)</Table.Th>
            <Table.Th ta="right">Completion / 1k (EUR)</Table.Th>
            <Table.Th ta="right">Requests</Table.Th>
            <Table.Th ta="right">Prompt tokens</Table.Th>
            <Table.Th ta="right">Completion tokens</Table.Th>
            <Table.Th ta="right">Amount (EUR)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={`${l.model_service_id}/${l.share_id}/${l.prompt_price_per_1k_eur}/${l.completion_price_per_1k_eur}`}>
              <Table.Td>{l.model_service}</Table.Td>
              <Table.Td title={l.share_id ?? undefined}>{pricedBy(l.share_id)}</Table.Td>
              <Table.Td ta="right">{l.prompt_price_per_1k_eur}</Table.Td>
              <Table.Td ta="right">{l.completion_price_per_1k_eur}</Table.Td>
              <Table.Td ta="right">{count(l.requests)}</Table.Td>
              <Table.Td ta="right">{count(l.prompt_tokens)}</Table.Td>
              <Table.Td ta="right">{count(l.completion_tokens)}</Table.Td>
              <Table.Td ta="right">{l.amount_eur}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
