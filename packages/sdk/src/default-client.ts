import type { ReportFieldsInput } from '@vuln-report/contract';
import { createClient, type Client, type ReportOptions, type ReportResult } from './client.ts';
import type { ClientOptions } from './options.ts';

let current: Client | undefined;

/**
 * Sets up the page's default client, which {@link report} uses, and sends what an earlier
 * page left in the queue. Calling it again replaces the client (the queue stays).
 */
export function init(options: ClientOptions): Client {
  current?.close();
  current = createClient(options);
  return current;
}

/** Sends a report with the client set up by {@link init}. See {@link Client.report}. */
export async function report(draft: ReportFieldsInput, options?: ReportOptions): Promise<ReportResult> {
  if (!current) throw new Error('Call init({ endpoint, projectKey }) before report()');
  return current.report(draft, options);
}
