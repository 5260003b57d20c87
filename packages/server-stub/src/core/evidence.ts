import type { ActivityLogEntry, EvidenceRequestBody, ModeFilter } from '@vuln-report/contract';
import { customerActor, inMode, sees, type Customer } from './principals.ts';
import { logAction, modeOf, now, sendEmails, type Actor, type DomainContext } from './context.ts';
import { randomId } from './ids.ts';
import { evidenceAnswered, evidenceDeclined, planNotice, type Content, type Recipient } from './notifications.ts';
import type { EvidenceRecord, StoredEvidenceRequest } from './records.ts';
import { failure, success, type Result } from './result.ts';

/** A signed-in customer's reasoned request for digital evidence, about a time window, reports or incidents. */
export async function requestEvidence(ctx: DomainContext, customer: Customer, body: EvidenceRequestBody): Promise<EvidenceRecord> {
  const request: StoredEvidenceRequest = {
    id: randomId('evd'),
    tenant: customer.tenant,
    mode: customer.mode,
    reason: body.reason,
    scope: body.scope,
    state: 'open',
    requestedAt: now(ctx),
    requesterEmail: customer.email,
  };
  ctx.tx.putEvidenceRequest(request);
  await logAction(ctx, customerActor(customer), 'evidence.request', request.id, [inMode(customer.tenant, customer.mode)]);
  return withoutRequester(request);
}

/** A request of the customer's tenant in their mode; another tenant's does not exist for them. */
export async function readEvidenceAsCustomer(ctx: DomainContext, id: string, customer: Customer): Promise<Result<EvidenceRecord>> {
  const request = await ctx.tx.evidenceRequest(id);
  return request && sees(customer, request.tenant, request.mode) ? success(withoutRequester(request)) : failure('not-found', `No evidence request ${id} for this tenant.`);
}

/** The requests of the customer's tenant in their mode, newest first. */
export async function listEvidenceForCustomer(ctx: DomainContext, customer: Customer, page: { cursor?: string | undefined; limit?: number | undefined }) {
  const result = await ctx.tx.listEvidenceRequests({ tenant: customer.tenant, mode: customer.mode }, page);
  return { ...result, items: result.items.map(withoutRequester) };
}

/** Requests, newest first. */
export async function listEvidenceRequests(ctx: DomainContext, query: { mode?: ModeFilter | undefined; cursor?: string | undefined; limit?: number | undefined }, actor: Actor) {
  const result = await ctx.tx.listEvidenceRequests({ mode: modeOf(query.mode) }, query);
  await logAction(ctx, actor, 'evidence.list', 'evidence-requests', result.items.map((request) => inMode(request.tenant, request.mode)));
  return { ...result, items: result.items.map(withoutRequester) };
}

/** Whether an entry falls in the request's scope: its time window, and the reports and incidents it names. */
function inScope(request: EvidenceRecord, entry: ActivityLogEntry): boolean {
  const { from, to, reports, incidents } = request.scope;
  if (from && entry.at < new Date(from).toISOString()) return false;
  if (to && entry.at > new Date(to).toISOString()) return false;
  const targets = [...(reports ?? []), ...(incidents ?? [])];
  return targets.length === 0 || targets.some((target) => entry.target === target || entry.target.startsWith(`${target}/`));
}

/**
 * Answers a request with every activity-log entry in its scope that concerns the tenant,
 * each naming that tenant alone, and emails them to the requester and the tenant's contacts.
 */
export async function fulfilEvidence(ctx: DomainContext, id: string, actor: Actor): Promise<Result<EvidenceRecord>> {
  const found = await openRequest(ctx, id);
  if (!found.ok) return found;
  const request = found.value;
  await logAction(ctx, actor, 'evidence.fulfil', id, [inMode(request.tenant, request.mode)]);
  // Entries as logged (their leaves must hash as the tree has them): other tenants in them are blinded.
  const entries = (await ctx.tx.activityOfTenant(ctx.blind(inMode(request.tenant, request.mode)))).filter((entry) => inScope(request, entry));
  request.state = 'fulfilled';
  request.fulfilledAt = now(ctx);
  request.entries = entries;
  ctx.tx.putEvidenceRequest(request);
  tellRequester(ctx, request, 'evidence-answered', evidenceAnswered({ ...request, entries }));
  return success(withoutRequester(request));
}

/** Declines a request, with the reason, told to the requester and the tenant's contacts. */
export async function declineEvidence(ctx: DomainContext, id: string, reason: string, actor: Actor): Promise<Result<EvidenceRecord>> {
  const found = await openRequest(ctx, id);
  if (!found.ok) return found;
  const request = found.value;
  request.state = 'declined';
  request.declinedAt = now(ctx);
  request.declineReason = reason;
  ctx.tx.putEvidenceRequest(request);
  tellRequester(ctx, request, 'evidence-declined', evidenceDeclined({ id, reason: request.reason, declineReason: reason }));
  await logAction(ctx, actor, 'evidence.decline', id, [inMode(request.tenant, request.mode)]);
  return success(withoutRequester(request));
}

/** The request `id`, if it is still open to an answer. */
async function openRequest(ctx: DomainContext, id: string): Promise<Result<StoredEvidenceRequest>> {
  const request = await ctx.tx.evidenceRequest(id);
  if (!request) return failure('not-found', `No evidence request ${id}.`);
  if (request.state !== 'open') return failure('conflict', `Evidence request ${id} was already ${request.state}.`);
  return success(request);
}

/** Emails an answer to the requester and the tenant's contacts, as the policy says. */
function tellRequester(ctx: DomainContext, request: StoredEvidenceRequest, trigger: 'evidence-answered' | 'evidence-declined', content: (recipient: Recipient) => Content) {
  const parties = { tenant: request.tenant, requesterEmail: request.requesterEmail };
  sendEmails(ctx, planNotice(ctx.directory, ctx.policy, { trigger, kind: 'evidence', relatedId: request.id, parties, content }), request.mode);
}

/** The request as answered on the wire: who asked stays with the intake. */
function withoutRequester(request: StoredEvidenceRequest): EvidenceRecord {
  const { requesterEmail: _email, ...rest } = request;
  return rest;
}
