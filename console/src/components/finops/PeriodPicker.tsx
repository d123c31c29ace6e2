import { Group, Select, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import type { PeriodQuery } from '../../finops-api';

export type Preset = 'last-hour' | 'last-24h' | 'last-7d' | 'last-30d' | 'today' | 'yesterday' | 'this-month' | 'last-month' | 'custom';

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'last-hour', label: 'Last hour' },
  { value: 'last-24h', label: 'Last 24 hours' },
  { value: 'last-7d', label: 'Last 7 days' },
  { value: 'last-30d', label: 'Last 30 days' },
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: 'this-month', label: 'This month' },
  { value: 'last-month', label: 'Last month' },
  { value: 'custom', label: 'Custom' },
];

/** A period as chosen: a preset (resolved at a time), or custom bounds. */
export interface PeriodChoice {
  preset: Preset;
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;

/** A preset's bounds at `now`; calendar periods (today, this month…) in the browser's time zone. */
export function resolve(preset: Preset, now = new Date(), custom?: { from: Date; to: Date }): PeriodChoice {
  const day = dayjs(now).startOf('day');
  const month = dayjs(now).startOf('month');
  const bounds: Record<Exclude<Preset, 'custom'>, [Date, Date]> = {
    'last-hour': [new Date(now.getTime() - HOUR), now],
    'last-24h': [new Date(now.getTime() - 24 * HOUR), now],
    'last-7d': [day.subtract(6, 'day').toDate(), now],
    'last-30d': [day.subtract(29, 'day').toDate(), now],
    today: [day.toDate(), day.add(1, 'day').toDate()],
    yesterday: [day.subtract(1, 'day').toDate(), day.toDate()],
    'this-month': [month.toDate(), month.add(1, 'month').toDate()],
    'last-month': [month.subtract(1, 'month').toDate(), month.toDate()],
  };
  if (preset === 'custom') {
    return { preset, from: custom?.from ?? bounds['last-24h'][0], to: custom?.to ?? now };
  }
  const [from, to] = bounds[preset];
  return { preset, from, to };
}

/** The period as the API takes it. */
export function asQuery(choice: PeriodChoice): PeriodQuery {
  return { from: choice.from.toISOString(), to: choice.to.toISOString() };
}

/** The period in words, to the second: what was asked is what is shown. */
export function describe(choice: { from: Date | string; to: Date | string }): string {
  const format = (d: Date | string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss');
  return `${format(choice.from)} → ${format(choice.to)}`;
}

/**
 * Chooses a period: a preset (the last hour, today, last month…) or custom bounds to the minute. Calendar
 * periods follow the browser's time zone; the bounds chosen are shown to the second.
 */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (choice: PeriodChoice) => void }) {
  const toDate = (v: string | Date | null) => (v ? dayjs(v).toDate() : null);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select label="Period" data={PRESETS} value={value.preset} allowDeselect={false} w={170}
              onChange={(preset) => preset && onChange(resolve(preset as Preset, new Date(), value))} />
      {value.preset === 'custom' && (
        <>
          <DateTimePicker label="From" valueFormat="YYYY-MM-DD HH:mm" w={190} value={value.from}
                          onChange={(v) => { const d = toDate(v); if (d) onChange({ ...value, from: d }); }} />
          <DateTimePicker label="To" valueFormat="YYYY-MM-DD HH:mm" w={190} value={value.to}
                          onChange={(v) => { const d = toDate(v); if (d) onChange({ ...value, to: d }); }} />
        </>
      )}
      <Text size="sm" c="dimmed" pb={6} data-testid="period-bounds">
        {describe(value)} <Text span size="xs">(your time zone)</Text>
      </Text>
    </Group>
  );
}
