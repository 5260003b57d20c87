import * as z from 'zod/mini';
import { StaffRole } from './credentials.ts';
import { Mode } from './enums.ts';
import { LIMITS } from './limits.ts';
import { Id, TenantId, Timestamp } from './primitives.ts';
import { Email, line } from './strings.ts';

/** An origin a publishable key accepts: exact (`https://app.acme.example`) or any port (`http://localhost:*`). */
export const OriginPattern = z.string().check(z.maxLength(LIMITS.urlMax), z.regex(/^https?:\/\/[^/\s*]+(:\*)?$/, 'Must be an origin such as https://app.example or http://localhost:*'));

/** An authorized support contact (v2 admin): every notification to the tenant goes to each. */
export const SupportContact = z.strictObject({ name: line(LIMITS.nameMax), email: Email });
/** @see SupportContact */
export type SupportContact = z.infer<typeof SupportContact>;

/** A tenant's whole list of authorized support contacts: at least one, each address once. */
export const SupportContacts = z.array(SupportContact).check(
  z.minLength(1),
  z.maxLength(100),
  z.refine((contacts) => new Set(contacts.map((contact) => contact.email.toLowerCase())).size === contacts.length, 'Each contact’s email must appear once'),
);

/** Where a tenant's test-mode email goes instead of its contacts (none by default). */
export const TestRecipients = z.array(Email).check(z.maxLength(20));

/** `POST /v1/admin/tenants`: a new tenant; its keys are made apart (`POST /v1/admin/tenants/{id}/keys`). */
export const TenantDraft = z.strictObject({
  id: TenantId,
  name: line(LIMITS.nameMax),
  supportContacts: SupportContacts,
  testRecipients: z.optional(TestRecipients),
});
/** @see TenantDraft */
export type TenantDraft = z.infer<typeof TenantDraft>;

/** `PATCH /v1/admin/tenants/{id}`: what changes; at least one member. */
export const TenantPatch = z.strictObject({ name: z.optional(line(LIMITS.nameMax)), testRecipients: z.optional(TestRecipients) }).check(
  z.refine((patch) => patch.name !== undefined || patch.testRecipients !== undefined, 'Name at least one of name and testRecipients'),
);
/** @see TenantPatch */
export type TenantPatch = z.infer<typeof TenantPatch>;

/** `PUT /v1/admin/tenants/{id}/contacts`: the tenant's contacts, replaced whole. */
export const ContactsBody = z.strictObject({ supportContacts: SupportContacts });
/** @see ContactsBody */
export type ContactsBody = z.infer<typeof ContactsBody>;

/** A key's kind: `publishable` (`pk_…`, safe in a page) or `secret` (`sk_…`, signs customer tokens). */
export const KeyKind = z.enum(['publishable', 'secret']);
/** @see KeyKind */
export type KeyKind = z.infer<typeof KeyKind>;

/**
 * A tenant's key as the admin routes show it. A publishable key is public and shown
 * whole; a secret key only by its last four characters (`hint`): its secret is shown once,
 * when made.
 */
export const KeyView = z.object({
  /** Publishable: the key itself; secret: the `kid` of the customer tokens it signs. */
  id: z.string(),
  kind: KeyKind,
  mode: Mode,
  /** A publishable key, whole. */
  key: z.optional(z.string()),
  /** A secret key's last four characters. */
  hint: z.optional(z.string()),
  /** The browser origins a publishable key accepts. */
  allowedOrigins: z.optional(z.array(z.string())),
  createdAt: z.optional(Timestamp),
  /** A revoked key no longer works. */
  revoked: z.boolean(),
  revokedAt: z.optional(Timestamp),
});
/** @see KeyView */
export type KeyView = z.infer<typeof KeyView>;

/** `POST /v1/admin/tenants/{id}/keys`: a new key; `allowedOrigins` for a publishable one (required then). */
export const KeyDraft = z
  .strictObject({ kind: KeyKind, mode: Mode, allowedOrigins: z.optional(z.array(OriginPattern).check(z.maxLength(50))) })
  .check(z.refine((draft) => (draft.kind === 'publishable') === (draft.allowedOrigins !== undefined), 'A publishable key needs allowedOrigins; a secret key takes none'));
/** @see KeyDraft */
export type KeyDraft = z.infer<typeof KeyDraft>;

/** A key just made: its view and, this once, its secret (a publishable key's secret is the key). */
export const NewKey = z.object({ key: KeyView, secret: z.string() });
/** @see NewKey */
export type NewKey = z.infer<typeof NewKey>;

/** A tenant as the admin routes show it: its contacts, test recipients and keys. */
export const AdminTenant = z.object({
  id: TenantId,
  name: z.string(),
  supportContacts: z.array(SupportContact),
  testRecipients: z.array(z.string()),
  keys: z.array(KeyView),
});
/** @see AdminTenant */
export type AdminTenant = z.infer<typeof AdminTenant>;

/** `GET /v1/admin/tenants`. */
export const AdminTenantList = z.object({ items: z.array(AdminTenant) });
/** @see AdminTenantList */
export type AdminTenantList = z.infer<typeof AdminTenantList>;

/** `GET /v1/admin/tenants/{id}/contacts`. */
export const ContactList = z.object({ items: z.array(SupportContact) });
/** @see ContactList */
export type ContactList = z.infer<typeof ContactList>;

/** `GET /v1/admin/tenants/{id}/keys`. */
export const KeyList = z.object({ items: z.array(KeyView) });
/** @see KeyList */
export type KeyList = z.infer<typeof KeyList>;

/** A staff member's password: long enough to resist guessing, short enough to hash quickly. */
export const StaffPassword = z.string().check(z.minLength(12, 'Must be at least 12 characters'), z.maxLength(1024));

/** `POST /v1/admin/staff`: a new staff member; `email` and `password` to sign in to the console. */
export const StaffDraft = z.strictObject({
  name: line(LIMITS.nameMax),
  email: z.optional(Email),
  roles: z.array(StaffRole).check(z.minLength(1), z.maxLength(4)),
  password: z.optional(StaffPassword),
});
/** @see StaffDraft */
export type StaffDraft = z.infer<typeof StaffDraft>;

/** `PATCH /v1/admin/staff/{id}`: what changes; `disabled` ends every session and token of theirs. */
export const StaffPatch = z
  .strictObject({
    name: z.optional(line(LIMITS.nameMax)),
    roles: z.optional(z.array(StaffRole).check(z.minLength(1), z.maxLength(4))),
    password: z.optional(StaffPassword),
    disabled: z.optional(z.boolean()),
  })
  .check(z.refine((patch) => Object.keys(patch).length > 0, 'Name at least one of name, roles, password and disabled'));
/** @see StaffPatch */
export type StaffPatch = z.infer<typeof StaffPatch>;

/** An `api` token as the admin routes show it: never its secret, which is shown once. */
export const ApiTokenView = z.object({ id: Id, label: z.string(), hint: z.string(), createdAt: Timestamp, revokedAt: z.optional(Timestamp) });
/** @see ApiTokenView */
export type ApiTokenView = z.infer<typeof ApiTokenView>;

/** A staff member as the admin routes show it: never a password or a token's secret. */
export const StaffMember = z.object({
  id: Id,
  name: z.string(),
  email: z.optional(z.string()),
  roles: z.array(StaffRole),
  /** Whether they can sign in with a password. */
  hasPassword: z.boolean(),
  disabled: z.boolean(),
  tokens: z.array(ApiTokenView),
});
/** @see StaffMember */
export type StaffMember = z.infer<typeof StaffMember>;

/** `GET /v1/admin/staff`. */
export const StaffList = z.object({ items: z.array(StaffMember) });
/** @see StaffList */
export type StaffList = z.infer<typeof StaffList>;

/** `POST /v1/admin/staff/{id}/tokens`: a new `api` token, named for what uses it. */
export const ApiTokenDraft = z.strictObject({ label: line(LIMITS.nameMax) });
/** @see ApiTokenDraft */
export type ApiTokenDraft = z.infer<typeof ApiTokenDraft>;

/** An `api` token just made: its view and, this once, the token. */
export const NewApiToken = z.object({ token: ApiTokenView, secret: z.string() });
/** @see NewApiToken */
export type NewApiToken = z.infer<typeof NewApiToken>;
