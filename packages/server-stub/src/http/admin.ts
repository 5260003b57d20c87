import type { RoutesFor } from '@vuln-report/contract/routes';
import type { Result } from '../core/result.ts';
import { fromFailure } from './problem.ts';
import type { RouteHandlers } from './router.ts';
import type { Credentials, Runtime } from './runtime.ts';

/** The admin routes: the staff routes under `/v1/admin/`, as the route table has them. */
type AdminRoutes = { [K in keyof RoutesFor<'triage'> as RoutesFor<'triage'>[K]['path'] extends `/v1/admin/${string}` ? K : never]: RoutesFor<'triage'>[K] };

/** A domain result as `status` (200 or 201), or its refusal; a secret in the answer is never cached. */
async function answer<T, S extends 200 | 201 = 200>(result: Promise<Result<T>>, status: S = 200 as S) {
  const settled = await result;
  return settled.ok ? { status, body: settled.value, headers: { 'Cache-Control': 'no-store' } } : fromFailure(settled);
}

/** The admin routes (v2): tenants, contacts, keys, staff and api tokens, over the domain's admin operations. */
export function adminHandlers(runtime: Runtime): RouteHandlers<AdminRoutes, Credentials> {
  const { admin } = runtime;
  return {
    listTenants: async ({ auth }) => ({ status: 200, body: await admin.listTenants(auth) }),
    createTenant: ({ auth, body }) => answer(admin.createTenant(auth, body), 201),
    readTenant: ({ auth, params }) => answer(admin.readTenant(auth, params.id)),
    updateTenant: ({ auth, params, body }) => answer(admin.updateTenant(auth, params.id, body)),
    listContacts: ({ auth, params }) => answer(admin.listContacts(auth, params.id)),
    addContact: ({ auth, params, body }) => answer(admin.addContact(auth, params.id, body), 201),
    replaceContacts: ({ auth, params, body }) => answer(admin.replaceContacts(auth, params.id, body.supportContacts)),
    listKeys: ({ auth, params }) => answer(admin.listKeys(auth, params.id)),
    createKey: ({ auth, params, body }) => answer(admin.createKey(auth, params.id, body), 201),
    rotateKey: ({ auth, params }) => answer(admin.rotateKey(auth, params.id, params.keyId), 201),
    revokeKey: ({ auth, params }) => answer(admin.revokeKey(auth, params.id, params.keyId)),
    listStaff: async ({ auth }) => ({ status: 200, body: await admin.listStaff(auth) }),
    createStaff: ({ auth, body }) => answer(admin.createStaff(auth, body), 201),
    updateStaff: ({ auth, params, body }) => answer(admin.updateStaff(auth, params.id, body)),
    createApiToken: ({ auth, params, body }) => answer(admin.createApiToken(auth, params.id, body), 201),
    revokeApiToken: ({ auth, params }) => answer(admin.revokeApiToken(auth, params.id, params.tokenId)),
  };
}
