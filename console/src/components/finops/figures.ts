/** How FinOps figures read on screen. Amounts come exact (up to 9 decimals) as text; they are rounded here for the eye only. */

/** An amount in EUR: four decimals are plenty to read, tiny amounts keep their size. */
export function money(amount: string | number | null | undefined): string {
  if (amount == null || amount === '') return '—';
  const n = Number(amount);
  return n !== 0 && Math.abs(n) < 0.0001 ? n.toExponential(2) : n.toLocaleString(undefined, { maximumFractionDigits: 4 });
}

/** A count (requests, tokens). */
export function count(n: number | null | undefined): string {
  return n == null ? '—' : n.toLocaleString();
}

/** A duration in milliseconds. */
export function ms(n: number | null | undefined): string {
  return n == null ? '—' : `${Math.round(n).toLocaleString()} ms`;
}

/** An exact difference, with its sign: "+0.0012", "-0.5", "0". */
export function signed(amount: string): string {
  return Number(amount) > 0 ? `+${amount}` : amount;
}

/** An actor as the platform writes it ("user:<id>", "api_key:<id>"…), in words when it is a user whose name is known. */
export function actorName(value: string, user: (id: string) => string): string {
  const [kind, id] = value.split(':', 2);
  return kind === 'user' && id ? user(id) : value;
}
