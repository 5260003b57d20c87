/**
 * `@vuln-report/sdk/node`: what only a host's backend may do, in Node. It mints customer
 * tokens with the tenant's secret key (`node:crypto` HMAC-SHA256), so it is exported
 * under the `node` condition only: a browser bundler cannot resolve it, and the secret
 * key never has a reason to be in a page.
 *
 * @example Minting a customer token in an Express handler:
 * ```ts
 * import { signCustomerToken } from '@vuln-report/sdk/node';
 *
 * app.post('/api/vuln-report/token', requireSignedIn, (req, res) => {
 *   const token = signCustomerToken({
 *     secretKey: process.env.VULN_REPORT_SECRET_KEY!, // sk_live_…
 *     tenant: 'acme',
 *     sub: req.user.id,
 *     email: req.user.email,
 *   });
 *   res.set('Cache-Control', 'no-store').json({ token });
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  DEFAULT_CUSTOMER_TOKEN_SECONDS,
  MAX_CUSTOMER_TOKEN_SECONDS,
  signCustomerToken,
  type SignCustomerTokenOptions,
} from './node/customer-token.ts';
