import { createHash } from 'node:crypto';
import { modeOfKey, type Mode } from '@vuln-report/contract';
import type { AccountsStore, AccountsTx, CredentialRecord, PasswordHasher, SeedAccounts, StaffRecord, TenantRecord } from '@vuln-report/server-stub/core';
import { seedStaff, seedTenants } from '@vuln-report/server-stub/core';
import type { ActivityRecord } from '@vuln-report/server-stub/core';
import type { Database, Listener, Sql } from '../db/database.ts';
import type { SecretBox } from '../accounts/secret-box.ts';
import { ConfigError } from '../config.ts';
import { INSERT_PENDING_ACTIVITY } from './postgres-store.ts';

/** The channel changes to people and keys are announced on: one per schema, like the reports'. */
export function accountsChannel(schema: string | undefined): string {
  return `vuln_report_accounts_${createHash('sha256')
    .update(schema ?? 'public')
    .digest('hex')
    .slice(0, 16)}`;
}

/** A tenant as its row keeps it: each secret key's secret sealed, beside its mode (which the sealed secret's prefix names). */
type StoredTenant = Omit<TenantRecord, 'secretKeys'> & {
  secretKeys?: Array<Omit<NonNullable<TenantRecord['secretKeys']>[number], 'key' | 'sealed'> & { sealed: string; mode?: Mode }>;
};

/** `$1` an email: the member with it, whatever its case. */
const MEMBER_BY_EMAIL = 'SELECT data FROM staff_members WHERE email = lower($1)';

const keyContext = (tenant: string, keyId: string) => `tenant ${tenant} secret key ${keyId}`;

/** A unique row taken by another unit at the same time: run again, the unit sees it (and refuses with 409). */
const isRace = (error: unknown) => ['23505', '40001', '40P01'].includes(String((error as { code?: unknown })?.code));

/** Options of {@link createAccountsStore}. */
export interface AccountsStoreOptions {
  /** Seals and opens secret keys. */
  box: SecretBox;
  /** Where a secret key that does not open, or a failed reload, is told. Default: standard error. */
  log?: ((line: string) => void) | undefined;
}

/** How long a failed reload waits before the next try, doubling up to 30 s. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

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
  const log = options.log ?? ((line: string) => console.error(line));
  const channel = accountsChannel(db.schema);
  let tenants: readonly TenantRecord[] = [];
  let loading: Promise<void> | undefined;
  let again = false;
  /** Bumped by each change this process holds: a reload begun before it is read again. */
  let generation = 0;
  /** Set while the tenants held may be older than the tables (a reload failed and is being tried again). */
  let stale = false;
  let retryMs = RETRY_FIRST_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  /** Secret keys that did not open, by `tenant/key`: told once each. */
  const broken = new Set<string>();

  const seal = (tenant: TenantRecord): StoredTenant => ({
    ...tenant,
    secretKeys: (tenant.secretKeys ?? []).map(({ key, sealed, ...rest }) => ({
      ...rest,
      mode: modeOfKey(key),
      // A key that did not open is kept as it was sealed.
      sealed: sealed ?? box.seal(key, keyContext(tenant.id, rest.id)),
    })),
  });
  /** Opens a secret key, or tells (once) why it does not and returns nothing. */
  const openKey = (tenant: string, key: NonNullable<StoredTenant['secretKeys']>[number]): string | undefined => {
    try {
      return box.open(key.sealed, keyContext(tenant, key.id));
    } catch {
      const name = `${tenant}/${key.id}`;
      if (!broken.has(name)) {
        broken.add(name);
        log(`vuln-report-server: the secret key ${key.id} of tenant ${tenant} does not open (tampered with, or sealed under another encryption key); it is not used.`);
      }
      return undefined;
    }
  };
  /**
   * A tenant as a record. For use (checking tokens), a secret key that does not open is
   * left out; for the admin routes, it is carried sealed (see `SecretKeyRecord.sealed`),
   * so an admin sees it, can revoke it, and a change of the tenant keeps it.
   */
  const open = (stored: StoredTenant, carry: boolean): TenantRecord => ({
    ...stored,
    secretKeys: (stored.secretKeys ?? []).flatMap(({ sealed, mode, ...rest }) => {
      const key = openKey(stored.id, { sealed, mode, ...rest });
      if (key !== undefined) return [{ ...rest, key }];
      return carry ? [{ ...rest, key: `sk_${mode ?? 'live'}_`, sealed }] : [];
    }),
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
          const started = generation;
          const rows = await db.query<{ data: StoredTenant }>('SELECT data FROM tenants ORDER BY id');
          // A change this process committed while the rows were read may be newer than them: read again.
          if (started !== generation) again = true;
          else tenants = rows.map((row) => open(row.data, false));
        } while (again);
        stale = false;
        retryMs = RETRY_FIRST_MS;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  /** Reloads in the background; a failure is told, marks the tenants stale and is tried again, later each time. */
  function refresh() {
    reload().catch((error: unknown) => {
      stale = true;
      log(`vuln-report-server: reloading the tenants failed (${error instanceof Error ? error.message : String(error)}); trying again in ${retryMs} ms.`);
      if (closed || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        refresh();
      }, retryMs);
      retry.unref?.();
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    });
  }

  /** A committed unit's tenants, held at once, whatever the reload does; a key carried sealed is left out, as a reload leaves it. */
  const hold = (written: readonly TenantRecord[]) => {
    const usable = written.map((tenant) => ({ ...tenant, secretKeys: (tenant.secretKeys ?? []).filter((key) => key.sealed === undefined) }));
    generation += 1;
    const byId = new Map(usable.map((tenant) => [tenant.id, tenant]));
    tenants = [...tenants.filter((tenant) => !byId.has(tenant.id)), ...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  };

  const memberRow = (row: { data: StaffRecord } | undefined) => row?.data;

  function txOn(sql: Sql, written: TenantRecord[], logs: ActivityRecord[]): AccountsTx {
    return {
      tenant: async (id) => {
        const [row] = await sql.query<{ data: StoredTenant }>('SELECT data FROM tenants WHERE id = $1 FOR UPDATE', [id]);
        return row ? open(row.data, true) : undefined;
      },
      listTenants: async () => (await sql.query<{ data: StoredTenant }>('SELECT data FROM tenants ORDER BY id')).map((row) => open(row.data, true)),
      addTenant: async (tenant) => {
        // A plain INSERT: a tenant made meanwhile by another unit is a unique violation, and the unit runs again (409).
        await sql.query('INSERT INTO tenants (id, data) VALUES ($1, $2::jsonb)', [tenant.id, JSON.stringify(seal(tenant))]);
        written.push(structuredClone(tenant));
      },
      putTenant: async (tenant) => {
        await sql.query('UPDATE tenants SET data = $2::jsonb WHERE id = $1', [tenant.id, JSON.stringify(seal(tenant))]);
        written.push(structuredClone(tenant));
      },
      member: async (id) => memberRow((await sql.query<{ data: StaffRecord }>('SELECT data FROM staff_members WHERE id = $1 FOR UPDATE', [id]))[0]),
      memberByEmail: async (email) => memberRow((await sql.query<{ data: StaffRecord }>(MEMBER_BY_EMAIL, [email]))[0]),
      listMembers: async () => (await sql.query<{ data: StaffRecord }>('SELECT data FROM staff_members ORDER BY id')).map((row) => row.data),
      putMember: async (member) => {
        await sql.query('INSERT INTO staff_members (id, email, data) VALUES ($1, lower($2), $3::jsonb) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, data = EXCLUDED.data', [
          member.id,
          member.email ?? null,
          JSON.stringify(member),
        ]);
      },
      lockStaff: async () => {
        await sql.query("SELECT pg_advisory_xact_lock(hashtext('vuln-report staff'))");
      },
      credentialsOf: async (memberId) =>
        (await sql.query<{ data: CredentialRecord }>("SELECT data FROM staff_credentials WHERE member_id = $1 ORDER BY data->>'createdAt', id", [memberId])).map((row) => row.data),
      putCredential: async (credential) => {
        await insertCredential(sql, credential);
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
        const written: TenantRecord[] = [];
        try {
          const result = await db.transaction(async (sql) => {
            const logs: ActivityRecord[] = [];
            const value = await work(txOn(sql, written, logs));
            for (const record of logs) await sql.query(INSERT_PENDING_ACTIVITY, [JSON.stringify(record)]);
            if (written.length > 0) await sql.query('SELECT pg_notify($1, $2)', [channel, 'tenants']);
            return value;
          });
          // Committed: this process holds the change at once; the reload (as every other process's) follows.
          if (written.length > 0) {
            hold(written);
            refresh();
          }
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
    async addSession(credential, checkedPasswordHash) {
      const rows = await db.query(
        `INSERT INTO staff_credentials (hash, id, member_id, kind, expires_at, data)
         SELECT $1, $2, $3, $4, $5, $6::jsonb FROM staff_members m
         WHERE m.id = $3 AND m.data->>'passwordHash' = $7 AND NOT coalesce((m.data->>'disabled')::boolean, false)
         RETURNING id`,
        [credential.hash, credential.id, credential.memberId, credential.kind, credential.expiresAt ?? null, JSON.stringify(credential), checkedPasswordHash],
      );
      return rows.length > 0;
    },
    removeCredential: async (hash) => (await db.query('DELETE FROM staff_credentials WHERE hash = $1 RETURNING id', [hash])).length > 0,
    memberByEmail: async (email) => memberRow((await db.query<{ data: StaffRecord }>(MEMBER_BY_EMAIL, [email]))[0]),
  };

  let listener: Listener | undefined;
  return {
    ...store,
    channel,
    /** Loads the tenants and starts hearing of changes made by other processes. */
    async start() {
      listener = await db.listen(channel, refresh, refresh);
      await reload();
      // Not one secret key opens: the encryption key is not the one they were sealed with.
      const sealed = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tenants, jsonb_array_elements(coalesce(data->'secretKeys', '[]'::jsonb))"))[0]?.n ?? 0;
      const opened = tenants.reduce((sum, tenant) => sum + (tenant.secretKeys?.length ?? 0), 0);
      if (sealed > 0 && opened === 0) {
        throw new ConfigError('The intake’s secret keys do not open with this encryption key; start it with the VULN_REPORT_ENCRYPTION_KEY it was first started with.');
      }
    },
    /** Whether the tenants held are as the tables have them (`false` while a failed reload is tried again). */
    get fresh() {
      return !stale && (listener?.connected ?? false);
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
      const empty = async (sql: Pick<Sql, 'query'>) => (await sql.query('SELECT 1 FROM tenants UNION ALL SELECT 1 FROM staff_members LIMIT 1')).length === 0;
      // Most starts find the tables filled: they hash no password (scrypt is slow on purpose).
      if (!(await empty(db))) return false;
      const { members, credentials } = await seedStaff(seed, passwords.hash, at);
      const imported = await db.transaction(async (sql) => {
        // One process imports; another starting at the same time waits, then finds the rows.
        await sql.query("SELECT pg_advisory_xact_lock(hashtext('vuln-report seed import'))");
        if (!(await empty(sql))) return false;
        const tx = txOn(sql, [], []);
        for (const tenant of seedTenants(seed)) await tx.addTenant(tenant);
        for (const member of members) await tx.putMember(member);
        for (const credential of credentials) await tx.putCredential(credential);
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
      closed = true;
      clearTimeout(retry);
      await listener?.close();
    },
  };
}

/** The store made by {@link createAccountsStore}. */
export type TableAccounts = ReturnType<typeof createAccountsStore>;
