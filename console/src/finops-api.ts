/** The FinOps side of the admin API: token usage, chargeback statements, re-pricing and machine costs. Amounts are exact decimals, as text. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, post, type ApiKey, type CostSummary, type Organization, type Page } from './api';
import { useSession } from './session';

/** The query string of a read, without the parameters left out. */
export function query(params: Record<string, string | null | undefined>): string {
  const given = Object.entries(params).filter((entry): entry is [string, string] => entry[1] != null && entry[1] !== '');
  return given.length === 0 ? '' : `?${new URLSearchParams(given).toString()}`;
}

/** A period asked about, as the API takes it (ISO instants). */
export interface PeriodQuery {
  from: string;
  to: string;
}

// ---- token usage

/** Requests, tokens and their cost, as every usage figure carries them. */
export interface UsageSums {
  requests: number;
  failed_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_eur: string;
}

/** What usage can be broken down by (GET /finops/usage/summary, group_by of the series). */
export type UsageDimension = 'model_service' | 'model' | 'organization' | 'api_key' | 'user' | 'instance';

export type UsageGranularity = 'minute' | 'hour' | 'day';

export interface TokenForecast {
  prompt_tokens: number;
  completion_tokens: number;
}

/** GET /finops/usage/summary: each breakdown row names its group under the dimension's own key (`model_service`, `api_key`…). */
export interface UsageSummary {
  as_of: string;
  from: string;
  to: string;
  totals: UsageSums;
  by_model_service: UsageRow[];
  by_model: UsageRow[];
  by_organization: UsageRow[];
  by_api_key: UsageRow[];
  by_user: UsageRow[];
  by_instance: UsageRow[];
  forecast_tokens: {
    rate_measured_from: string;
    minute: TokenForecast;
    hour: TokenForecast;
    day: TokenForecast;
    '30d': TokenForecast;
    '365d': TokenForecast;
  };
}

export type UsageRow = UsageSums & Partial<Record<UsageDimension, string | null>>;

/** GET /finops/usage/{granularity}: one point per period with usage (and per group, with group_by). */
export interface UsageSeries {
  as_of: string;
  from: string;
  to: string;
  points: (UsageRow & Partial<Record<UsageGranularity, string>>)[];
}

/** GET /usage/latency: the routers' timings per model service or instance. */
export interface Latency {
  from: string;
  to: string;
  group_by: 'model_service' | 'instance';
  rows: {
    model_service?: string | null;
    instance?: string | null;
    requests: number;
    ttft_ms_mean: number | null;
    ttft_ms_max: number | null;
    total_ms_mean: number | null;
    total_ms_max: number | null;
  }[];
}

/** GET /finops/reconciliation: the routers' token counts beside the engines' own counters, per instance. */
export interface Reconciliation {
  from: string;
  to: string;
  reconciled: boolean;
  instances: {
    instance_id: string;
    router_prompt_tokens: number;
    router_completion_tokens: number;
    engine_prompt_tokens: number;
    engine_completion_tokens: number;
    drift_prompt_tokens: number;
    drift_completion_tokens: number;
    engine_from: string | null;
    engine_to: string | null;
    status: 'match' | 'drift';
  }[];
}

export const usageSummary = (period: PeriodQuery) => api<UsageSummary>(`/finops/usage/summary${query({ ...period })}`);

export const usageSeries = (granularity: UsageGranularity, period: PeriodQuery, groupBy: UsageDimension | null) =>
  api<UsageSeries>(`/finops/usage/${granularity}${query({ ...period, group_by: groupBy })}`);

export const latency = (period: PeriodQuery, groupBy: Latency['group_by']) =>
  api<Latency>(`/usage/latency${query({ ...period, group_by: groupBy })}`);

export const reconciliation = (period: PeriodQuery) => api<Reconciliation>(`/finops/reconciliation${query({ ...period })}`);

// ---- chargeback

/** One model service at one price (through a share, or at the service's own price). */
export interface StatementLine {
  model_service_id: string;
  model_service: string;
  share_id: string | null;
  prompt_price_per_1k_eur: string;
  completion_price_per_1k_eur: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  amount_eur: string;
}

/** What a consumer owes a provider for a period. */
export interface Statement {
  provider_organization_id: string;
  consumer_organization_id: string;
  from: string;
  to: string;
  as_of: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  amount_eur: string;
  lines: StatementLine[];
}

export interface Statements {
  as_of: string;
  from: string;
  to: string;
  items: Statement[];
  total: number;
}

export interface IssuedStatement extends Statement {
  id: string;
  issued_at: string;
  issued_by: string;
}

/** GET /finops/chargeback/statements/{id}: as issued, and the same period as the books stand now. */
export interface IssuedStatementDetail extends IssuedStatement {
  now: Statement;
  difference_eur: string;
}

export interface RepricedLine extends Omit<StatementLine, 'amount_eur'> {
  charged_amount_eur: string;
  corrected_prompt_price_per_1k_eur: string;
  corrected_completion_price_per_1k_eur: string;
  corrected_amount_eur: string;
  difference_eur: string;
}

export interface Repriced {
  provider_organization_id: string;
  consumer_organization_id: string;
  lines: RepricedLine[];
  charged_amount_eur: string;
  corrected_amount_eur: string;
  difference_eur: string;
  issued_statements: {
    statement_id: string;
    from: string;
    to: string;
    issued_amount_eur: string;
    corrected_amount_eur: string;
    difference_eur: string;
  }[];
}

export interface RepricingResult {
  from: string;
  to: string;
  events_read: number;
  usage_rows: number;
  took_ms: number;
  statements: Repriced[];
}

/** A corrected price, as typed: the platform checks the figures. */
export interface CorrectedPrice {
  model_service_id: string | null;
  share_id: string | null;
  prompt_price_per_1k_eur: string;
  completion_price_per_1k_eur: string;
}

/** GET /finops/chargeback/machines: machine cost split between the organizations the machines served. */
export interface MachineChargeback {
  as_of: string;
  from: string;
  to: string;
  organizations: { organization_id: string; cost_eur: string; idle_eur: string }[];
  rows: { organization_id: string; instance_id: string; cost_eur: string; idle_eur: string }[];
}

export const statements = (period: PeriodQuery) => api<Statements>(`/finops/chargeback/statements${query({ ...period })}`);

/** The platform's own CSV of the same statements: a link the browser downloads. */
export const statementsCsvUrl = (period: PeriodQuery) => `/finops/chargeback/statements.csv${query({ ...period })}`;

export const issueStatement = (provider: string, consumer: string, period: PeriodQuery) =>
  post<IssuedStatement>('/finops/chargeback/statements', { provider_organization_id: provider, consumer_organization_id: consumer, ...period });

export const issuedStatements = () => api<{ as_of: string; items: IssuedStatement[]; total: number }>('/finops/chargeback/issued_statements');

export const issuedStatement = (id: string) => api<IssuedStatementDetail>(`/finops/chargeback/statements/${encodeURIComponent(id)}`);

export const reprice = (period: PeriodQuery, provider: string | null, consumer: string | null, prices: CorrectedPrice[]) =>
  post<RepricingResult>('/finops/chargeback/repricing', {
    ...period, provider_organization_id: provider, consumer_organization_id: consumer, prices,
  });

export const machineChargeback = (period: PeriodQuery) => api<MachineChargeback>(`/finops/chargeback/machines${query({ ...period })}`);

// ---- machine costs

export type CostWindowName = 'minute' | 'hour' | 'day' | '30d' | '365d';

/** GET /finops/dashboard/costs/window: the last window's cost, the next one's at the current rate, and both per provider and type. */
export interface CostWindow {
  window: CostWindowName;
  as_of: string;
  from: string;
  to: string;
  actual_eur: string;
  forecast_eur: string;
  burn_rate_eur_per_hour: string;
  by_provider: { provider_id: string; provider_code: string; cost_eur: string }[];
  by_instance_type: { instance_type_id: string; instance_type_code: string; cost_eur: string }[];
}

/** GET /finops/dashboard/costs/summary, with every breakdown it gives and the burn rate at its time. */
export interface CostSummaryFull extends CostSummary {
  billed_servers: number;
  burn_rate_eur_per_hour: string;
  forecast_eur: Record<string, string>;
  by_provider: { provider_id: string; provider_code: string; cost_eur: string }[];
  by_region: { region_id: string; region_code: string; cost_eur: string }[];
  by_instance_type: { instance_type_id: string; instance_type_code: string; cost_eur: string }[];
  by_organization: { organization_id: string; cost_eur: string }[];
}

export const costWindow = (window: CostWindowName) => api<CostWindow>(`/finops/dashboard/costs/window${query({ window })}`);

/** The summary as of `asOf`, from `from` (default: a day before) to then. */
export const costSummary = (asOf: string, from?: string) => api<CostSummaryFull>(`/finops/dashboard/costs/summary${query({ as_of: asOf, from })}`);

// ---- names

/** Names for the ids the figures carry: organizations, API keys and (for a platform admin) users. */
export interface Names {
  organization: (id: string | null | undefined) => string;
  apiKey: (id: string | null | undefined) => string;
  user: (id: string | null | undefined) => string;
  organizations: Organization[];
}

interface Account {
  user_id: string;
  username: string;
  display_name: string | null;
}

/** Reads the names once, and again on `reload` (an organization or a key created); a failure is kept to be shown. */
export function useNames() {
  const { me } = useSession();
  const admin = me?.platform_role === 'ADMIN';
  const [maps, setMaps] = useState<{ organizations: Organization[]; keys: Map<string, string>; users: Map<string, string> }>({
    organizations: [], keys: new Map(), users: new Map(),
  });
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);

  const reload = useCallback(() => {
    Promise.all([
      api<Organization[]>('/organizations'),
      api<Page<ApiKey>>('/api_keys?size=200'),
      // only platform admins may list accounts
      admin ? api<Page<Account>>('/users?size=500') : Promise.resolve(null),
    ]).then(
      ([organizations, keys, users]) => {
        if (!alive.current) return;
        setMaps({
          organizations,
          keys: new Map(keys.items.map((k) => [k.id, `${k.name} (${k.display_prefix}…)`])),
          users: new Map((users?.items ?? []).map((u) => [u.user_id, u.display_name ?? u.username])),
        });
        setError(null);
      },
      (e: ApiError) => alive.current && setError(e),
    );
  }, [admin]);

  useEffect(() => {
    alive.current = true;
    reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);

  const byId = new Map(maps.organizations.map((o) => [o.id, o.name]));
  const names: Names = {
    organization: (id) => (id ? byId.get(id) ?? shortOf(id) : '—'),
    apiKey: (id) => (id ? maps.keys.get(id) ?? shortOf(id) : 'No key (console)'),
    user: (id) => (id ? maps.users.get(id) ?? shortOf(id) : 'No user (API key)'),
    organizations: maps.organizations,
  };
  return { names, error, reload };
}

function shortOf(id: string): string {
  return id.slice(0, 8);
}
