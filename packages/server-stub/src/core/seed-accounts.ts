import type { StaffRole } from '@vuln-report/contract';
import type { CredentialRecord, StaffRecord, TenantRecord } from './accounts.ts';
import { credentialFor } from './admin.ts';

/** The people and keys of a seed, as its file gives them. */
export interface SeedAccounts {
  tenants: readonly TenantRecord[];
  staff: ReadonlyArray<{ id?: string | undefined; name: string; email?: string | undefined; roles: readonly StaffRole[]; tokens?: readonly string[] | undefined; password?: string | undefined }>;
}

/** A member's id from their name: `Sam Triage` → `sam-triage`. */
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'staff';

/**
 * A seed's staff as an intake keeps them: each member with an id (unique) and the hash of
 * their password, and each token as an `api` credential kept by its hash.
 */
export async function seedStaff(seed: SeedAccounts, hashPassword: (password: string) => string | Promise<string>, at: string) {
  const members: StaffRecord[] = [];
  const credentials: CredentialRecord[] = [];
  const taken = new Set<string>();
  for (const [index, entry] of seed.staff.entries()) {
    const base = entry.id ?? slug(entry.name);
    const id = taken.has(base) ? `${base}-${index + 1}` : base;
    taken.add(id);
    members.push({
      id,
      name: entry.name,
      ...(entry.email ? { email: entry.email } : {}),
      roles: [...entry.roles],
      ...(entry.password !== undefined ? { passwordHash: await hashPassword(entry.password) } : {}),
      createdAt: at,
    });
    for (const [n, token] of (entry.tokens ?? []).entries()) {
      credentials.push(credentialFor(token, { id: `${id}-seed-${n + 1}`, memberId: id, kind: 'api', label: 'from the seed', createdAt: at }));
    }
  }
  return { members, credentials };
}

/** A seed's tenants as records of their own (changing one changes nothing in the seed). */
export const seedTenants = (seed: SeedAccounts): TenantRecord[] => structuredClone([...seed.tenants]);
