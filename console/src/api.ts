/** Calls to the platform's admin API, on the same origin, with the session cookie. */

/** An answer that was not a success, in words an operator can read (RFC 9457 problem+json when the API sent one). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  /** the problem's own members beyond its title and detail (e.g. the id of what already exists) */
  readonly problem: Record<string, unknown>;

  constructor(status: number, title: string, detail: string, problem: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.problem = problem;
  }
}

interface Problem {
  title?: string;
  detail?: string;
  [member: string]: unknown;
}

/** Listeners told when the session is gone (401), so the console can return to the login page. */
const sessionLost = new Set<() => void>();

export function onSessionLost(listener: () => void): () => void {
  sessionLost.add(listener);
  return () => sessionLost.delete(listener);
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  if (init.body !== undefined) {
    headers.set('Content-Type', 'application/json');
  }
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'Platform unreachable', `the platform did not answer (${(e as Error).message})`);
  }
  if (!response.ok) {
    throw await toError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    // not JSON (a proxy's page, say): the status line is all there is
  }
  if (response.status === 401 && !response.url.endsWith('/auth/login')) {
    sessionLost.forEach((listener) => listener());
  }
  const title = problem.title ?? (response.statusText || `HTTP ${response.status}`);
  return new ApiError(response.status, title, problem.detail ?? title, problem);
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

export function del<T>(path: string): Promise<T> {
  return api<T>(path, { method: 'DELETE' });
}

export function patch<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'PATCH', body: JSON.stringify(body) });
}

export function put<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'PUT', body: JSON.stringify(body) });
}

/** One page of a list, as the platform returns it. */
export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

/** The signed-in user (GET /auth/me, POST /auth/login). */
export interface Me {
  user_id: string;
  username: string;
  email: string | null;
  display_name: string | null;
  platform_role: string | null;
  current_organization: { id: string; name: string; role: string } | null;
}

export type InstanceStatus =
  | 'PROVISIONING' | 'BOOTING' | 'INSTALLING' | 'STARTING' | 'READY' | 'UNREACHABLE' | 'DRAINING' | 'TERMINATING'
  | 'TERMINATED' | 'PROVISIONING_FAILED' | 'STARTUP_FAILED' | 'FAILED';

/** A row of GET /instances. */
export interface Instance {
  id: string;
  model_id: string;
  instance_type_code: string;
  zone_code: string;
  provider_code: string;
  status: InstanceStatus;
  progress: number;
  last_reason: string | null;
  failure_reason: string | null;
  organization_id: string | null;
  requested_by_name: string | null;
  created_at: string;
  updated_at: string;
}

/** GET /instances/{id}: the row, where it runs, and its history with who did what. */
export interface InstanceDetail extends Instance {
  instance_type_id: string;
  zone_id: string;
  provider_id: string;
  data_volume_gb: number | null;
  server_id: string | null;
  volume_ids: string[] | null;
  ip_address: string | null;
  archived: boolean;
  requested_by: string | null;
  finished_at: string | null;
  install_phase: string | null;
  engine_url: string | null;
  engine_kind: string | null;
  ready_at: string | null;
  history: InstanceHistoryEntry[];
}

export interface InstanceHistoryEntry {
  event_type: string;
  status: InstanceStatus;
  progress: number;
  reason: string | null;
  actor: string;
  actor_name: string | null;
  at: string;
}

/** The catalog: GET /zones, /instance_types, /models. */
export interface Zone {
  id: string;
  region_id: string;
  provider_id: string;
  code: string;
  name: string;
  active: boolean;
}

export interface InstanceType {
  id: string;
  provider_id: string;
  code: string;
  name: string;
  gpu_model: string;
  gpu_count: number;
  vram_per_gpu_gb: number;
  total_vram_gb: number;
  vcpus: number;
  ram_gb: number;
  hourly_price_eur: number;
  active: boolean;
  zone_ids: string[];
}

export interface Model {
  id: string;
  name: string;
  required_vram_gb: number;
  data_volume_gb: number;
  context_length: number;
  active: boolean;
}

/** A row of GET /api_keys (never its secret). */
export interface ApiKey {
  id: string;
  organization_id: string;
  name: string;
  display_prefix: string;
  status: 'active' | 'revoked' | 'expired';
  expires_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  allowed_models: string[];
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  budget_eur: string | null;
  budget_period: string | null;
  created_by: string | null;
  created_at: string;
}

/** POST /api_keys: the key, with its secret this once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

/** A row of GET /model_services. */
export interface ModelService {
  id: string;
  organization_id: string;
  name: string;
  model_id: string;
  visibility: string;
  prompt_price_per_1k_eur: string;
  completion_price_per_1k_eur: string;
  status: 'active' | 'retired';
  created_at: string;
}

/** Where a model service's instances may run, in order of preference. */
export interface Placement {
  instance_type_id: string;
  zone_id: string;
}

/** A model service's scaling policy, as PUT /model_services/{id}/scaling takes it and GET shows it. */
export interface ScalingPolicy {
  placements: Placement[];
  min_instances: number;
  max_instances: number;
  queued_per_instance: number | null;
  ttft_p95_ms: number | null;
  kv_cache_percent: number | null;
  scale_up_cooldown_seconds: number | null;
  scale_down_cooldown_seconds: number | null;
  scale_to_zero_after_seconds: number | null;
}

/** GET /model_services/{id}: the row, its scaling policy and its last scaling decision. */
export interface ModelServiceDetail extends ModelService {
  scaling: ScalingPolicy | null;
  desired_instances: number | null;
  last_scaling: { decision: string; reason: string | null; at: string } | null;
  retired_at: string | null;
  updated_at: string;
}

/** A row of GET /shares: a model service offered by its organization to another. */
export interface Share {
  id: string;
  model_service_id: string;
  model_service_name: string;
  provider_organization_id: string;
  consumer_organization_id: string;
  prompt_price_per_1k_eur: string;
  completion_price_per_1k_eur: string;
  status: 'active' | 'paused' | 'revoked';
  paused_at: string | null;
  pause_reason: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of GET /organizations. */
export interface Organization {
  id: string;
  name: string;
  your_role: string | null;
}

/** A row of GET /action_types. */
export interface ActionType {
  code: string;
  label: string;
  component: string;
  color: string;
  status: string;
}

/** GET /finops/cost/current (and the burn part of the summary). Amounts are exact decimals, as text. */
export interface CostNow {
  as_of: string;
  billed_servers: number;
  burn_rate_eur_per_hour: string;
  forecast_eur: Record<string, string>;
  by_instance_type: { instance_type_id: string; instance_type_code: string; burn_rate_eur_per_hour: string }[];
}

/** GET /finops/dashboard/costs/summary. */
export interface CostSummary {
  as_of: string;
  from: string;
  to: string;
  total_eur: string;
  by_model: { model_id: string; cost_eur: string }[];
  by_instance: { instance_id: string; cost_eur: string }[];
  by_zone: { zone_id: string; zone_code: string; cost_eur: string }[];
}

/** GET /finops/cost/cumulative/minute. */
export interface CumulativeCost {
  from: string;
  to: string;
  points: { minute: string; cumulative_eur: string }[];
}

/** An `instance` event of /events/stream. */
export interface InstanceChange {
  instance_id: string;
  organization_id: string | null;
  event: string;
  status: InstanceStatus;
  progress: number;
  reason: string | null;
  actor: string;
  at: string;
}

/** A row of GET /action_logs/search. */
export interface ActionLogEntry {
  event_id: string;
  action_type: string;
  component: string;
  instance_id: string | null;
  actor: string | null;
  actor_name: string | null;
  reason: string | null;
  status: string | null;
  subject_id?: string | null;
  metadata?: Record<string, unknown> | null;
  created_at: string;
}

export interface ActionLogSearch extends Page<ActionLogEntry> {
  counts: Record<string, Record<string, number>>;
  /** where the next entries start (`before=`), none after the last */
  next_before: number | null;
}

/** GET /action_logs/search?before=: the entries after those already read (no total, no counts). */
export interface ActionLogMore {
  items: ActionLogEntry[];
  next_before: number | null;
}

/** An `action` event of /events/stream. */
export interface ActionRecorded {
  id: string;
  action_type: string;
  component: string;
  instance_id: string | null;
  organization_id: string | null;
  actor: string | null;
  actor_name: string | null;
  reason: string | null;
  metadata?: Record<string, unknown> | null;
  at: string;
}
