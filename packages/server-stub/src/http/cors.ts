/** Headers a browser may send to the intake. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID, X-Project-Key, X-Report-Channel';
/** Headers a browser may read from its answers. */
const EXPOSED_HEADERS = 'Location, Retry-After';

/** Matches an origin against a pattern: exact, or `scheme://host:*` for any port (or none). */
export function originMatches(origin: string, pattern: string): boolean {
  if (!pattern.endsWith(':*')) return origin === pattern;
  const prefix = pattern.slice(0, -2);
  return origin === prefix || (origin.startsWith(`${prefix}:`) && /^\d{1,5}$/.test(origin.slice(prefix.length + 1)));
}

/** CORS headers for an answer to `origin`, when it may read it. */
export function corsHeaders(origin: string | null, allowed: (origin: string) => boolean): Record<string, string> {
  if (!origin || !allowed(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS, Vary: 'Origin' };
}

/** The answer to a preflight from `origin`. */
export function preflight(origin: string | null, allowed: (origin: string) => boolean): Response {
  const headers: Record<string, string> = {
    ...corsHeaders(origin, allowed),
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
  return new Response(null, { status: 204, headers });
}

/** Copies `extra` headers onto a response (a new one: MSW responses may be immutable). */
export function withHeaders(response: Response, extra: Record<string, string>): Response {
  if (Object.keys(extra).length === 0 || response.type === 'error') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
