import type { Incident, IncidentDraft, IncidentNotifyBody, IncidentState, IncidentTransitionBody, IncidentUpdateBody } from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { addTimeline, logAction, modeOf, now, sendEmails, unknownTenants, type Actor, type DomainContext } from './context.ts';
import { inMode, sees, type Customer } from './principals.ts';
import type { ModeFilter } from '@vuln-report/contract';
import { randomId } from './ids.ts';
import { incidentNotice, planNotice } from './notifications.ts';
import { deadlineMet, noticeDeadline } from './sla.ts';
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
    noticeDueBy: addHours(draft.detectedAt, ctx.policy.deadlines.incidentNoticeWithinHours),
    recommendedMeasures: draft.recommendedMeasures,
    affectedTenants: draft.affectedTenants,
    linkedReports: linked,
    mode: draft.mode ?? 'live',
    timeline: [{ at: now(ctx), state: 'detected', actor: actor.name }],
  };
  ctx.tx.putIncident(incident);
  for (const report of reports) {
    addTimeline(ctx, report!, { type: 'incident-linked', incidentId: id, actor: actor.name });
    ctx.tx.putReport(report!);
  }
  await logAction(ctx, actor, 'incident.create', id, incident.affectedTenants.map((tenant) => inMode(tenant, incident.mode)));
  return success(incident);
}

/** Incidents, newest first. */
export async function listIncidents(ctx: DomainContext, query: { mode?: ModeFilter | undefined; cursor?: string | undefined; limit?: number | undefined }, actor: Actor) {
  const result = await ctx.tx.listIncidents({ mode: modeOf(query.mode) }, query);
  await logAction(ctx, actor, 'incident.list', 'incidents', result.items.flatMap((incident) => incident.affectedTenants.map((tenant) => inMode(tenant, incident.mode))));
  return result;
}

/** One incident as staff see it. */
export async function readIncident(ctx: DomainContext, id: string, actor: Actor): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (found.ok) await logAction(ctx, actor, 'incident.read', id, found.value.affectedTenants.map((tenant) => inMode(tenant, found.value.mode)));
  return found;
}

/** One incident for a customer, only if their tenant is affected, in their mode; otherwise it does not exist for them. */
export async function readIncidentAsCustomer(ctx: DomainContext, id: string, customer: Customer): Promise<Result<Incident>> {
  const found = await find(ctx, id);
  const affected = found.ok && found.value.affectedTenants.includes(customer.tenant) && sees(customer, customer.tenant, found.value.mode);
  return affected ? success(customerView(found.value)) : failure('not-found', `No incident ${id} affects this tenant.`);
}

/** The incidents that affect the customer's tenant, in their mode, newest first. */
export async function listIncidentsForCustomer(ctx: DomainContext, customer: Customer, page: { cursor?: string | undefined; limit?: number | undefined }) {
  const result = await ctx.tx.listIncidents({ tenant: customer.tenant, mode: customer.mode }, page);
  return { ...result, items: result.items.map(customerView) };
}

/** Where a customer follows an incident: their support center, never a link carrying a key. */
const trackingUrlOf = (links: Links, id: string) => `${links.supportCenterUrl}/incidents/${encodeURIComponent(id)}`;

/** Emails a notice to every authorized contact of each affected tenant, and records it on the timeline. */
function notice(ctx: DomainContext, incident: StoredIncident, links: Links, later: boolean, note: string | undefined) {
  return sendEmails(
    ctx,
    planNotice(ctx.directory, ctx.policy, {
      trigger: later ? 'incident-update' : 'incident-notice',
      kind: 'incident',
      relatedId: incident.id,
      parties: { affectedTenants: incident.affectedTenants },
      content: incidentNotice({ ...incident, trackingUrl: trackingUrlOf(links, incident.id), note, later }),
    }),
    incident.mode,
  );
}

/** The first notice to the affected tenants' contacts, with the measures and where to track it; once. */
export async function notifyIncident(ctx: DomainContext, id: string, body: IncidentNotifyBody, actor: Actor, links: Links): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const incident = found.value;
  if (incident.notifiedAt) return failure('conflict', `The affected customers were already notified at ${incident.notifiedAt}: send an update instead.`);
  if (incident.state === 'closed') return failure('conflict', 'A closed incident cannot be notified.');
  const at = now(ctx);
  notice(ctx, incident, links, false, body.note);
  await deadlineMet(ctx, noticeDeadline(incident));
  incident.notifiedAt = at;
  if (incident.state === 'detected') incident.state = 'notified';
  incident.timeline.push({ at, state: 'notified', actor: actor.name, notified: true, ...(body.note ? { note: body.note } : {}) });
  ctx.tx.putIncident(incident);
  await logAction(ctx, actor, 'incident.notify', id, incident.affectedTenants.map((tenant) => inMode(tenant, incident.mode)));
  return success(incident);
}

/** A later notice: new measures or news, emailed at once to the same tenants. */
export async function updateIncident(ctx: DomainContext, id: string, body: IncidentUpdateBody, actor: Actor, links: Links): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const incident = found.value;
  if (!incident.notifiedAt) return failure('conflict', 'Notify the affected customers first: an update follows the first notice.');
  if (incident.state === 'closed') return failure('conflict', 'A closed incident takes no more updates.');
  if (body.recommendedMeasures) incident.recommendedMeasures = body.recommendedMeasures;
  notice(ctx, incident, links, true, body.note);
  incident.timeline.push({ at: now(ctx), state: incident.state, actor: actor.name, notified: true, note: body.note });
  ctx.tx.putIncident(incident);
  await logAction(ctx, actor, 'incident.update', id, incident.affectedTenants.map((tenant) => inMode(tenant, incident.mode)));
  return success(incident);
}

/**
 * Moves an incident forward: to a later state only, `notified` only through notify,
 * `analysed` with the analysis and the improvements, and not closed before the
 * customers were told. After the first notice each move is emailed to them.
 */
export async function transitionIncident(ctx: DomainContext, id: string, body: IncidentTransitionBody, actor: Actor, links: Links): Promise<Result<StoredIncident>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const incident = found.value;
  if (body.state === 'notified') return failure('conflict', 'Use notify to notify the affected customers.');
  if (ORDER.indexOf(body.state) <= ORDER.indexOf(incident.state)) {
    return failure('conflict', `An incident moves forward only: it is ${incident.state}.`);
  }
  if (body.state === 'closed' && !incident.notifiedAt) return failure('conflict', 'Notify the affected customers before closing the incident.');
  incident.state = body.state;
  if (body.analysis) incident.analysis = body.analysis;
  if (body.improvements) incident.improvements = body.improvements;
  // Once the customers were told, every change of state is a notice too.
  const notified = Boolean(incident.notifiedAt);
  if (notified) {
    const analysis = body.state === 'analysed' ? `Analysis:\n${body.analysis}\n\nWhat we will improve:\n${body.improvements}` : undefined;
    notice(ctx, incident, links, true, [`The incident is now ${body.state}.`, body.note, analysis].filter(Boolean).join('\n\n'));
  }
  incident.timeline.push({ at: now(ctx), state: body.state, actor: actor.name, ...(notified ? { notified } : {}), ...(body.note ? { note: body.note } : {}) });
  ctx.tx.putIncident(incident);
  await logAction(ctx, actor, `incident.${body.state}`, id, incident.affectedTenants.map((tenant) => inMode(tenant, incident.mode)));
  return success(incident);
}
