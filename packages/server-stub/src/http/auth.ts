import { modeOfKey, PROBLEM_TYPES } from '@vuln-report/contract';
import type { TenantRecord } from '../core/accounts.ts';
import type { Customer, ReportHolder } from '../core/principals.ts';
import { sameSecret } from '../core/ids.ts';
import { originMatches } from './cors.ts';
import { verifyCustomerToken, type CustomerKey } from './customer-token.ts';
import { problem } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { MountableRoute, Outcome } from './router.ts';
import { CLIENT_HEADER, type Credentials, type Runtime } from './runtime.ts';
import type { StaffPrincipal } from './staff-accounts.ts';

/** The bearer token of a request, if it sent one. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/** A customer token is a JWT (three dot-separated parts); tracking and staff tokens have no dots. */
const isJwt = (token: string) => token.split('.').length === 3;

/** A request's tenant and mode from its `X-Project-Key`: 401 without one or for an unknown or revoked one, 403 from an origin the key does not list. */
export function projectKeyAuth(tenants: readonly TenantRecord[], request: Request): Outcome<Credentials['project-key']> {
  const key = request.headers.get('x-project-key');
  if (!key) return { ok: false, response: problem(401, 'Send your publishable project key in the X-Project-Key header.') };
  for (const tenant of tenants) {
    const found = tenant.projectKeys.find((candidate) => sameSecret(candidate.key, key));
    if (!found) continue;
    if (found.revoked) return { ok: false, response: problem(401, 'This project key was revoked: use the tenant’s current key.') };
    const origin = request.headers.get('origin');
    if (origin && !found.allowedOrigins.some((pattern) => originMatches(origin, pattern))) {
      return { ok: false, response: problem(403, `The origin ${origin} is not allowed to use this project key.`, { type: PROBLEM_TYPES.origin }) };
    }
    return { ok: true, value: { tenant: tenant.id, projectKey: key, mode: modeOfKey(key) } };
  }
  return { ok: false, response: problem(401, 'Unknown project key.') };
}

/** The signed-in customer a customer token names, in the mode of the secret key that signed it. */
export function customerAuth(tenants: readonly TenantRecord[], token: string, nowSeconds: number): Outcome<Customer> {
  const keysOf = (tenant: string): CustomerKey[] =>
    (tenants.find((candidate) => candidate.id === tenant)?.secretKeys ?? []).filter((key) => !key.revoked && key.sealed === undefined).map((key) => ({ id: key.id, secret: key.key }));
  const check = verifyCustomerToken(token, keysOf, nowSeconds);
  if (!check.ok) return { ok: false, response: problem(401, `The customer token was refused: ${check.reason}`) };
  const { tenant, sub, email, exp } = check.claims;
  return { ok: true, value: { tenant, sub, email, mode: modeOfKey(check.key.secret), expiresAt: exp } };
}

/** A `429` with `Retry-After`; `what` says what there were too many of. */
export function rateLimited(retryAfterSeconds: number, what = 'requests') {
  return problem(429, `Too many ${what}: try again in ${retryAfterSeconds} seconds.`, {
    type: PROBLEM_TYPES.rateLimit,
    retryAfter: retryAfterSeconds,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/** Takes a token from each bucket named; the refusal when one is empty. */
async function limit(checks: Array<[RateLimiter | undefined, string | undefined]>): Promise<Response | undefined> {
  for (const [limiter, key] of checks) {
    if (!limiter || !key) continue;
    const taken = await limiter.take(key);
    if (!taken.ok) return rateLimited(taken.retryAfterSeconds);
  }
  return undefined;
}

const refuse = async <T>(outcome: Outcome<T>, refused: Promise<Response | undefined>): Promise<Outcome<T>> => {
  const response = await refused;
  return response ? { ok: false, response } : outcome;
};

/**
 * What the log names as a staff call's target when the call itself did not: the path
 * the route matched, without what came before it (a mount path a caller could fill with
 * anything), or for a tenant's admin route its template, since the tenant is named
 * (blinded) only in an entry's `tenants`.
 */
export function callTarget(route: Pick<MountableRoute, 'path'>, request: Request): string {
  if (route.path.startsWith('/v1/admin/tenants/')) return route.path;
  const segments = route.path.split('/').length - 1;
  return `/${new URL(request.url).pathname.split('/').slice(-segments).join('/')}`;
}

/** Whether `staff` holds one of the roles `route` names (every role may call a route that names none). */
export const mayCall = (staff: StaffPrincipal, route: Pick<MountableRoute, 'roles'>) => !route.roles || route.roles.some((role) => staff.roles.includes(role as never));

/**
 * Resolves a route's credential as the route table names it: publishable keys, tracking
 * tokens and customer tokens rate-limited per client; staff tokens resolved to their
 * member, roles and kind, and refused with 403 outside the route's roles.
 */
export function authenticator(runtime: Runtime) {
  const { limiters } = runtime;
  const nowSeconds = () => Math.floor(runtime.clock.now().getTime() / 1000);

  const byProjectKey = async (request: Request, client: string | undefined): Promise<Outcome<Credentials['project-key']>> => {
    const auth = projectKeyAuth(runtime.accounts.tenants(), request);
    if (!auth.ok) return auth;
    return refuse(auth, limit([[limiters.perKeyAndClient, client && `${auth.value.projectKey} ${client}`], [limiters.perClient, client]]));
  };
  const byCustomer = async (token: string | undefined, client: string | undefined): Promise<Outcome<Customer>> => {
    if (!token) return { ok: false, response: problem(401, 'Send a customer token (signed by your backend with the tenant’s secret key) as a bearer token.') };
    const auth = customerAuth(runtime.accounts.tenants(), token, nowSeconds());
    return auth.ok ? refuse(auth, limit([[limiters.perClient, client]])) : auth;
  };
  const byStaff = async (request: Request, client: string | undefined, route: MountableRoute): Promise<Outcome<StaffPrincipal>> => {
    const token = bearerToken(request);
    const staff = token === undefined ? undefined : await runtime.staff.resolve(token);
    if (!staff) {
      // A client that keeps sending wrong staff tokens is refused before it learns anything more. A valid token
      // is let through whatever its address did: behind a proxy, one guesser must not lock out every member of staff
      // (and a token is too long to guess, unlike a password, whose sign-in stays blocked).
      const blocked = client && (await limiters.staffFailures?.peek(client)) === false ? await limit([[limiters.staffFailures, client]]) : undefined;
      if (blocked) return { ok: false, response: blocked };
      const detail = token === undefined ? 'Send a staff token as a bearer token.' : 'Unknown or expired staff token.';
      return { ok: false, response: (await limit([[limiters.staffFailures, client]])) ?? problem(401, detail) };
    }
    const refused = await limit([[limiters.staff, client]]);
    if (refused) return { ok: false, response: refused };
    if (!mayCall(staff, route)) {
      // A denied call is in the activity log, as the contract asks of every staff call.
      await runtime.intake.logCall(staff, `${route.method} ${route.path}`, callTarget(route, request), { outcome: 'denied', problemType: PROBLEM_TYPES.forbidden });
      return { ok: false, response: problem(403, `This needs the role ${route.roles!.join(' or ')}; your roles are ${staff.roles.join(', ')}.`, { type: PROBLEM_TYPES.forbidden }) };
    }
    return { ok: true, value: staff };
  };

  return (route: MountableRoute, request: Request): Outcome<Credentials[keyof Credentials]> | Promise<Outcome<Credentials[keyof Credentials]>> => {
    const client = request.headers.get(CLIENT_HEADER) ?? undefined;
    switch (route.credential) {
      case 'project-key':
        return byProjectKey(request, client);
      case 'customer':
        return byCustomer(bearerToken(request), client);
      case 'project-key|customer': {
        // A bearer token makes it a signed-in customer's report; otherwise the page's key.
        const token = bearerToken(request);
        if (token === undefined) {
          return byProjectKey(request, client).then((auth) =>
            auth.ok ? { ok: true, value: { tenant: auth.value.tenant, mode: auth.value.mode, from: { projectKey: auth.value.projectKey } } } : auth,
          );
        }
        return byCustomer(token, client).then((auth) => (auth.ok ? { ok: true, value: { tenant: auth.value.tenant, mode: auth.value.mode, from: { customer: auth.value } } } : auth));
      }
      case 'tracking-token':
      case 'tracking-token|customer': {
        const token = bearerToken(request);
        if (!token) return { ok: false, response: problem(401, 'Send the tracking token from your receipt, or a customer token, as a bearer token.') };
        if (route.credential === 'tracking-token|customer' && isJwt(token)) {
          return byCustomer(token, client).then((auth) => (auth.ok ? { ok: true, value: { kind: 'customer', customer: auth.value } satisfies ReportHolder } : auth));
        }
        return refuse({ ok: true, value: { kind: 'tracking', token } satisfies ReportHolder }, limit([[limiters.perClient, client]]));
      }
      case 'staff':
        return byStaff(request, client, route);
      case 'control': {
        const token = bearerToken(request);
        return token !== undefined && sameSecret(token, runtime.controlToken)
          ? { ok: true, value: undefined }
          : { ok: false, response: problem(401, 'Send the stub’s control token (printed when it starts) as a bearer token.') };
      }
      case 'none':
        return { ok: true, value: undefined };
      default:
        throw new Error(`No credential check named ${route.credential}`);
    }
  };
}
