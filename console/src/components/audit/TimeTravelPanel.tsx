import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type ApiError, type Organization } from '../../api';
import { platformAsOf, type PlatformThen } from '../../audit-api';
import { shortId, when } from '../../format';
import { useResource } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';
import { StatusBadge } from '../StatusBadge';

const PICKED = 'YYYY-MM-DD HH:mm:ss';

/** Four decimals are plenty to read an amount that comes exact. */
function money(amount: string): string {
  return Number(amount).toLocaleString(undefined, { maximumFractionDigits: 4 });
}

/**
 * The platform as its books stood at a chosen instant: the instances asked for by then, each in the status it had then, what the
 * machines burned then and over the day before, and the chargeback between organizations as recorded by then. The platform keeps
 * every fact with its time, so a past instant reads the same whatever happened since.
 */
export function TimeTravelPanel() {
  const [picked, setPicked] = useState<string | null>(null);
  const [then, setThen] = useState<PlatformThen | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const organizations = useResource(() => api<Organization[]>('/organizations'), []);

  const instant = picked ? dayjs(picked) : null;
  const future = instant !== null && instant.isAfter(dayjs());
  const asOf = instant && !future ? instant.toISOString() : null;

  useEffect(() => {
    if (!asOf) {
      setThen(null);
      setError(null);
      return;
    }
    let current = true;
    setLoading(true);
    platformAsOf(asOf).then(
      (read) => {
        if (!current) return;
        setThen(read);
        setError(null);
      },
      (e: ApiError) => {
        if (!current) return;
        setThen(null);
        setError(e);
      },
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [asOf]);

  const names = new Map((organizations.data ?? []).map((o) => [o.id, o.name]));
  const organization = (id: string) => names.get(id) ?? shortId(id);
  const now = dayjs();
  const presets = [
    { value: now.subtract(10, 'minute').format(PICKED), label: '10 minutes ago' },
    { value: now.subtract(1, 'hour').format(PICKED), label: 'An hour ago' },
    { value: now.subtract(1, 'day').format(PICKED), label: 'A day ago' },
    { value: now.subtract(7, 'day').format(PICKED), label: 'A week ago' },
  ];

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Time travel
        </Title>
        <Text size="sm" c="dimmed">
          See the platform as it stood at an instant of the past: its instances then, and its costs and chargeback as recorded by then.
        </Text>
        <DateTimePicker label="As of" placeholder="Pick an instant" value={picked} onChange={setPicked} clearable presets={presets}
                        valueFormat="D MMM YYYY, HH:mm:ss" withSeconds maw={420} dropdownType="popover"
                        error={future ? 'This instant is in the future: the books only hold what has been recorded up to now.' : undefined}
                        timePickerProps={{ hoursInputLabel: 'Hours', minutesInputLabel: 'Minutes', secondsInputLabel: 'Seconds' }}
                        submitButtonProps={{ 'aria-label': 'Apply the instant' }}
                        clearButtonProps={{ 'aria-label': 'Clear the instant' }} />
        <ProblemAlert error={error ?? organizations.error} />
        {!picked && (
          <Text size="sm" c="dimmed">
            Pick an instant, or one of the presets in the picker.
          </Text>
        )}
        {then && asOf && (
          <Stack gap="sm" aria-busy={loading} data-testid="as-of-view" style={{ opacity: loading ? 0.5 : 1 }}>
            <Title order={4} size="h5">
              As the platform stood at {when(then.burn.as_of)}
            </Title>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Figure label="Instances then" value={then.fleet.total.toLocaleString()}
                      hint={`${then.fleet.items.filter((i) => i.status === 'READY').length} ready`} />
              <Figure label="Burn rate then" value={`${money(then.burn.burn_rate_eur_per_hour)} EUR/h`} hint={`${then.burn.billed_servers} billed servers`} />
              <Figure label="Spent in the day before" value={`${money(then.lastDay.total_eur)} EUR`} hint={`since ${when(then.lastDay.from)}`} />
              <Figure label="Chargeback in the 30 days before" value={`${then.statements.total} statements`}
                      hint={`${money(String(then.statements.items.reduce((sum, s) => sum + Number(s.amount_eur), 0)))} EUR in all`} />
            </SimpleGrid>
            <Title order={5}>Instances then</Title>
            {then.fleet.items.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="as-of-no-instances">
                No instance had been asked for yet.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={760} mah={320}>
                <Table striped aria-label="Instances then" stickyHeader verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Instance</Table.Th>
                      <Table.Th>Model</Table.Th>
                      <Table.Th>Type and zone</Table.Th>
                      <Table.Th>Status then</Table.Th>
                      <Table.Th>Since</Table.Th>
                      <Table.Th>Reason</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {then.fleet.items.map((i) => (
                      <Table.Tr key={i.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/instances/${i.id}`} aria-label={`Instance ${shortId(i.id)}`} title={i.id}>
                            {shortId(i.id)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{i.model_id}</Table.Td>
                        <Table.Td>{`${i.instance_type_code} in ${i.zone_code}`}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={i.status} reason={i.last_reason} />
                        </Table.Td>
                        <Table.Td>{when(i.status_since)}</Table.Td>
                        <Table.Td>{i.last_reason ?? ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {then.fleet.total > then.fleet.items.length && (
              <Text size="xs" c="dimmed">
                The {then.fleet.items.length} newest of {then.fleet.total}.
              </Text>
            )}
            <Title order={5}>Chargeback statements as recorded then</Title>
            {then.statements.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No organization had used another's model services from {when(then.statements.from)} to {when(then.statements.to)}.
              </Text>
            ) : (
              <Table aria-label="Statements then" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Consumer</Table.Th>
                    <Table.Th ta="right">Requests</Table.Th>
                    <Table.Th ta="right">Tokens</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {then.statements.items.map((s) => (
                    <Table.Tr key={`${s.provider_organization_id}-${s.consumer_organization_id}`}>
                      <Table.Td>{organization(s.provider_organization_id)}</Table.Td>
                      <Table.Td>{organization(s.consumer_organization_id)}</Table.Td>
                      <Table.Td ta="right">{s.requests.toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{(s.prompt_tokens + s.completion_tokens).toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{money(s.amount_eur)} EUR</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}
