import type { EvidenceRequest } from '@vuln-report/contract';
import { logAction, now, page, sendEmails, type Actor, type DomainContext } from './context.ts';
import { randomId } from './ids.ts';
import { planEvidence } from './notifications.ts';
import { failure, success, type Result } from './result.ts';

/** A customer's reasoned request for digital evidence. */
export function requestEvidence(ctx: DomainContext, tenant: string, reason: string): EvidenceRequest {
  const request: EvidenceRequest = { id: randomId('evd'), tenant, reason, state: 'open', requestedAt: now(ctx) };
  ctx.state.evidenceRequests[request.id] = request;
  ctx.onChange?.();
  return request;
}

/** A request of the caller's tenant; another tenant's does not exist for them. */
export function readEvidenceAsTenant(ctx: DomainContext, id: string, tenant: string): Result<EvidenceRequest> {
  const request = Object.hasOwn(ctx.state.evidenceRequests, id) ? ctx.state.evidenceRequests[id] : undefined;
  return request && request.tenant === tenant ? success(request) : failure('not-found', `No evidence request ${id} for this tenant.`);
}

/** Requests, newest first. */
export function listEvidenceRequests(ctx: DomainContext, cursor: string | undefined, limit: number | undefined, actor: Actor) {
  const result = page(Object.values(ctx.state.evidenceRequests).reverse(), cursor, limit);
  logAction(ctx, actor, 'evidence.list', 'evidence-requests', result.items.map((request) => request.tenant));
  return result;
}

/** Answers a request with every activity-log entry that concerns the tenant, and emails them to its contacts. */
export function fulfilEvidence(ctx: DomainContext, id: string, actor: Actor): Result<EvidenceRequest> {
  const request = Object.hasOwn(ctx.state.evidenceRequests, id) ? ctx.state.evidenceRequests[id] : undefined;
  if (!request) return failure('not-found', `No evidence request ${id}.`);
  if (request.state === 'fulfilled') return failure('conflict', `Evidence request ${id} was already fulfilled at ${request.fulfilledAt}.`);
  logAction(ctx, actor, 'evidence.fulfil', id, [request.tenant]);
  const entries = ctx.state.activityLog.filter((entry) => entry.tenants.includes(request.tenant));
  request.state = 'fulfilled';
  request.fulfilledAt = now(ctx);
  request.entries = entries;
  sendEmails(ctx, planEvidence(ctx.state.seed, { ...request, entries }));
  ctx.onChange?.();
  return success(request);
}
