/** The catalog's reads and changes: providers, regions, zones, instance types (prices, zones), models, and the sync. */
import { api, ApiError, post, put, type InstanceType, type Model, type Zone } from './api';

export interface Provider {
  id: string;
  code: string;
  name: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Region {
  id: string;
  provider_id: string;
  code: string;
  name: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface CatalogZone extends Zone {
  created_at: string;
  updated_at: string;
}

export interface CatalogInstanceType extends InstanceType {
  created_at: string;
  updated_at: string;
}

export interface CatalogModel extends Model {
  created_at: string;
  updated_at: string;
}

/** One price of an instance type and when it held; the current one has no end. */
export interface Price {
  hourly_price_eur: number;
  effective_from: string;
  effective_until: string | null;
  /** who set it: `user:<id>`, or `system:<job>` (the default catalog, the sync) */
  changed_by: string | null;
}

/** What a sync of one provider saw and did (POST /catalog/sync). */
export interface SyncOutcome {
  provider: string;
  zones: string[];
  instance_types: number;
  refused: string[];
}

export interface Catalog {
  providers: Provider[];
  regions: Region[];
  zones: CatalogZone[];
  instanceTypes: CatalogInstanceType[];
  models: CatalogModel[];
}

export async function loadCatalog(): Promise<Catalog> {
  const [providers, regions, zones, instanceTypes, models] = await Promise.all([
    api<Provider[]>('/providers'),
    api<Region[]>('/regions'),
    api<CatalogZone[]>('/zones'),
    api<CatalogInstanceType[]>('/instance_types'),
    api<CatalogModel[]>('/models'),
  ]);
  return { providers, regions, zones, instanceTypes, models };
}

/** A form's number: empty is sent as null, so the platform names the missing field. */
export type Num = number | string;
export const num = (v: Num): number | null => (v === '' || v === undefined ? null : Number(v));

export const createProvider = (body: { code: string; name: string }) => post<{ id: string }>('/providers', body);
export const updateProvider = (id: string, body: NameAndActive) => put<unknown>(`/providers/${id}`, body);

export const createRegion = (body: { provider_id: string | null; code: string; name: string }) => post<{ id: string }>('/regions', body);
export const updateRegion = (id: string, body: NameAndActive) => put<unknown>(`/regions/${id}`, body);

export const createZone = (body: { region_id: string | null; code: string; name: string }) => post<{ id: string }>('/zones', body);
export const updateZone = (id: string, body: NameAndActive) => put<unknown>(`/zones/${id}`, body);

export interface NameAndActive {
  name: string;
  active: boolean;
}

/** An instance type's specs and price; the price goes as text, since the platform keeps exact decimals. */
export interface InstanceTypeFields {
  name: string;
  gpu_model: string;
  gpu_count: number | null;
  vram_per_gpu_gb: number | null;
  vcpus: number | null;
  ram_gb: number | null;
  hourly_price_eur: string | null;
}

export const createInstanceType = (body: InstanceTypeFields & { provider_id: string | null; code: string }) =>
  post<{ id: string }>('/instance_types', body);
export const updateInstanceType = (id: string, body: InstanceTypeFields & { active: boolean }) => put<unknown>(`/instance_types/${id}`, body);
export const setInstanceTypeZones = (id: string, zoneIds: string[]) => put<unknown>(`/instance_types/${id}/zones`, { zone_ids: zoneIds });
export const instanceTypePrices = (id: string) => api<Price[]>(`/instance_types/${id}/prices`);

/** The fields of a type as they are, to change one of them (its activity, say) and send the rest unchanged. */
export function instanceTypeFields(t: CatalogInstanceType): InstanceTypeFields {
  return {
    name: t.name,
    gpu_model: t.gpu_model,
    gpu_count: t.gpu_count,
    vram_per_gpu_gb: t.vram_per_gpu_gb,
    vcpus: t.vcpus,
    ram_gb: t.ram_gb,
    hourly_price_eur: String(t.hourly_price_eur),
  };
}

export interface ModelFields {
  name: string;
  required_vram_gb: number | null;
  data_volume_gb: number | null;
  context_length: number | null;
  active: boolean;
}

/** A model id holds a '/', which the platform reads as the rest of the path: each part is encoded, not the slash. */
export const modelPath = (id: string) => `/models/${id.split('/').map(encodeURIComponent).join('/')}`;

export const registerModel = (body: ModelFields & { id: string }) => post<{ id: string }>('/models', body);
export const updateModel = (id: string, body: ModelFields) => put<unknown>(modelPath(id), body);

export function modelFields(m: CatalogModel): ModelFields {
  return { name: m.name, required_vram_gb: m.required_vram_gb, data_volume_gb: m.data_volume_gb, context_length: m.context_length, active: m.active };
}

export const syncCatalog = () => post<{ providers: SyncOutcome[] }>('/catalog/sync', {});

/**
 * The platform's words about one field of a refused form. A request it finds invalid is answered
 * "field message; field message" (the problem's detail), so the words for `field` are the part naming it.
 */
export function fieldError(error: ApiError | null, field: string): string | undefined {
  if (!error || error.status !== 400) {
    return undefined;
  }
  const part = error.message.split('; ').find((p) => p.startsWith(`${field} `));
  return part?.slice(field.length + 1);
}

/** Who set a price, in words. */
export function changedBy(actor: string | null, me: { user_id: string; username: string } | null | undefined): string {
  if (!actor) {
    return '—';
  }
  const [kind, id] = actor.split(':', 2);
  if (kind === 'user') {
    return me && id === me.user_id ? `${me.username} (you)` : `user ${id?.slice(0, 8)}`;
  }
  if (kind === 'system') {
    return id === 'catalog-sync' ? 'catalog sync' : id === 'default-catalog' ? 'default catalog' : id ?? actor;
  }
  return actor;
}
