/** A time as the operator's browser writes it. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The first block of a UUID: enough to tell rows apart at a glance; the full id is in the title. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}
