import * as z from 'zod/mini';
import { Severity } from './enums.ts';
import { Id, listOf, Timestamp, Version } from './primitives.ts';

/** A vulnerability fixed in a release, as published. */
export const FixedVulnerability = z.object({
  reportId: Id,
  severity: Severity,
  /** The release-note text given at resolution. */
  note: z.string(),
  /** The versions it affected (v2). */
  affectedVersions: z.array(z.string()),
  cwe: z.optional(z.array(z.string())),
  /** The reporter's credit, when they asked for it. */
  credit: z.optional(z.object({ name: z.string(), url: z.optional(z.string()) })),
});
/** @see FixedVulnerability */
export type FixedVulnerability = z.infer<typeof FixedVulnerability>;

/** One version's release notes. */
export const Release = z.object({
  version: Version,
  /** When the first fix in this version was published. */
  date: Timestamp,
  vulnerabilities: z.array(FixedVulnerability),
});
/** @see Release */
export type Release = z.infer<typeof Release>;

/** `GET /v1/release-notes`: newest release first. */
export const ReleaseNotes = listOf(Release);
/** @see ReleaseNotes */
export type ReleaseNotes = z.infer<typeof ReleaseNotes>;
