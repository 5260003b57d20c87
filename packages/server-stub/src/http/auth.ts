import { Channel, validate } from '@vuln-report/contract';
import type { Actor } from '../core/context.ts';
import type { Seed } from '../seed.ts';
import { originMatches } from './cors.ts';
import { invalid, problem, PROBLEM_TYPES } from './problem.ts';

type Outcome<T> = { ok: true; value: T } | { ok: false; response: Response };

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
