/** Calls to the platform's admin API, on the same origin, with the session cookie. */

/** An answer that was not a success, in words an operator can read (RFC 9457 problem+json when the API sent one). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
  }
}

interface Problem {
  title?: string;
  detail?: string;
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
  return new ApiError(response.status, title, problem.detail ?? title);
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'POST', body: JSON.stringify(body) });
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
  created_at: string;
}

export interface ActionLogSearch extends Page<ActionLogEntry> {
  counts: Record<string, Record<string, number>>;
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
  at: string;
}
