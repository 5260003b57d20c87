import type { StaffRole, StaffTokenKind } from '@vuln-report/contract';
import type { ActivityRecord } from './activity-log.ts';

/** A publishable key as kept: public, so kept whole. */
export interface PublishableKeyRecord {
  key: string;
  /** Browser origins allowed to use the key; requests without an `Origin` are always allowed. */
  allowedOrigins: string[];
  createdAt?: string | undefined;
  revoked?: boolean | undefined;
  revokedAt?: string | undefined;
}

/** A secret key as the domain uses it (an intake on a database keeps `key` encrypted). `id` is the customer token's `kid`. */
export interface SecretKeyRecord {
  id: string;
  key: string;
  /**
   * A key a store kept sealed that does not open (tampered with, or sealed under another
   * key): carried as it was kept, so a change to its tenant keeps it and an admin can
   * revoke it; never used to check a token (`key` is then its prefix alone, `sk_live_`
   * or `sk_test_`, which names its mode).
   */
  sealed?: string | undefined;
  createdAt?: string | undefined;
  revoked?: boolean | undefined;
  revokedAt?: string | undefined;
}

/** A tenant with its contacts and keys: the shape of a seed's tenant. */
export interface TenantRecord {
  id: string;
  name: string;
  supportContacts: Array<{ name: string; email: string }>;
  testRecipients?: string[] | undefined;
  projectKeys: PublishableKeyRecord[];
  secretKeys?: SecretKeyRecord[] | undefined;
}

/** A member of staff: never a password, only its hash. */
export interface StaffRecord {
  id: string;
  name: string;
  email?: string | undefined;
  roles: StaffRole[];
  /** The password's hash, in the store's {@link PasswordHasher}'s format. */
  passwordHash?: string | undefined;
  /** A disabled member's tokens and sessions stop working. */
  disabled?: boolean | undefined;
  createdAt?: string | undefined;
}

/** A staff credential: an `api` token or a `web` session, kept by the SHA-256 of its token only. */
export interface CredentialRecord {
  id: string;
  /** SHA-256 of the token, hex: the token itself is shown once and never kept. */
  hash: string;
  memberId: string;
  kind: StaffTokenKind;
  /** What an `api` token is for. */
  label?: string | undefined;
  /** The token's last four characters, so an admin can tell tokens apart. */
  hint: string;
  createdAt: string;
  /** When a `web` session ends. */
  expiresAt?: string | undefined;
  revokedAt?: string | undefined;
}

/**
 * One unit of work on people and keys: reads see the unit's own writes; the log entries
 * commit with the change (on a database in the same transaction; in the stub's memory
 * right after it).
 */
export interface AccountsTx {
  tenant(id: string): Promise<TenantRecord | undefined>;
  /** Every tenant, by id. */
  listTenants(): Promise<TenantRecord[]>;
  /** Inserts a new tenant; a tenant with its id made meanwhile by another unit makes the unit run again. */
  addTenant(tenant: TenantRecord): Promise<void>;
  /** Replaces a tenant read in this unit. */
  putTenant(tenant: TenantRecord): Promise<void>;
  member(id: string): Promise<StaffRecord | undefined>;
  /** The member with this email, compared without case. */
  memberByEmail(email: string): Promise<StaffRecord | undefined>;
  /** Every member, by id. */
  listMembers(): Promise<StaffRecord[]>;
  putMember(member: StaffRecord): Promise<void>;
  /** A member's credentials, oldest first. */
  credentialsOf(memberId: string): Promise<CredentialRecord[]>;
  putCredential(credential: CredentialRecord): Promise<void>;
  /** Holds every other unit that changes staff until this one ends: checks across members (the last admin) stay true. */
  lockStaff(): Promise<void>;
  /** Removes a member's `web` sessions (a new password, new roles, disabled). */
  endSessionsOf(memberId: string): Promise<void>;
  /** Adds an activity-log entry, committed with the unit's changes. */
  log(record: ActivityRecord): void;
}

/**
 * Where an intake keeps its people and keys: tenants with their contacts and keys, staff
 * with their password hashes, and their tokens and sessions by hash. The seed's in
 * memory (the stub), or tables (the server).
 */
export interface AccountsStore {
  /** Runs `work` as one unit: its writes commit together, or none of them. */
  transaction<T>(work: (tx: AccountsTx) => Promise<T>): Promise<T>;
  /**
   * The tenants as last committed, for what must answer at once (a key's check, a
   * notice's recipients). A process sees its own changes when their unit settles, and
   * another's as soon as it hears of them.
   */
  tenants(): readonly TenantRecord[];
  /** The credential with this token hash and its member, if there is one. */
  credential(hash: string): Promise<{ credential: CredentialRecord; member: StaffRecord } | undefined>;
  /**
   * Adds a sign-in's session, if its member still has the password hash the sign-in
   * checked and is not disabled: a sign-in that raced a new password gets no session.
   */
  addSession(credential: CredentialRecord, checkedPasswordHash: string): Promise<boolean>;
  /** Removes a credential (a sign-out); whether there was one. */
  removeCredential(hash: string): Promise<boolean>;
  /** The member with this email (a sign-in), compared without case. */
  memberByEmail(email: string): Promise<StaffRecord | undefined>;
}

/** How passwords are kept: a hash in the hasher's own format, and its check. */
export interface PasswordHasher {
  hash(password: string): string | Promise<string>;
  verify(password: string, hash: string): boolean | Promise<boolean>;
}
