import {
  modeOfKey,
  type AdminTenant,
  type ApiTokenDraft,
  type ApiTokenView,
  type ContactList,
  type KeyDraft,
  type KeyView,
  type NewApiToken,
  type NewKey,
  type StaffDraft,
  type StaffMember,
  type StaffPatch,
  type SupportContact,
  type TenantDraft,
  type TenantPatch,
} from '@vuln-report/contract';
import type { AccountsStore, AccountsTx, CredentialRecord, PasswordHasher, StaffRecord, TenantRecord } from './accounts.ts';
import { iso, type Clock } from './clock.ts';
import type { Actor } from './context.ts';
import { randomId } from './ids.ts';
import { failure, success, type Result } from './result.ts';
import { sha256Hex } from './sha256.ts';

/** What the admin operations work with. */
export interface AdminOptions {
  accounts: AccountsStore;
  clock: Clock;
  /** A tenant id as the activity log names it. */
  blind: (tenant: string) => string;
  passwords: PasswordHasher;
}

/** A key as the admin routes show it: a secret key by its last four characters only. */
export function keyViews(tenant: TenantRecord): KeyView[] {
  const state = (key: { createdAt?: string | undefined; revoked?: boolean | undefined; revokedAt?: string | undefined }) => ({
    ...(key.createdAt ? { createdAt: key.createdAt } : {}),
    revoked: key.revoked === true,
    ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
  });
  return [
    ...tenant.projectKeys.map((key): KeyView => ({ id: key.key, kind: 'publishable', mode: modeOfKey(key.key), key: key.key, allowedOrigins: [...key.allowedOrigins], ...state(key) })),
    // A key that does not open shows no hint: there is nothing to show, and it checks no token.
    ...(tenant.secretKeys ?? []).map((key): KeyView => ({ id: key.id, kind: 'secret', mode: modeOfKey(key.key), ...(key.sealed ? {} : { hint: key.key.slice(-4) }), ...state(key) })),
  ];
}

/** A tenant as the admin routes show it. */
export const adminTenant = (tenant: TenantRecord): AdminTenant => ({
  id: tenant.id,
  name: tenant.name,
  supportContacts: tenant.supportContacts.map(({ name, email }) => ({ name, email })),
  testRecipients: [...(tenant.testRecipients ?? [])],
  keys: keyViews(tenant),
});

const tokenView = (credential: CredentialRecord): ApiTokenView => ({
  id: credential.id,
  label: credential.label ?? '',
  hint: credential.hint,
  createdAt: credential.createdAt,
  ...(credential.revokedAt ? { revokedAt: credential.revokedAt } : {}),
});

/** A staff member as the admin routes show it: never a password or a token. */
export const staffMember = (member: StaffRecord, credentials: readonly CredentialRecord[]): StaffMember => ({
  id: member.id,
  name: member.name,
  ...(member.email ? { email: member.email } : {}),
  roles: [...member.roles],
  hasPassword: member.passwordHash !== undefined,
  disabled: member.disabled === true,
  tokens: credentials.filter((credential) => credential.kind === 'api').map(tokenView),
});

/** A new staff credential for `token`: kept by its hash, told apart by its last four characters. */
export const credentialFor = (token: string, fields: Omit<CredentialRecord, 'hash' | 'hint'>): CredentialRecord => ({ ...fields, hash: sha256Hex(token), hint: token.slice(-4) });

/**
 * The logged target of a tenant's admin change: the tenant is named blinded in the
 * entry's `tenants`, never in clear in its target.
 */
const TENANT_TARGET = 'tenant';

/** Whether a member can act as an admin: the role, not disabled, and a way in (a password, or an api token not revoked). */
const canAdminister = (member: StaffRecord, credentials: readonly CredentialRecord[]) =>
  member.roles.includes('admin') && !member.disabled && (member.passwordHash !== undefined || credentials.some((credential) => credential.kind === 'api' && !credential.revokedAt));

/**
 * The admin routes' operations (v2): tenants, their contacts and keys, staff and their
 * `api` tokens. Each is one unit on the accounts store, logged in the same unit; a
 * secret (a new key, a new token) is in the answer once and kept only encrypted or hashed.
 */
export function createAdmin(options: AdminOptions) {
  const { accounts, clock, blind, passwords } = options;
  const now = () => iso(clock.now());

  /** Logs a call done in `tx`: `action` on `target`, naming `tenants` (blinded). */
  const logDone = (tx: AccountsTx, actor: Actor, action: string, target: string, tenants: readonly string[]) =>
    tx.log({ at: now(), actor: actor.name, channel: actor.channel, action, target, tenants: [...new Set(tenants)].map(blind), outcome: 'ok' });
  /** Runs `work` in one unit; once it succeeds, logs the call as `action` on `target`, naming `tenants`. */
  const unit = <T>(actor: Actor, action: string, target: string, tenants: readonly string[], work: (tx: AccountsTx) => Promise<Result<T>>) =>
    accounts.transaction(async (tx) => {
      const result = await work(tx);
      if (result.ok) logDone(tx, actor, action, target, tenants);
      return result;
    });
  const tenantIn = async (tx: AccountsTx, id: string): Promise<Result<TenantRecord>> => {
    const tenant = await tx.tenant(id);
    return tenant ? success(tenant) : failure('not-found', `No tenant ${id}.`);
  };
  /** Whether the members keep an admin who can act, `changed` (and its `credential`, if given) replacing their old selves. */
  const keepsAnAdmin = async (tx: AccountsTx, changed: StaffRecord, credential?: CredentialRecord) => {
    for (const member of await tx.listMembers()) {
      const credentials = (await tx.credentialsOf(member.id)).map((known) => (known.id === credential?.id ? credential : known));
      if (canAdminister(member.id === changed.id ? changed : member, credentials)) return true;
    }
    return false;
  };
  const memberIn = async (tx: AccountsTx, id: string): Promise<Result<StaffRecord>> => {
    const member = await tx.member(id);
    return member ? success(member) : failure('not-found', `No staff member ${id}.`);
  };
  /** Changes a tenant: `change` gives the changed tenant and the answer, or a refusal (nothing is kept then). */
  const changeTenant = <T>(actor: Actor, action: string, id: string, change: (tenant: TenantRecord) => Result<[TenantRecord, T]>) =>
    unit(actor, action, TENANT_TARGET, [id], async (tx): Promise<Result<T>> => {
      const found = await tenantIn(tx, id);
      if (!found.ok) return found;
      const changed = change(structuredClone(found.value));
      if (!changed.ok) return changed;
      await tx.putTenant(changed.value[0]);
      return success(changed.value[1]);
    });
  /** A tenant after a change of its contacts, and the contacts as the answer. */
  const withContacts = (tenant: TenantRecord): Result<[TenantRecord, ContactList]> => success([tenant, { items: tenant.supportContacts }]);
  const newKey = (kind: KeyDraft['kind'], mode: KeyDraft['mode'], tenant: TenantRecord, allowedOrigins: string[] | undefined): [TenantRecord, NewKey] => {
    const createdAt = now();
    if (kind === 'publishable') {
      const key = randomId(`pk_${mode}`, 24);
      tenant.projectKeys.push({ key, allowedOrigins: allowedOrigins ?? [], createdAt });
      return [tenant, { key: keyViews(tenant).find((view) => view.id === key)!, secret: key }];
    }
    const secret = randomId(`sk_${mode}`, 40);
    const id = randomId(`key_${mode}`, 12);
    (tenant.secretKeys ??= []).push({ id, key: secret, createdAt });
    return [tenant, { key: keyViews(tenant).find((view) => view.id === id && view.kind === 'secret')!, secret }];
  };
  const findKey = (tenant: TenantRecord, keyId: string) =>
    tenant.projectKeys.find((key) => key.key === keyId) ?? (tenant.secretKeys ?? []).find((key) => key.id === keyId);

  return {
    listTenants: (actor: Actor) =>
      accounts.transaction(async (tx) => {
        const tenants = await tx.listTenants();
        logDone(tx, actor, 'tenant.list', 'tenants', tenants.map((tenant) => tenant.id));
        return { items: tenants.map(adminTenant) };
      }),
    readTenant: (actor: Actor, id: string) => unit(actor, 'tenant.read', TENANT_TARGET, [id], async (tx) => {
      const found = await tenantIn(tx, id);
      return found.ok ? success(adminTenant(found.value)) : found;
    }),
    createTenant: (actor: Actor, draft: TenantDraft) =>
      unit(actor, 'tenant.create', TENANT_TARGET, [draft.id], async (tx) => {
        if (await tx.tenant(draft.id)) return failure('conflict', `A tenant ${draft.id} exists already.`);
        const tenant: TenantRecord = { id: draft.id, name: draft.name, supportContacts: draft.supportContacts, testRecipients: draft.testRecipients ?? [], projectKeys: [], secretKeys: [] };
        await tx.addTenant(tenant);
        return success(adminTenant(tenant));
      }),
    updateTenant: (actor: Actor, id: string, patch: TenantPatch) =>
      changeTenant(actor, 'tenant.update', id, (tenant) => {
        const changed = { ...tenant, ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.testRecipients ? { testRecipients: patch.testRecipients } : {}) };
        return success([changed, adminTenant(changed)]);
      }),
    listContacts: (actor: Actor, id: string) => unit(actor, 'contacts.list', TENANT_TARGET, [id], async (tx) => {
      const found = await tenantIn(tx, id);
      return found.ok ? success<ContactList>({ items: found.value.supportContacts }) : found;
    }),
    addContact: (actor: Actor, id: string, contact: SupportContact) =>
      changeTenant(actor, 'contacts.add', id, (tenant) =>
        tenant.supportContacts.some((known) => known.email.toLowerCase() === contact.email.toLowerCase())
          ? failure('conflict', `${contact.email} is a contact of ${id} already.`)
          : withContacts({ ...tenant, supportContacts: [...tenant.supportContacts, contact] }),
      ),
    replaceContacts: (actor: Actor, id: string, contacts: SupportContact[]) => changeTenant(actor, 'contacts.replace', id, (tenant) => withContacts({ ...tenant, supportContacts: contacts })),
    listKeys: (actor: Actor, id: string) => unit(actor, 'keys.list', TENANT_TARGET, [id], async (tx) => {
      const found = await tenantIn(tx, id);
      return found.ok ? success({ items: keyViews(found.value) }) : found;
    }),
    createKey: (actor: Actor, id: string, draft: KeyDraft) =>
      changeTenant(actor, 'key.create', id, (tenant) => success(newKey(draft.kind, draft.mode, tenant, draft.allowedOrigins))),
    /** A new key like `keyId` (kind, mode, origins); the old one works until revoked. */
    rotateKey: (actor: Actor, id: string, keyId: string) =>
      changeTenant(actor, 'key.rotate', id, (tenant) => {
        const old = findKey(tenant, keyId);
        if (!old) return failure('not-found', `No key ${keyId} of ${id}.`);
        if (old.revoked) return failure('conflict', `The key ${keyId} was revoked: make a new one instead.`);
        return success('allowedOrigins' in old ? newKey('publishable', modeOfKey(old.key), tenant, [...old.allowedOrigins]) : newKey('secret', modeOfKey(old.key), tenant, undefined));
      }),
    revokeKey: (actor: Actor, id: string, keyId: string) =>
      changeTenant(actor, 'key.revoke', id, (tenant) => {
        const key = findKey(tenant, keyId);
        if (!key) return failure('not-found', `No key ${keyId} of ${id}.`);
        if (key.revoked) return failure('conflict', `The key ${keyId} is revoked already.`);
        key.revoked = true;
        key.revokedAt = now();
        return success([tenant, keyViews(tenant).find((view) => view.id === keyId)!] as [TenantRecord, KeyView]);
      }),

    listStaff: (actor: Actor) =>
      accounts.transaction(async (tx) => {
        const items: StaffMember[] = [];
        // One after the other: a unit's statements share one connection.
        for (const member of await tx.listMembers()) items.push(staffMember(member, await tx.credentialsOf(member.id)));
        logDone(tx, actor, 'staff.list', 'staff', []);
        return { items };
      }),
    createStaff: async (actor: Actor, draft: StaffDraft) => {
      const passwordHash = draft.password === undefined ? undefined : await passwords.hash(draft.password);
      const id = randomId('stf', 12);
      return unit(actor, 'staff.create', `staff ${id}`, [], async (tx) => {
        if (draft.email && (await tx.memberByEmail(draft.email))) return failure('conflict', `A staff member with the email ${draft.email} exists already.`);
        const member: StaffRecord = {
          id,
          name: draft.name,
          ...(draft.email ? { email: draft.email } : {}),
          roles: [...new Set(draft.roles)],
          ...(passwordHash ? { passwordHash } : {}),
          createdAt: now(),
        };
        await tx.putMember(member);
        return success(staffMember(member, []));
      });
    },
    /** Name, roles, password or disabled; new roles, a new password or disabling end the member's sessions. */
    updateStaff: async (actor: Actor, id: string, patch: StaffPatch) => {
      const passwordHash = patch.password === undefined ? undefined : await passwords.hash(patch.password);
      return unit(actor, 'staff.update', `staff ${id}`, [], async (tx) => {
        // Two admins demoting each other at once must not both pass the last-admin check.
        await tx.lockStaff();
        const found = await memberIn(tx, id);
        if (!found.ok) return found;
        const changed: StaffRecord = {
          ...found.value,
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.roles ? { roles: [...new Set(patch.roles)] } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        };
        if (!(await keepsAnAdmin(tx, changed))) return failure('conflict', 'This would leave no admin who can act: give another member the admin role (and a password or an api token) first.');
        await tx.putMember(changed);
        if (patch.roles || passwordHash || patch.disabled) await tx.endSessionsOf(id);
        return success(staffMember(changed, await tx.credentialsOf(id)));
      });
    },
    createApiToken: (actor: Actor, id: string, draft: ApiTokenDraft) =>
      unit(actor, 'token.create', `staff ${id} token`, [], async (tx): Promise<Result<NewApiToken>> => {
        const found = await memberIn(tx, id);
        if (!found.ok) return found;
        const secret = randomId('vrt', 40);
        const credential = credentialFor(secret, { id: randomId('tok', 12), memberId: id, kind: 'api', label: draft.label, createdAt: now() });
        await tx.putCredential(credential);
        return success({ token: tokenView(credential), secret });
      }),
    revokeApiToken: (actor: Actor, id: string, tokenId: string) =>
      unit(actor, 'token.revoke', `staff ${id} token ${tokenId}`, [], async (tx): Promise<Result<ApiTokenView>> => {
        // The last admin's last way in is not taken away: like a demotion, checked under the staff lock.
        await tx.lockStaff();
        const credential = (await tx.credentialsOf(id)).find((candidate) => candidate.id === tokenId && candidate.kind === 'api');
        if (!credential) return failure('not-found', `No api token ${tokenId} of ${id}.`);
        if (credential.revokedAt) return failure('conflict', `The token ${tokenId} is revoked already.`);
        const revoked = { ...credential, revokedAt: now() };
        const member = (await tx.member(id))!;
        if (!(await keepsAnAdmin(tx, member, revoked))) return failure('conflict', 'This is the last way in of the last admin who can act: give another member the admin role (and a password or an api token) first.');
        await tx.putCredential(revoked);
        return success(tokenView(revoked));
      }),
  };
}

/** The operations made by {@link createAdmin}. */
export type Admin = ReturnType<typeof createAdmin>;
