import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@vuln-report/contract';
import { createAdmin, createOffsetClock } from '@vuln-report/server-stub/core';
import { createSecretBox, keyFileIn, parseEncryptionKey } from './accounts/secret-box.ts';
import { scryptPasswords } from './accounts/scrypt-passwords.ts';
import { ConfigError, explainDatabaseError, type DatabaseTarget } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './open.ts';
import { createAccountsStore, type TableAccounts } from './store/accounts-store.ts';

/** What `vuln-report-server admin create` is told. */
export interface FirstAdminOptions extends DatabaseTarget {
  schema?: string | undefined;
  encryptionKey?: string | undefined;
  email: string;
  name: string;
  roles: StaffRole[];
}

/** A password of 24 characters from an unambiguous alphabet (about 120 bits). */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(24)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * Makes a staff member with the admin role (and, by default, every other role, so the
 * console does everything) on the intake's database, with a new password and an `api`
 * token, each shown once in the answer and kept only hashed. Logged in the activity log
 * as done by `cli`. Run it with the server stopped when the records are in a data folder.
 */
export async function createFirstAdmin(options: FirstAdminOptions) {
  if (options.databaseUrl && !options.encryptionKey) {
    throw new ConfigError('Give the encryption key the server runs with in VULN_REPORT_ENCRYPTION_KEY; the tenants’ secret keys are sealed with it.');
  }
  let db;
  try {
    db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema });
    await migrate(db);
  } catch (error) {
    await db?.close().catch(() => undefined);
    throw explainDatabaseError(error, options);
  }
  let accounts: TableAccounts | undefined;
  try {
    const key = options.encryptionKey ? parseEncryptionKey(options.encryptionKey) : keyFileIn(options.dataDir!);
    accounts = createAccountsStore(db, { box: createSecretBox(key) });
    // Refuses an encryption key the secret keys were not sealed with, as the server does.
    await accounts.start();
    // Making a member names no tenant in the log: nothing here blinds one, so no ledger secret is read or made.
    const blind = () => {
      throw new Error('admin create names no tenant in the activity log.');
    };
    const admin = createAdmin({ accounts, clock: createOffsetClock(), blind, passwords: scryptPasswords });
    const actor = { name: 'cli', channel: 'api' as const };
    const password = newPassword();
    const member = await admin.createStaff(actor, { name: options.name, email: options.email, roles: options.roles, password });
    if (!member.ok) throw new ConfigError(`${member.detail} Sign in with its password, or have an admin reset it.`);
    const token = await admin.createApiToken(actor, member.value.id, { label: 'made by vuln-report-server admin create' });
    if (!token.ok) throw new Error(token.detail);
    return { member: member.value, password, token: token.value.secret };
  } finally {
    await accounts?.close();
    await db.close();
  }
}
