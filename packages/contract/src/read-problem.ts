import type { Problem } from './problem.ts';

/**
 * The problem details of an error response: its body when that is problem details (its
 * status always the response's), or one made from the status when it is not.
 */
export async function readProblem(response: Response): Promise<Problem> {
  const body: unknown = await response.json().catch(() => undefined);
  // Checked by hand, not with the schema, and in a module of its own: it runs in every browser
  // bundle that sends a report, which need not carry the problem schemas.
  const problem = body && typeof body === 'object' && typeof (body as Problem).title === 'string' ? (body as Problem) : undefined;
  // RFC 9457: a missing `type` means `about:blank`.
  return problem
    ? { ...problem, type: problem.type ?? 'about:blank', status: response.status }
    : { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
}
