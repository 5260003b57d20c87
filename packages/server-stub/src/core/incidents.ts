import type { Incident, IncidentDraft, IncidentNotifyBody, IncidentState, IncidentTransitionBody } from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { addTimeline, logAction, now, sendEmails, unknownTenants, type Actor, type DomainContext } from './context.ts';
import { randomId } from './ids.ts';
import { planIncidentNotice } from './notifications.ts';
import { POLICY } from './policy.ts';
import type { Links } from './reports.ts';
import { failure, success, type Result } from './result.ts';
import type { StoredIncident } from './records.ts';

const ORDER: readonly IncidentState[] = ['detected', 'notified', 'contained', 'analysed', 'closed'];

async function find(ctx: DomainContext, id: string): Promise<Result<StoredIncident>> {
  const incident = await ctx.tx.incident(id);
  return incident ? success(incident) : failure('not-found', `No incident ${id}.`);
}

/** What a customer of an affected tenant sees: no other tenant, no internal links. */
function customerView(incident: StoredIncident): Incident {
  const { affectedTenants: _tenants, linkedReports: _reports, ...rest } = incident;
  return { ...rest, timeline: rest.timeline.map(({ actor: _actor, ...event }) => event) };
}

/** Opens an incident in `detected`; the notice is due 24 hours after detection. */
export async function createIncident(ctx: DomainContext, draft: IncidentDraft, actor: Actor): Promise<Result<StoredIncident>> {
  const linked = draft.linkedReports ?? [];
  const reports = await Promise.all(linked.map((id) => ctx.tx.report(id)));
  const errors = [
    ...unknownTenants(ctx, draft.affectedTenants, 'affectedTenants'),
    ...linked.flatMap((id, i) => (reports[i] ? [] : [{ path: `linkedReports.${i}`, message: `No report ${id}` }])),
  ];
  if (errors.length > 0) return failure('invalid', 'Affected tenants and linked reports must exist.', errors);
  if (Date.parse(draft.detectedAt) > ctx.clock.now().getTime()) {
    return failure('invalid', 'An incident cannot be detected in the future.', [{ path: 'detectedAt', message: 'Must not be after now' }]);
  }
  const id = randomId('inc');
  const incident: StoredIncident = {
    id,
    title: draft.title,
    state: 'detected',
    detectedAt: draft.detectedAt,
    noticeDueBy: addHours(draft.detectedAt, POLICY.incidentNoticeWithinHours),
    recommendedMeasures: draft.recommendedMeasures,
    affectedTenants: draft.affectedTenants,
    linkedReports: linked,
    timeline: [{ at: now(ctx), state: 'detected', actor: actor.name }],
  };
  ctx.tx.putIncident(incident);
  for (const report of reports) {
    addTimeline(ctx, report!, { type: 'incident-linked', incidentId: id, actor: actor.name });
    ctx.tx.putReport(report!);
  }
  await logAction(ctx, actor, 'incident.create', id, draft.affectedTenants);
  return success(incident);
}

/** Incidents, newest first. */
export async function listIncidents(ctx: DomainContext, cursor: string | undefined, limit: number | undefined, actor: Actor) {
  const result = await ctx.tx.listIncidents({ cursor, limit });
  await logAction(ctx, actor, 'incident.list', 'incidents', result.items.flatMap((incident) => incident.affectedTenants));
  return result;
}

/** One incident as staff see it. */
export async function readIncident(ctx: DomainContext, id: string, actor: Actor): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (found.ok) await logAction(ctx, actor, 'incident.read', id, found.value.affectedTenants);
  return found;
}

/** One incident for a customer, only if its tenant is affected; otherwise it does not exist for them. */
export async function readIncidentAsTenant(ctx: DomainContext, id: string, tenant: string): Promise<Result<Incident>> {
  const found = await find(ctx, id);
  if (!found.ok || !found.value.affectedTenants.includes(tenant)) return failure('not-found', `No incident ${id} affects this tenant.`);
  return success(customerView(found.value));
}

/** Emails the affected tenants' contacts with the measures and how to track it; once. */
export async function notifyIncident(ctx: DomainContext, id: string, body: IncidentNotifyBody, actor: Actor, links: Links): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const incident = found.value;
  if (incident.notifiedAt) return failure('conflict', `The affected customers were already notified at ${incident.notifiedAt}.`);
  if (incident.state === 'closed') return failure('conflict', 'A closed incident cannot be notified.');
  const at = now(ctx);
  const emails = sendEmails(
    ctx,
    planIncidentNotice(ctx.directory, { ...incident, trackingUrl: `${links.baseUrl}/v1/incidents/${id}`, ...(body.note ? { note: body.note } : {}) }),
    at,
  );
  incident.notifiedAt = at;
  if (incident.state === 'detected') incident.state = 'notified';
  incident.timeline.push({ at, state: 'notified', actor: actor.name, ...(body.note ? { note: body.note } : {}) });
  ctx.tx.putIncident(incident);
  await logAction(ctx, actor, 'incident.notify', id, incident.affectedTenants);
  return success(incident);
}

/**
 * Moves an incident forward: to a later state only, `notified` only through notify,
 * and not closed before the customers were told.
 */
export async function transitionIncident(ctx: DomainContext, id: string, body: IncidentTransitionBody, actor: Actor): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const incident = found.value;
  if (body.state === 'notified') return failure('conflict', 'Use notify to notify the affected customers.');
  if (ORDER.indexOf(body.state) <= ORDER.indexOf(incident.state)) {
    return failure('conflict', `An incident moves forward only: it is ${incident.state}.`);
  }
  if (body.state === 'closed' && !incident.notifiedAt) return failure('conflict', 'Notify the affected customers before closing the incident.');
  incident.state = body.state;
  incident.timeline.push({ at: now(ctx), state: body.state, actor: actor.name, ...(body.note ? { note: body.note } : {}) });
  ctx.tx.putIncident(incident);
  await logAction(ctx, actor, `incident.${body.state}`, id, incident.affectedTenants);
  return success(incident);
}
