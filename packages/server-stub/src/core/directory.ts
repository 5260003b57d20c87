/** A tenant as the domain needs it: who it is and whom to tell. */
export interface TenantContacts {
  id: string;
  name: string;
  /** Authorized support contacts: every notification to the tenant goes to each of them. */
  supportContacts: ReadonlyArray<{ name: string; email: string }>;
  /** Where the tenant's test-mode email goes instead (v2): never to a support contact. None by default. */
  testRecipients?: readonly string[];
}

/** The tenants the intake serves, and whom to alert at the vendor. The stub's seed is one; a database is another. */
export interface Directory {
  tenants: readonly TenantContacts[];
  /** The vendor's staff alert addresses: new reports and breached deadlines. */
  staffAlerts: readonly string[];
}
