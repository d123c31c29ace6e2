import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { reprice, type Names, type Repriced, type RepricingResult, type Statement } from '../../finops-api';
import { shortId, when } from '../../format';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { count, signed } from './figures';
import { asQuery, describe, type PeriodChoice } from './PeriodPicker';
import { Stat } from './Stat';
import { pricedBy } from './StatementLines';

interface PriceRow {
  key: number;
  /** The line the price applies to: "<model service id>|<share id or nothing>". */
  line: string | null;
  prompt: string;
  completion: string;
}

const empty = (key: number): PriceRow => ({ key, line: null, prompt: '', completion: '' });

/**
 * Re-pricing: the period's usage read again from the event log and charged at corrected prices, per model
 * service (its own price) or per share. Nothing is changed; the answer shows each line at both prices, the
 * difference, and what the statements issued within the period should have said.
 */
export function RepricingPanel({ choice, statements, names }: { choice: PeriodChoice; statements: Statement[]; names: Names }) {
  const [provider, setProvider] = useState<string | null>(null);
  const [consumer, setConsumer] = useState<string | null>(null);
  const [rows, setRows] = useState<PriceRow[]>([empty(0)]);
  const [result, setResult] = useState<RepricingResult | null>(null);
  const { busy, error, setError, run } = useAction();
  const nextKey = useRef(1);

  // another period: the last answer was about the previous one
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [choice, setError]);

  // what a corrected price may apply to: the period's lines, one per model service and share, at the price they were charged
  const lines = new Map<string, { label: string; prompt: string; completion: string }>();
  for (const s of statements) {
    for (const l of s.lines) {
      const value = `${l.model_service_id}|${l.share_id ?? ''}`;
      if (!lines.has(value)) {
        const through = l.share_id ? `share ${shortId(l.share_id)} to ${names.organization(s.consumer_organization_id)}` : 'own price';
        lines.set(value, { label: `${l.model_service} · ${through}`, prompt: l.prompt_price_per_1k_eur, completion: l.completion_price_per_1k_eur });
      }
    }
  }
  const lineOptions = [...lines.entries()].map(([value, l]) => ({ value, label: `${l.label} (charged ${l.prompt} / ${l.completion})` }));
  const organizations = names.organizations.map((o) => ({ value: o.id, label: o.name }));

  const change = (key: number, patch: Partial<PriceRow>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  function chooseLine(row: PriceRow, value: string | null) {
    const charged = value ? lines.get(value) : undefined;
    // start from the price charged: the operator corrects what is wrong in it
    change(row.key, { line: value, prompt: row.prompt || charged?.prompt || '', completion: row.completion || charged?.completion || '' });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    void run(async () => {
      const prices = rows.map((r) => {
        const [service, share] = (r.line ?? '|').split('|');
        return {
          model_service_id: service || null, share_id: share || null, prompt_price_per_1k_eur: r.prompt.trim(), completion_price_per_1k_eur: r.completion.trim(),
        };
      });
      setResult(await reprice(asQuery(choice), provider, consumer, prices));
    });
  }

  return (
    <Stack>
      <Paper withBorder p="md" component="form" aria-label="Re-pricing" onSubmit={submit}>
        <Title order={3} size="h5" mb="xs">
          Re-price {describe(choice)}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          The period's usage is read again from the event log and charged at the prices below; usage not named keeps the price it was charged.
          Nothing is changed.
        </Text>
        {lineOptions.length === 0 && (
          <Text size="sm" c="dimmed" mb="sm">
            No usage between organizations in this period: there is no line to correct.
          </Text>
        )}
        <Group mb="sm">
          <Select label="Provider" placeholder="Any" data={organizations} value={provider} onChange={setProvider} clearable w={220} />
          <Select label="Consumer" placeholder="Any" data={organizations} value={consumer} onChange={setConsumer} clearable w={220} />
        </Group>
        <Stack gap="xs">
          {rows.map((r, i) => (
            <Group key={r.key} align="flex-end" wrap="nowrap">
              <Select label={`Line ${i + 1}`} placeholder="Model service and price" data={lineOptions} value={r.line}
                      onChange={(v) => chooseLine(r, v)} w={420} searchable />
              <TextInput label="Prompt / 1k (EUR)" aria-label={`Prompt price per 1k, line ${i + 1} (EUR)`} value={r.prompt} inputMode="decimal" w={170}
                         onChange={(e) => change(r.key, { prompt: e.currentTarget.value })} />
              <TextInput label="Completion / 1k (EUR)" aria-label={`Completion price per 1k, line ${i + 1} (EUR)`} value={r.completion}
                         inputMode="decimal" w={170}
                         onChange={(e) => change(r.key, { completion: e.currentTarget.value })} />
              <Button variant="subtle" color="red" onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}
                      aria-label={`Remove line ${i + 1}`}>
                Remove
              </Button>
            </Group>
          ))}
        </Stack>
        <Group mt="sm">
          <Button variant="default" onClick={() => setRows((all) => [...all, empty(nextKey.current++)])}>
            Add a corrected price
          </Button>
          <Button type="submit" loading={busy}>
            Re-price
          </Button>
        </Group>
        <Stack mt="sm">
          <ProblemAlert error={error} onClose={() => setError(null)} />
        </Stack>
      </Paper>
      {result && <Result result={result} names={names} />}
    </Stack>
  );
}

function Result({ result, names }: { result: RepricingResult; names: Names }) {
  return (
    <Stack data-testid="repricing-result">
      <Text size="sm" c="dimmed" role="status">
        Re-priced {describe(result)}: {count(result.events_read)} events read, {count(result.usage_rows)} usage rows, in {count(result.took_ms)} ms.
      </Text>
      {result.statements.length === 0 && <Text>No usage between organizations in this period: nothing to re-price.</Text>}
      {result.statements.map((r) => (
        <RepricedCard key={`${r.provider_organization_id}/${r.consumer_organization_id}`} repriced={r} names={names} />
      ))}
    </Stack>
  );
}

function RepricedCard({ repriced: r, names }: { repriced: Repriced; names: Names }) {
  const provider = names.organization(r.provider_organization_id);
  const consumer = names.organization(r.consumer_organization_id);
  return (
    <Paper withBorder p="md" role="region" aria-label={`Re-priced statement of ${provider} to ${consumer}`}>
      <Title order={3} size="h5" mb="xs">
        {consumer} owes {provider}
      </Title>
      <SimpleGrid cols={3} mb="sm">
        <Stat label="Charged" value={`${r.charged_amount_eur} EUR`} hint="at the prices in force then" />
        <Stat label="At the corrected prices" value={`${r.corrected_amount_eur} EUR`} hint="the same tokens" />
        <Stat label="Difference" value={`${signed(r.difference_eur)} EUR`} hint="corrected minus charged" />
      </SimpleGrid>
      <Table.ScrollContainer minWidth={980}>
        <Table aria-label={`Re-priced lines of ${provider} to ${consumer}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model service</Table.Th>
              <Table.Th>Priced by</Table.Th>
              <Table.Th ta="right">Tokens (prompt / completion)</Table.Th>
              <Table.Th ta="right">Charged price / 1k</Table.Th>
              <Table.Th ta="right">Charged (EUR)</Table.Th>
              <Table.Th ta="right">Corrected price / 1k</Table.Th>
              <Table.Th ta="right">Corrected (EUR)</Table.Th>
              <Table.Th ta="right">Difference (EUR)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.lines.map((l) => (
              <Table.Tr key={`${l.model_service_id}/${l.share_id}/${l.prompt_price_per_1k_eur}/${l.completion_price_per_1k_eur}`}>
                <Table.Td>{l.model_service}</Table.Td>
                <Table.Td title={l.share_id ?? undefined}>{pricedBy(l.share_id)}</Table.Td>
                <Table.Td ta="right">
                  {count(l.prompt_tokens)} / {count(l.completion_tokens)}
                </Table.Td>
                <Table.Td ta="right">
                  {l.prompt_price_per_1k_eur} / {l.completion_price_per_1k_eur}
                </Table.Td>
                <Table.Td ta="right">{l.charged_amount_eur}</Table.Td>
                <Table.Td ta="right">
                  {l.corrected_prompt_price_per_1k_eur} / {l.corrected_completion_price_per_1k_eur}
                </Table.Td>
                <Table.Td ta="right">{l.corrected_amount_eur}</Table.Td>
                <Table.Td ta="right">{signed(l.difference_eur)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {r.issued_statements.length > 0 && (
        <>
          <Title order={4} size="h6" mt="sm" mb="xs">
            Statements issued within the period
          </Title>
          <Table aria-label={`Issued statements of ${provider} to ${consumer}, re-priced`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Statement</Table.Th>
                <Table.Th>Period</Table.Th>
                <Table.Th ta="right">As issued (EUR)</Table.Th>
                <Table.Th ta="right">Should have been (EUR)</Table.Th>
                <Table.Th ta="right">Difference (EUR)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.issued_statements.map((s) => (
                <Table.Tr key={s.statement_id}>
                  <Table.Td title={s.statement_id}>{shortId(s.statement_id)}</Table.Td>
                  <Table.Td>
                    {when(s.from)} → {when(s.to)}
                  </Table.Td>
                  <Table.Td ta="right">{s.issued_amount_eur}</Table.Td>
                  <Table.Td ta="right">{s.corrected_amount_eur}</Table.Td>
                  <Table.Td ta="right">{signed(s.difference_eur)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
