import * as z from 'zod/mini';
import { Scope, type Severity } from './enums.ts';

/** The facts of an assessment that decide the severity. */
export const SeverityFactors = z.strictObject({
  /** Data stored in the cloud can be compromised. */
  dataCompromised: z.boolean(),
  /** A server in operation can be compromised. */
  serverCompromised: z.boolean(),
  /** Legitimate users risk a denial of service. */
  denialOfService: z.boolean(),
  /** Whom it reaches: the whole platform, or only the reporting tenant. */
  scope: Scope,
});
/** @see SeverityFactors */
export type SeverityFactors = z.infer<typeof SeverityFactors>;

/**
 * The contract's severity rule. `blocker` when the issue can compromise data, a server
 * or availability and reaches beyond the reporting customer; `critical` when one of
 * those holds only for the reporter's tenant; `major` for every other vulnerability.
 * A CVSS score never changes the outcome.
 */
export function classifySeverity(factors: SeverityFactors): Severity {
  const compromises = factors.dataCompromised || factors.serverCompromised || factors.denialOfService;
  if (!compromises) return 'major';
  return factors.scope === 'platform' ? 'blocker' : 'critical';
}
