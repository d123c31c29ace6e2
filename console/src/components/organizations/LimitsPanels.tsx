import { Button, Group, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import {
  budgetText, liftBudget, liftQuota, setBudget, setQuota, type BudgetPeriod, type OrganizationBudget, type OrganizationView,
} from '../../organizations-api';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';

const PERIODS = [
  { value: 'day', label: 'Per day (UTC)' },
  { value: 'month', label: 'Per month (UTC)' },
  { value: 'total', label: 'In total' },
];

/**
 * What the organization may spend on tokens through /v1, all its keys and workbench users together. Its owners and platform
 * admins set it; the amount goes to the platform as typed, so a wrong one is answered in the platform's words.
 */
export function BudgetPanel({ organization, budget, editable, onChanged }: {
  organization: OrganizationView;
  budget: OrganizationBudget | null;
  editable: boolean;
  onChanged: (budget: OrganizationBudget) => void;
}) {
  const [amount, setAmount] = useState<number | string>('');
  const [period, setPeriod] = useState<string | null>('month');
  const save = useAction();
  const lift = useAction();

  useEffect(() => {
    setAmount(budget?.amount_eur ?? '');
    setPeriod(budget?.period ?? 'month');
  }, [budget?.amount_eur, budget?.period]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    lift.setError(null);
    await save.run(async () => {
      const saved = await setBudget(organization.id, String(amount), (period ?? 'month') as BudgetPeriod);
      notifications.show({ color: 'green', title: 'Budget set', message: `${organization.name}: ${budgetText(saved)}` });
      onChanged(saved);
    });
  }

  async function remove() {
    save.setError(null);
    await lift.run(async () => {
      const lifted = await liftBudget(organization.id);
      notifications.show({ color: 'yellow', title: 'Budget removed', message: `${organization.name} has no token budget` });
      onChanged(lifted);
    });
  }

  const set = budget?.amount_eur != null;
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Token budget">
      <Stack gap="sm">
        <Title order={3} size="h4">Token budget</Title>
        <Text fw={500} data-testid="budget-summary">{budget ? budgetText(budget) : '…'}</Text>
        <Text size="xs" c="dimmed">
          What all its keys and workbench users may spend on tokens together, at the model services&apos; prices. A request that
          could pass it is refused.
        </Text>
        <ProblemAlert error={save.error} onClose={() => save.setError(null)} />
        <ProblemAlert error={lift.error} onClose={() => lift.setError(null)} />
        {editable ? (
          <>
            <Group align="flex-end" grow>
              <NumberInput label="Budget (EUR)" required decimalScale={6} clampBehavior="none" value={amount} onChange={setAmount} />
              <Select label="Period" allowDeselect={false} data={PERIODS} value={period} onChange={setPeriod} />
            </Group>
            <Group justify="flex-end">
              {set && (
                <Button variant="light" color="red" loading={lift.busy} onClick={remove}>
                  Remove budget
                </Button>
              )}
              <Button type="submit" loading={save.busy}>
                Save budget
              </Button>
            </Group>
          </>
        ) : (
          <Text size="xs" c="dimmed">Only its owners and platform admins change it.</Text>
        )}
      </Stack>
    </Paper>
  );
}

/** The cap on the organization's unfinished instances, set by platform admins. */
export function QuotaPanel({ organization, editable, onChanged }: {
  organization: OrganizationView;
  editable: boolean;
  onChanged: (organization: OrganizationView) => void;
}) {
  const [max, setMax] = useState<number | string>('');
  const save = useAction();
  const lift = useAction();

  useEffect(() => {
    setMax(organization.max_instances ?? '');
  }, [organization.max_instances]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    lift.setError(null);
    await save.run(async () => {
      const changed = await setQuota(organization.id, Number(max));
      notifications.show({ color: 'green', title: 'Quota set', message: `${changed.name}: at most ${changed.max_instances} unfinished instances` });
      onChanged(changed);
    });
  }

  async function remove() {
    save.setError(null);
    await lift.run(async () => {
      const changed = await liftQuota(organization.id);
      notifications.show({ color: 'yellow', title: 'Quota lifted', message: `${changed.name} has no cap on instances` });
      onChanged(changed);
    });
  }

  const capped = organization.max_instances != null;
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Instance quota">
      <Stack gap="sm">
        <Title order={3} size="h4">Instance quota</Title>
        <Text fw={500} data-testid="quota-summary">
          {capped ? `At most ${organization.max_instances} unfinished instances` : 'No cap on instances'}
        </Text>
        <Text size="xs" c="dimmed">
          {`${organization.unfinished_instances} unfinished now. A deployment beyond the cap is refused; instances already running stay.`}
        </Text>
        <ProblemAlert error={save.error} onClose={() => save.setError(null)} />
        <ProblemAlert error={lift.error} onClose={() => lift.setError(null)} />
        {editable ? (
          <>
            <NumberInput label="Maximum unfinished instances" required allowDecimal={false} clampBehavior="none" value={max} onChange={setMax} />
            <Group justify="flex-end">
              {capped && (
                <Button variant="light" color="red" loading={lift.busy} onClick={remove}>
                  Lift quota
                </Button>
              )}
              <Button type="submit" loading={save.busy}>
                Save quota
              </Button>
            </Group>
          </>
        ) : (
          <Text size="xs" c="dimmed">Only platform admins change it.</Text>
        )}
      </Stack>
    </Paper>
  );
}
