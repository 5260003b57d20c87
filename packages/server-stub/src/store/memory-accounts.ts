import type { AccountsStore, AccountsTx, CredentialRecord, StaffRecord, TenantRecord } from '../core/accounts.ts';
import type { ActivityRecord } from '../core/activity-log.ts';
import { seedStaff, seedTenants, type SeedAccounts } from '../core/seed-accounts.ts';

interface State {
  tenants: TenantRecord[];
  members: StaffRecord[];
  credentials: CredentialRecord[];
}

/** Options of {@link createMemoryAccounts}. */
export interface MemoryAccountsOptions {
  seed: SeedAccounts;
  hashPassword: (password: string) => string | Promise<string>;
  /** Puts a unit's log entries in the activity log, once its changes are kept. */
  appendLog: (records: readonly ActivityRecord[]) => Promise<void>;
  /** The time the seed's people are made at (ISO). */
  now: () => string;
}

/**
 * People and keys in memory, from a seed: the stub's, and the reference implementation
 * of {@link AccountsStore}. Units run one at a time on a copy that replaces the state when
 * they succeed; `reset()` starts over from the seed.
 */
export function createMemoryAccounts(options: MemoryAccountsOptions): AccountsStore & { reset(): Promise<void> } {
  let state: State = { tenants: seedTenants(options.seed), members: [], credentials: [] };
  let ready = load();
  async function load() {
    const { members, credentials } = await seedStaff(options.seed, options.hashPassword, options.now());
    state = { tenants: seedTenants(options.seed), members, credentials };
  }
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      await ready;
      return work();
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const sameEmail = (member: StaffRecord, email: string) => member.email?.toLowerCase() === email.toLowerCase();
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    transaction: (work) =>
      serial(async () => {
        const staged = copy(state);
        const logs: ActivityRecord[] = [];
        const put = <T extends { id: string }>(list: T[], item: T) => {
          const at = list.findIndex((candidate) => candidate.id === item.id);
          if (at === -1) list.push(copy(item));
          else list[at] = copy(item);
        };
        const tx: AccountsTx = {
          tenant: async (id) => copy(staged.tenants.find((tenant) => tenant.id === id)),
          listTenants: async () => copy([...staged.tenants].sort((a, b) => a.id.localeCompare(b.id))),
          addTenant: async (tenant) => put(staged.tenants, tenant),
          putTenant: async (tenant) => put(staged.tenants, tenant),
          member: async (id) => copy(staged.members.find((member) => member.id === id)),
          memberByEmail: async (email) => copy(staged.members.find((member) => sameEmail(member, email))),
          listMembers: async () => copy([...staged.members].sort((a, b) => a.id.localeCompare(b.id))),
          putMember: async (member) => put(staged.members, member),
          credentialsOf: async (memberId) => copy(staged.credentials.filter((credential) => credential.memberId === memberId)),
          putCredential: async (credential) => put(staged.credentials, credential),
          // Units run one at a time here.
          lockStaff: async () => undefined,
          endSessionsOf: async (memberId) => {
            staged.credentials = staged.credentials.filter((credential) => !(credential.memberId === memberId && credential.kind === 'web'));
          },
          log: (record) => void logs.push(record),
        };
        const result = await work(tx);
        state = staged;
        if (logs.length > 0) await options.appendLog(logs);
        return result;
      }),
    tenants: () => state.tenants,
    credential: async (hash) => {
      await ready;
      const credential = state.credentials.find((candidate) => candidate.hash === hash);
      const member = credential && state.members.find((candidate) => candidate.id === credential.memberId);
      return credential && member ? { credential: copy(credential), member: copy(member) } : undefined;
    },
    addSession: (credential, checkedPasswordHash) =>
      serial(async () => {
        const member = state.members.find((candidate) => candidate.id === credential.memberId);
        if (!member || member.disabled || member.passwordHash !== checkedPasswordHash) return false;
        state = { ...state, credentials: [...state.credentials, copy(credential)] };
        return true;
      }),
    removeCredential: (hash) =>
      serial(async () => {
        const kept = state.credentials.filter((credential) => credential.hash !== hash);
        const removed = kept.length !== state.credentials.length;
        state = { ...state, credentials: kept };
        return removed;
      }),
    memberByEmail: async (email) => {
      await ready;
      return copy(state.members.find((member) => sameEmail(member, email)));
    },
    reset: () =>
      serial(async () => {
        ready = load();
        await ready;
      }),
  };
}
