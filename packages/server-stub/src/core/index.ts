/**
 * `@vuln-report/server-stub/core`: the intake's domain core, for other intakes built on
 * it (the production server on PostgreSQL): `createIntake` over any {@link IntakeStore},
 * the store interface and the records it keeps, and the in-memory store that is the
 * interface's reference implementation. No MSW, no HTTP, no `node:*`.
 *
 * @packageDocumentation
 */
export { createIntake, type Intake, type IntakeOptions } from './intake.ts';
export type { IntakeStore, StoreTx, Page, PageRequest, RecordFilter, ReportFilter } from './store.ts';
export type * from './records.ts';
export type { Actor, DomainContext } from './context.ts';
export type { Links, Submission } from './reports.ts';
export type { Failure, FailureKind, Result } from './result.ts';
export { createManualClock, createOffsetClock, iso, type Clock, type MovableClock } from './clock.ts';
export type { Directory, TenantContacts } from './directory.ts';
export { blindTenant, chainActivity, READ_ACTION, verifyActivityLog, type ActivityInput, type ActivityRecord, type ChainCheck } from './activity-log.ts';
export { createLedger, deriveLedgerKeys, HEAD_MAX_AGE_SECONDS, type Ledger, type LedgerKeys } from './ledger.ts';
export type { Customer, ReportHolder } from './principals.ts';
export { deliveryAddresses } from './delivery.ts';
export { DELIVERY_BACKOFF_SECONDS, DELIVERY_MAX_ATTEMPTS, type DeliveryOutcome } from './delivery.ts';
export { POLICY, narrowPolicy } from './policy.ts';
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from '../store/memory.ts';
export type { AccountsStore, AccountsTx, CredentialRecord, PasswordHasher, PublishableKeyRecord, SecretKeyRecord, StaffRecord, TenantRecord } from './accounts.ts';
export { seedStaff, seedTenants, type SeedAccounts } from './seed-accounts.ts';
export { createAdmin, type Admin, type AdminOptions } from './admin.ts';
