import * as z from 'zod/mini';
import { Audience, Email, Id, NoticeTrigger, OriginPattern, ProjectKey, SecretKey, StaffRole, TenantId } from '@vuln-report/contract';

/** The stub's seed: tenants with their contacts and keys, and staff accounts. `--seed file.json` replaces it whole. */
export const Seed = z.strictObject({
  tenants: z
    .array(
      z.strictObject({
        id: TenantId,
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        /** Authorized support contacts: every notification to the tenant goes to each of them. */
        supportContacts: z.array(z.strictObject({ name: z.string().check(z.maxLength(200)), email: Email })).check(z.minLength(1)),
        /** Publishable keys (`pk_test_…`, `pk_live_…`: the prefix is the mode). After a rotation old and new both work until the old one is `revoked`. */
        projectKeys: z
          .array(
            z.strictObject({
              key: ProjectKey,
              /** Browser origins allowed to use the key; requests without an `Origin` are always allowed. */
              allowedOrigins: z.array(OriginPattern),
              revoked: z.optional(z.boolean()),
            }),
          )
          .check(z.minLength(1)),
        /** Secret keys (`sk_test_…`, `sk_live_…`), which sign customer tokens; `id` is the token's `kid`. */
        secretKeys: z.optional(
          z.array(z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/)), key: SecretKey, revoked: z.optional(z.boolean()) })),
        ),
        /** Where the tenant's test-mode email goes instead of its contacts (none by default). */
        testRecipients: z.optional(z.array(Email)),
      }),
    )
    .check(z.minLength(1)),
  /**
   * Staff: each with roles, `api` tokens for scripts, and for the console an email and
   * password (`POST /v1/staff/sessions`). The stub keeps them as given: test credentials.
   */
  staff: z
    .array(
      z.strictObject({
        /** How the admin routes name the member. Default: from the name (`Sam Triage` → `sam-triage`). */
        id: z.optional(Id),
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        email: z.optional(Email),
        roles: z.array(StaffRole).check(z.minLength(1)),
        tokens: z.optional(z.array(z.string().check(z.minLength(8)))),
        password: z.optional(z.string().check(z.minLength(8))),
      }),
    )
    .check(z.minLength(1)),
  /** The vendor's staff alert addresses: new reports (urgent ones marked) and breached deadlines. */
  staffAlerts: z.optional(z.array(Email)),
  /**
   * The vendor's narrowing of the default policy: for a trigger, the audiences that hear
   * of it, a subset of the default's (the stub refuses anything wider at start).
   */
  policy: z.optional(z.strictObject({ notifications: z.optional(z.partialRecord(NoticeTrigger, z.array(Audience))) })),
});
/** @see Seed */
export type Seed = z.infer<typeof Seed>;

const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** A tenant's documented key pairs: test and live, each allowing the local origins. */
function keysOf(tenant: string) {
  return {
    projectKeys: [
      { key: `pk_test_${tenant}`, allowedOrigins: LOCAL_ORIGINS },
      { key: `pk_live_${tenant}`, allowedOrigins: LOCAL_ORIGINS },
    ],
    secretKeys: [
      { id: `${tenant}-test`, key: `sk_test_${tenant}` },
      { id: `${tenant}-live`, key: `sk_live_${tenant}` },
    ],
  };
}

/** Every role: the seed's all-powerful test token and the console's account. */
export const ALL_ROLES = ['triager', 'responder', 'legal', 'admin'] as const;

/** The documented default seed: stable credentials for examples, tests and first tries. */
export const DEFAULT_SEED: Seed = {
  tenants: [
    {
      id: 'acme',
      name: 'Acme Corporation',
      supportContacts: [
        { name: 'Acme Security', email: 'security@acme.example' },
        { name: 'Acme Operations', email: 'ops@acme.example' },
      ],
      ...keysOf('acme'),
    },
    {
      id: 'globex',
      name: 'Globex',
      supportContacts: [{ name: 'Globex SecOps', email: 'secops@globex.example' }],
      ...keysOf('globex'),
    },
    {
      id: 'initech',
      name: 'Initech',
      supportContacts: [
        { name: 'Initech IT', email: 'it@initech.example' },
        { name: 'Initech CTO', email: 'cto@initech.example' },
      ],
      ...keysOf('initech'),
    },
  ],
  staff: [
    { name: 'Sam Triage', email: 'triage@vendor.example', roles: [...ALL_ROLES], tokens: ['staff_test_token'], password: 'staff-demo-password' },
    { name: 'Tia Triager', roles: ['triager'], tokens: ['staff_test_triager'] },
    { name: 'Rui Responder', roles: ['responder'], tokens: ['staff_test_responder'] },
    { name: 'Lee Legal', roles: ['legal'], tokens: ['staff_test_legal'] },
    { name: 'Ada Admin', roles: ['admin'], tokens: ['staff_test_admin'] },
  ],
  staffAlerts: ['security-team@vendor.example'],
};
