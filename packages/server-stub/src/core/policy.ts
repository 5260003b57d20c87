import { CONTRACT_VERSION, type Audience, type NoticeTrigger, type Policy } from '@vuln-report/contract';

/** Who is told of what, by default: the contract's notification table, every trigger written out. */
const DEFAULT_AUDIENCES = {
  intake: ['reporter'],
  'intake-staff-alert': ['staff-alerts'],
  'deadline-breached': ['staff-alerts'],
  'request-info': ['reporter'],
  'resolve-blocker': ['all-tenants', 'reporter'],
  'resolve-critical': ['all-tenants', 'reporter'],
  'resolve-major': ['all-tenants', 'reporter'],
  'resolve-not-vulnerability': ['reporter'],
  'data-loss': ['affected-tenants'],
  'data-loss-update': ['affected-tenants'],
  'incident-notice': ['affected-tenants'],
  'incident-update': ['affected-tenants'],
  'evidence-answered': ['requester', 'requesting-tenant'],
  'evidence-declined': ['requester', 'requesting-tenant'],
} as const satisfies Record<NoticeTrigger, readonly Audience[]>;

/** The audiences each one is part of: a narrowing may name a part of an audience the default names. */
const WITHIN: Record<Audience, readonly Audience[]> = {
  reporter: [],
  'staff-alerts': [],
  'all-tenants': [],
  'reporting-tenant': ['all-tenants'],
  'affected-tenants': ['all-tenants'],
  requester: [],
  'requesting-tenant': ['all-tenants'],
};

const WHEN: Record<NoticeTrigger, string> = {
  intake: 'at once: the acknowledgement, with the reference and how to follow it',
  'intake-staff-alert': 'at once, marked urgent for urgent reports',
  'deadline-breached': 'when it passes',
  'request-info': 'at once, with the question',
  'resolve-blocker': 'at once: severity, fixed-in version, affected versions, how it was resolved',
  'resolve-critical': 'at once: severity, fixed-in version, affected versions, how it was resolved',
  'resolve-major': 'at once: severity, fixed-in version, affected versions, how it was resolved',
  'resolve-not-vulnerability': 'at once: fixed, with the version',
  'data-loss': 'at once, the same instant as the declaration: the action taken and the measures to take',
  'data-loss-update': 'at once',
  'incident-notice': 'within 24 hours of detection: recommended measures and where to track the incident',
  'incident-update': 'at once',
  'evidence-answered': 'at once',
  'evidence-declined': 'at once, with the reason',
};

/**
 * The vendor's default policy, published at `GET /v1/policy`: the severity rule, the
 * notification table and every deadline, all measured on the intake's clock. The
 * contract fixes the audiences, the 24-hour incident notice and the 30-day stale close;
 * the acknowledgement and remediation deadlines are ours.
 */
export const POLICY = {
  contractVersion: CONTRACT_VERSION,
  severityRule: [
    { severity: 'blocker', rule: 'Data stored in the cloud, a server in operation or the service for legitimate users can be compromised, beyond the reporting customer.' },
    { severity: 'critical', rule: 'One of the blocker conditions holds, but only for the customer who reported it.' },
    { severity: 'major', rule: 'Every other vulnerability.' },
  ],
  notifications: (Object.keys(DEFAULT_AUDIENCES) as NoticeTrigger[]).map((trigger) => ({ trigger, audiences: [...DEFAULT_AUDIENCES[trigger]], when: WHEN[trigger] })),
  deadlines: {
    acknowledgeWithinHours: 48,
    urgentAcknowledgeWithinHours: 4,
    incidentNoticeWithinHours: 24,
    staleAfterDays: 30,
    remediationDays: { blocker: 2, critical: 7, major: 30 },
  },
} satisfies Policy;

/**
 * The policy in force: the default, with audiences narrowed where the vendor's
 * configuration says so. Narrowing only removes: an audience the default does not name
 * for a trigger is refused, so nothing reaches "everyone" by accident.
 */
export function narrowPolicy(narrowed: Partial<Record<NoticeTrigger, readonly Audience[]>> = {}): Policy {
  for (const [trigger, audiences] of Object.entries(narrowed) as Array<[NoticeTrigger, readonly Audience[]]>) {
    const allowed: readonly Audience[] = DEFAULT_AUDIENCES[trigger];
    const added = audiences.filter((audience) => !allowed.includes(audience) && !WITHIN[audience].some((wider) => allowed.includes(wider)));
    if (added.length > 0) throw new Error(`The policy may only narrow who hears of ${trigger}: ${added.join(', ')} is not in the default (${allowed.join(', ')}).`);
  }
  return {
    ...POLICY,
    notifications: POLICY.notifications.map((rule) => (narrowed[rule.trigger] ? { ...rule, audiences: [...narrowed[rule.trigger]!] } : rule)),
  };
}

/** The audiences of `trigger` in `policy`: every trigger has a row, so a missing one is a bug, not "nobody". */
export function audiencesOf(policy: Policy, trigger: NoticeTrigger): readonly Audience[] {
  const rule = policy.notifications.find((candidate) => candidate.trigger === trigger);
  if (!rule) throw new Error(`The policy has no row for ${trigger}.`);
  return rule.audiences;
}
