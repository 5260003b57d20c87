import { createHash } from 'node:crypto';
import type { AccountsStore, AccountsTx, CredentialRecord, PasswordHasher, SeedAccounts, StaffRecord, TenantRecord } from '@vuln-report/server-stub/core';
import { seedStaff, seedTenants } from '@vuln-report/server-stub/core';
import type { ActivityRecord } from '@vuln-report/server-stub/core';
import type { Database, Listener, Sql } from '../db/database.ts';
import type { SecretBox } from '../accounts/secret-box.ts';

/** The channel changes to people and keys are announced on: one per schema, like the reports'. */
export function accountsChannel(schema: string | undefined): string {
  return `vuln_report_accounts_${createHash('sha256')
    .update(schema ?? 'public')
    .digest('hex')
    .slice(0, 16)}`;
}

/** A tenant as its row keeps it: each secret key's secret sealed. */
type StoredTenant = Omit<TenantRecord, 'secretKeys'> & { secretKeys?: Array<Omit<NonNullable<TenantRecord['secretKeys']>[number], 'key'> & { sealed: string }> };

const keyContext = (tenant: string, keyId: string) => `tenant ${tenant} secret key ${keyId}`;

/** A unique row taken by another unit at the same time: run again, the unit sees it (and refuses with 409). */
const isRace = (error: unknown) => ['23505', '40001', '40P01'].includes(String((error as { code?: unknown })?.code));

/** Options of {@link createAccountsStore}. */
export interface AccountsStoreOptions {
  /** Seals and opens secret keys. */
  box: SecretBox;
}

/**
 * People and keys in the intake's tables, for every process on the database: tenants
 * (secret keys sealed by `box`), staff (password hashes) and credentials (token hashes).
 *
 * Each process holds the tenants in memory for what must answer at once (a key's check);
 * a change commits with a NOTIFY on {@link accountsChannel}, and each process reloads
 * them when it hears it (the process that made it, before its unit settles). Credentials
 * are read from the table on every staff request, so a revoked token or ended session
 * stops at once in every process.
 */
export function createAccountsStore(db: Database, options: AccountsStoreOptions) {
  const { box } = options;
  const channel = accountsChannel(db.schema);
  let tenants: readonly TenantRecord[] = [];
  let loading: Promise<void> | undefined;
  let again = false;

  const seal = (tenant: TenantRecord): StoredTenant => ({
    ...tenant,
    secretKeys: (tenant.secretKeys ?? []).map(({ key, ...rest }) => ({ ...rest, sealed: box.seal(key, keyContext(tenant.id, rest.id)) })),
  });
  const open = (stored: StoredTenant): TenantRecord => ({
    ...stored,
    secretKeys: (stored.secretKeys ?? []).map(({ sealed, ...rest }) => ({ ...rest, key: box.open(sealed, keyContext(stored.id, rest.id)) })),
  });

  /** Loads the tenants again; calls while one load runs share one more load after it. */
  function reload(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          const rows = await db.query<{ data: StoredTenant }>('SELECT data FROM tenants ORDER BY id');
          tenants = rows.map((row) => open(row.data));
        } while (again);
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  const memberRow = (row: { data: StaffRecord } | undefined) => row?.data;

  function txOn(sql: Sql, changes: { tenants: boolean; any: boolean }, logs: ActivityRecord[]): AccountsTx {
    return {
      tenant: async (id) => {
        const [row] = await sql.query<{ data: StoredTenant }>('SELECT data FROM tenants WHERE id = $1 FOR UPDATE', [id]);
        return row ? open(row.data) : undefined;
      },
      listTenants: async () => (await sql.query<{ data: StoredTenant }>('SELECT data FROM tenants ORDER BY id')).map((row) => open(row.data)),
      putTenant: async (tenant) => {
        await sql.query('INSERT INTO tenants (id, data) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data', [tenant.id, JSON.stringify(seal(tenant))]);
        changes.tenants = changes.any = true;
      },
      member: async (id) => memberRow((await sql.query<{ data: StaffRecord }>('SELECT data FROM staff_members WHERE id = $1 FOR UPDATE', [id]))[0]),
      memberByEmail: async (email) => memberRow((await sql.query<{ data: StaffRecord }>('SELECT data FROM staff_members WHERE email = lower($1)', [email]))[0]),
      listMembers: async () => (await sql.query<{ data: StaffRecord }>('SELECT data FROM staff_members ORDER BY id')).map((row) => row.data),
      putMember: async (member) => {
        await sql.query('INSERT INTO staff_members (id, email, data) VALUES ($1, lower($2), $3::jsonb) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, data = EXCLUDED.data', [
          member.id,
          member.email ?? null,
          JSON.stringify(member),
        ]);
        changes.any = true;
      },
      credentialsOf: async (memberId) =>
        (await sql.query<{ data: CredentialRecord }>("SELECT data FROM staff_credentials WHERE member_id = $1 ORDER BY data->>'createdAt', id", [memberId])).map((row) => row.data),
      putCredential: async (credential) => {
        await insertCredential(sql, credential);
        changes.any = true;
      },
      endSessionsOf: async (memberId) => {
        await sql.query("DELETE FROM staff_credentials WHERE member_id = $1 AND kind = 'web'", [memberId]);
      },
      log: (record) => void logs.push(record),
    };
  }

  const insertCredential = (sql: Pick<Sql, 'query'>, credential: CredentialRecord) =>
    sql.query(
      'INSERT INTO staff_credentials (hash, id, member_id, kind, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (hash) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at',
      [credential.hash, credential.id, credential.memberId, credential.kind, credential.expiresAt ?? null, JSON.stringify(credential)],
    );

  const store: AccountsStore = {
    async transaction(work) {
      for (let attempt = 0; ; attempt++) {
        const changes = { tenants: false, any: false };
        try {
          const result = await db.transaction(async (sql) => {
            const logs: ActivityRecord[] = [];
            const value = await work(txOn(sql, changes, logs));
            for (const record of logs) await sql.query('INSERT INTO activity_pending (record) VALUES ($1::jsonb)', [JSON.stringify(record)]);
            if (changes.tenants) await sql.query('SELECT pg_notify($1, $2)', [channel, 'tenants']);
            return value;
          });
          if (changes.tenants) await reload();
          return result;
        } catch (error) {
          if (attempt >= 3 || !isRace(error)) throw error;
        }
      }
    },
    tenants: () => tenants,
    async credential(hash) {
      const [row] = await db.query<{ credential: CredentialRecord; member: StaffRecord }>(
        'SELECT c.data AS credential, m.data AS member FROM staff_credentials c JOIN staff_members m ON m.id = c.member_id WHERE c.hash = $1',
        [hash],
      );
      return row;
    },
    addCredential: async (credential) => void (await insertCredential(db, credential)),
    removeCredential: async (hash) => (await db.query('DELETE FROM staff_credentials WHERE hash = $1 RETURNING id', [hash])).length > 0,
    memberByEmail: async (email) => memberRow((await db.query<{ data: StaffRecord }>('SELECT data FROM staff_members WHERE email = lower($1)', [email]))[0]),
  };

  let listener: Listener | undefined;
  return {
    ...store,
    channel,
    /** Loads the tenants and starts hearing of changes made by other processes. */
    async start() {
      listener = await db.listen(
        channel,
        () => void reload().catch(() => undefined),
        () => void reload().catch(() => undefined),
      );
      await reload();
    },
    /** Whether anyone could sign in or call a staff route yet. */
    async hasStaff() {
      return (await db.query('SELECT 1 FROM staff_members LIMIT 1')).length > 0;
    },
    /**
     * Puts a seed's people and keys in the tables, once: only into empty tables, so a
     * restart with the same seed keeps what admins changed since. Whether it did.
     */
    async importSeed(seed: SeedAccounts, passwords: PasswordHasher, at: string): Promise<boolean> {
      const { members, credentials } = await seedStaff(seed, passwords.hash, at);
      const imported = await db.transaction(async (sql) => {
        // One process imports; another starting at the same time waits, then finds the rows.
        await sql.query("SELECT pg_advisory_xact_lock(hashtext('vuln-report seed import'))");
        const [{ count }] = (await sql.query<{ count: number }>('SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM staff_members) AS count')) as [{ count: number }];
        if (Number(count) > 0) return false;
        for (const tenant of seedTenants(seed)) await sql.query('INSERT INTO tenants (id, data) VALUES ($1, $2::jsonb)', [tenant.id, JSON.stringify(seal(tenant))]);
        for (const member of members) await sql.query('INSERT INTO staff_members (id, email, data) VALUES ($1, lower($2), $3::jsonb)', [member.id, member.email ?? null, JSON.stringify(member)]);
        for (const credential of credentials) await insertCredential(sql, credential);
        await sql.query('SELECT pg_notify($1, $2)', [channel, 'tenants']);
        return true;
      });
      await reload();
      return imported;
    },
    /** Removes sessions that have ended (a scheduler's sweep). */
    async sweepSessions(now: Date) {
      await db.query('DELETE FROM staff_credentials WHERE expires_at IS NOT NULL AND expires_at < $1', [now.toISOString()]);
    },
    async close() {
      await listener?.close();
    },
  };
}

/** The store made by {@link createAccountsStore}. */
export type TableAccounts = ReturnType<typeof createAccountsStore>;
