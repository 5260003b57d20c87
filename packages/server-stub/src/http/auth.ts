import { Channel, validate } from '@vuln-report/contract';
import type { Actor } from '../core/context.ts';
import type { Seed } from '../seed.ts';
import { sameSecret } from '../core/ids.ts';
import { originMatches } from './cors.ts';
import { PROBLEM_TYPES } from '@vuln-report/contract';
import { invalid, problem } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Outcome } from './router.ts';
import { CLIENT_HEADER, type Credentials, type Runtime } from './runtime.ts';

/** The bearer token of a request, if it sent one. */
function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/** A request's tenant from its `X-Project-Key`: 401 without one or for an unknown one, 403 from an origin the key does not list. */
export function projectKeyAuth(seed: Seed, request: Request): Outcome<{ tenant: string; projectKey: string }> {
  const key = request.headers.get('x-project-key');
  if (!key) return { ok: false, response: problem(401, 'Send your publishable project key in the X-Project-Key header.') };
  for (const tenant of seed.tenants) {
    const found = tenant.projectKeys.find((candidate) => candidate.key === key);
    if (!found) continue;
    const origin = request.headers.get('origin');
    if (origin && !found.allowedOrigins.some((pattern) => originMatches(origin, pattern))) {
      return { ok: false, response: problem(403, `The origin ${origin} is not allowed to use this project key.`, { type: PROBLEM_TYPES.origin }) };
    }
    return { ok: true, value: { tenant: tenant.id, projectKey: key } };
  }
  return { ok: false, response: problem(401, 'Unknown project key.') };
}

/** The tracking token of a reporter request: 401 when none was sent. */
export function trackingAuth(request: Request): Outcome<string> {
  const token = bearerToken(request);
  return token ? { ok: true, value: token } : { ok: false, response: problem(401, 'Send the tracking token from your receipt as a bearer token.') };
}

/** The staff member behind a request, and the channel from `X-Staff-Channel` (`api` by default). */
export function staffAuth(seed: Seed, request: Request): Outcome<Actor> {
  const token = bearerToken(request);
  if (!token) return { ok: false, response: problem(401, 'Send a staff token as a bearer token.') };
  const staff = seed.staff.find((member) => member.token === token);
  if (!staff) return { ok: false, response: problem(401, 'Unknown staff token.') };
  const channel = validate(Channel, request.headers.get('x-staff-channel') ?? 'api');
  if (!channel.ok) return { ok: false, response: invalid('X-Staff-Channel must be web or api.', [{ path: 'X-Staff-Channel', message: 'Must be one of web, api' }]) };
  return { ok: true, value: { name: staff.name, channel: channel.value } };
}

function rateLimited(retryAfterSeconds: number) {
  return problem(429, `Too many requests: try again in ${retryAfterSeconds} seconds.`, {
    type: PROBLEM_TYPES.rateLimit,
    retryAfter: retryAfterSeconds,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/** Takes a token from each bucket named; the refusal when one is empty. */
function limit(checks: Array<[RateLimiter | undefined, string | undefined]>): Response | undefined {
  for (const [limiter, key] of checks) {
    if (!limiter || !key) continue;
    const taken = limiter.take(key);
    if (!taken.ok) return rateLimited(taken.retryAfterSeconds);
  }
  return undefined;
}

/** Resolves a route's credential as the route tables name it, rate-limiting reporter credentials. */
export function authenticator(runtime: Runtime) {
  const { limiters } = runtime;
  return (credential: string, request: Request): Outcome<Credentials[keyof Credentials]> => {
    const client = request.headers.get(CLIENT_HEADER) ?? undefined;
    switch (credential) {
      case 'project-key': {
        const auth = projectKeyAuth(runtime.seed, request);
        if (!auth.ok) return auth;
        const refused = limit([
          [limiters.perKeyAndClient, client && `${auth.value.projectKey} ${client}`],
          [limiters.perClient, client],
        ]);
        return refused ? { ok: false, response: refused } : auth;
      }
      case 'tracking-token': {
        const token = trackingAuth(request);
        if (!token.ok) return token;
        const refused = limit([[limiters.perClient, client]]);
        return refused ? { ok: false, response: refused } : token;
      }
      case 'staff': {
        // A client that keeps sending wrong staff tokens is refused before its next guess is even checked.
        const blocked = client && limiters.staffFailures?.peek(client) === false ? limit([[limiters.staffFailures, client]]) : undefined;
        if (blocked) return { ok: false, response: blocked };
        const auth = staffAuth(runtime.seed, request);
        if (!auth.ok) {
          const refused = auth.response.status === 401 ? limit([[limiters.staffFailures, client]]) : undefined;
          return { ok: false, response: refused ?? auth.response };
        }
        const refused = limit([[limiters.staff, client]]);
        return refused ? { ok: false, response: refused } : auth;
      }
      case 'control': {
        const token = bearerToken(request);
        return token !== undefined && sameSecret(token, runtime.controlToken)
          ? { ok: true, value: undefined }
          : { ok: false, response: problem(401, 'Send the stub’s control token (printed when it starts) as a bearer token.') };
      }
      case 'none':
        return { ok: true, value: undefined };
      default:
        throw new Error(`No credential check named ${credential}`);
    }
  };
}
