/** Small formatting helpers shared by the console's views. */

/** The tenants of the stub's documented seed; the console adds any other tenant it sees. */
const SEED_TENANTS = ['acme', 'globex', 'initech'] as const;

/** The seed's tenants and every other one in `seen`, sorted, without repeats. */
export function tenantIds(seen: Iterable<string>): string[] {
  return [...new Set([...SEED_TENANTS, ...seen])].sort();
}

/** A duration as whole hours and minutes, rounded down: `23 h 59 min`. */
function hoursAndMinutes(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A duration for people, to the minute: `45 s`, `2 h 5 min`, `3 d 4 h` past two days. */
export function duration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 48 * 3600) return hoursAndMinutes(ms);
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

/** Where an incident's 24-hour notice stands, on the stub's clock. */
export function noticeCountdown(incident: { noticeDueBy: string; notifiedAt?: string | undefined }, now: string | undefined): string {
  if (incident.notifiedAt) return `Notified at ${incident.notifiedAt}`;
  if (!now) return `Notice due by ${incident.noticeDueBy}`;
  const left = Date.parse(incident.noticeDueBy) - Date.parse(now);
  return left >= 0 ? `Notice due in ${hoursAndMinutes(left)}` : `Notice overdue by ${hoursAndMinutes(left)}`;
}

/** A byte count for people: `1.2 MiB`. */
export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** A yes/no for a flag that may be absent. */
export const yesNo = (value: boolean | undefined) => (value === undefined ? 'not said' : value ? 'yes' : 'no');

/** A list as `a, b, c`, or a dash when empty. */
export const joined = (items: readonly string[] | undefined) => (items && items.length > 0 ? items.join(', ') : '—');
