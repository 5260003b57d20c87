import * as z from 'zod/mini';
import { Audience, Email, NoticeTrigger, ProjectKey, TenantId } from '@vuln-report/contract';

/** An origin a project key accepts: exact (`https://app.acme.example`) or any port (`http://localhost:*`). */
const OriginPattern = z.string().check(z.regex(/^https?:\/\/[^/\s*]+(:\*)?$/, 'Must be an origin such as https://app.example or http://localhost:*'));

/** The stub's seed: tenants with their contacts and keys, and staff accounts. `--seed file.json` replaces it whole. */
export const Seed = z.strictObject({
  tenants: z
    .array(
      z.strictObject({
        id: TenantId,
        name: z.string().check(z.minLength(1), z.maxLength(200)),
        /** Authorized support contacts: every notification to the tenant goes to each of them. */
        supportContacts: z.array(z.strictObject({ name: z.string().check(z.maxLength(200)), email: Email })).check(z.minLength(1)),
        projectKeys: z
          .array(
            z.strictObject({
              key: ProjectKey,
              /** Browser origins allowed to use the key; requests without an `Origin` are always allowed. */
              allowedOrigins: z.array(OriginPattern),
            }),
          )
          .check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
  staff: z.array(z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(200)), token: z.string().check(z.minLength(8)) })).check(z.minLength(1)),
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
      projectKeys: [{ key: 'pk_test_acme', allowedOrigins: LOCAL_ORIGINS }],
    },
    {
      id: 'globex',
      name: 'Globex',
      supportContacts: [{ name: 'Globex SecOps', email: 'secops@globex.example' }],
      projectKeys: [{ key: 'pk_test_globex', allowedOrigins: LOCAL_ORIGINS }],
    },
    {
      id: 'initech',
      name: 'Initech',
      supportContacts: [
        { name: 'Initech IT', email: 'it@initech.example' },
        { name: 'Initech CTO', email: 'cto@initech.example' },
      ],
      projectKeys: [{ key: 'pk_test_initech', allowedOrigins: LOCAL_ORIGINS }],
    },
  ],
  staff: [{ name: 'Sam Triage', token: 'staff_test_token' }],
  staffAlerts: ['security-team@vendor.example'],
};
