/** Calls and types of the replay & audit page and of an instance's install phases and metrics. */
import { api, post, type ActionLogEntry, type CostNow, type CostSummary, type InstanceStatus, type Page } from './api';
import type { Statements } from './finops-api';

/** One segment of an event processor: how far it read the event log. */
export interface ProcessorSegment {
  segment: number;
  caught_up: boolean;
  replaying: boolean;
  position: number | null;
  error: string | null;
}

/** A row of GET /admin/processors. */
export interface Processor {
  name: string;
  running: boolean;
  replaying: boolean;
  supports_replay: boolean;
  segments: ProcessorSegment[];
}

/** GET /admin/replay/{processor}: the processor, the head of the event log, and how much of a replay is done (0 to 1). */
export interface ReplayProgress extends Processor {
  head_position: number;
  progress: number;
}

/** GET /admin/audit/verify. */
export interface AuditVerification {
  intact: boolean;
  verified_events: number;
  head_hash: string;
  first_problem: { position: number; global_index: number; event_identifier: string; problem: 'altered' | 'removed' } | null;
  not_yet_chained: number;
}

/** A row of GET /instances?as_of=…: the instance as it stood then. */
export interface InstanceThen {
  id: string;
  model_id: string;
  instance_type_code: string;
  zone_code: string;
  organization_id: string | null;
  created_at: string;
  status: InstanceStatus;
  progress: number;
  last_reason: string | null;
  status_since: string;
}

/** The platform as its books stood at one instant. */
export interface PlatformThen {
  fleet: Page<InstanceThen>;
  burn: CostNow;
  lastDay: CostSummary;
  statements: Statements;
}

/** One heartbeat of an instance's worker: a point of GET /instances/{id}/metrics, and a `metrics` event of the stream. */
export interface MetricsPoint {
  at: string;
  engine_http_up: boolean;
  model_loaded: boolean;
  warmed_up: boolean;
  engine_running: boolean | null;
  engine_restarts: number | null;
  gpu_utilization: number | null;
  requests_running: number | null;
  requests_waiting: number | null;
  kv_cache_usage: number | null;
  time_to_first_token_seconds: number | null;
  prompt_tokens_total: number | null;
  generation_tokens_total: number | null;
}

/** GET /instances/{id}/metrics. */
export interface MetricsSeries {
  instance_id: string;
  from: string;
  to: string;
  count: number;
  last_heartbeat_at: string | null;
  points: MetricsPoint[];
}

const processorPath = (name: string) => `/admin/replay/${encodeURIComponent(name)}`;

export const processors = () => api<Processor[]>('/admin/processors');

export const startReplay = (name: string) => post<Processor>(processorPath(name), {});

export const replayProgress = (name: string) => api<ReplayProgress>(processorPath(name));

export const verifyAuditChain = () => api<AuditVerification>('/admin/audit/verify');

/** Everything the time-travel view shows, read as of one instant (ISO-8601). */
export async function platformAsOf(asOf: string): Promise<PlatformThen> {
  const at = `as_of=${encodeURIComponent(asOf)}`;
  const [fleet, burn, lastDay, statements] = await Promise.all([
    api<Page<InstanceThen>>(`/instances?size=100&${at}`),
    api<CostNow>(`/finops/cost/current?${at}`),
    api<CostSummary>(`/finops/dashboard/costs/summary?${at}`),
    api<PlatformThen['statements']>(`/finops/chargeback/statements?${at}`),
  ]);
  return { fleet, burn, lastDay, statements };
}

/** The action types that tell how an installation went. */
export const INSTALL_ACTIONS = ['INSTALL_PHASE_REACHED', 'INSTALL_ATTEMPT_FAILED', 'WORKER_INSTALLED'];

/** The installer's actions on one instance, oldest first. */
export async function installActions(instanceId: string): Promise<ActionLogEntry[]> {
  const types = INSTALL_ACTIONS.map((t) => `action_type=${t}`).join('&');
  const latest = await api<ActionLogEntry[]>(`/action_logs?instance_id=${encodeURIComponent(instanceId)}&${types}&limit=500`);
  return latest.slice().reverse();
}

export const instanceMetrics = (instanceId: string) => api<MetricsSeries>(`/instances/${encodeURIComponent(instanceId)}/metrics`);
