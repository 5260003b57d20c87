import type { EvidenceRequest } from '@vuln-report/contract';
import { logAction, now, sendEmails, type Actor, type DomainContext } from './context.ts';
import { randomId } from './ids.ts';
import { planEvidence } from './notifications.ts';
import { failure, success, type Result } from './result.ts';

/** A customer's reasoned request for digital evidence. */
export async function requestEvidence(ctx: DomainContext, tenant: string, reason: string): Promise<EvidenceRequest> {
  const request: EvidenceRequest = { id: randomId('evd'), tenant, reason, state: 'open', requestedAt: now(ctx) };
  ctx.tx.putEvidenceRequest(request);
  return request;
}

/** A request of the caller's tenant; another tenant's does not exist for them. */
export async function readEvidenceAsTenant(ctx: DomainContext, id: string, tenant: string): Promise<Result<EvidenceRequest>> {
  const request = await ctx.tx.evidenceRequest(id);
  return request && request.tenant === tenant ? success(request) : failure('not-found', `No evidence request ${id} for this tenant.`);
}

/** Requests, newest first. */
export async function listEvidenceRequests(ctx: DomainContext, cursor: string | undefined, limit: number | undefined, actor: Actor) {
  const result = await ctx.tx.listEvidenceRequests({ cursor, limit });
  await logAction(ctx, actor, 'evidence.list', 'evidence-requests', result.items.map((request) => request.tenant));
  return result;
}

/** Answers a request with every activity-log entry that concerns the tenant, and emails them to its contacts. */
export async function fulfilEvidence(ctx: DomainContext, id: string, actor: Actor): Promise<Result<EvidenceRequest>> {
  const request = await ctx.tx.evidenceRequest(id);
  if (!request) return failure('not-found', `No evidence request ${id}.`);
  if (request.state === 'fulfilled') return failure('conflict', `Evidence request ${id} was already fulfilled at ${request.fulfilledAt}.`);
  await logAction(ctx, actor, 'evidence.fulfil', id, [request.tenant]);
  const entries = await ctx.tx.activityOfTenant(request.tenant);
  request.state = 'fulfilled';
  request.fulfilledAt = now(ctx);
  request.entries = entries;
  ctx.tx.putEvidenceRequest(request);
  sendEmails(ctx, planEvidence(ctx.directory, { ...request, entries }));
  return success(request);
}
