/**
 * What `@vuln-report/widget/bundle` and `@vuln-report/widget/browser` resolve to under
 * Node and server-side bundlers (their `node` export condition): nothing at all. Those
 * builds register the element and reach for the DOM as they load, so a page rendered on
 * a server imports them safely and the browser's import, which resolves to the build
 * itself, registers the element there.
 *
 * @packageDocumentation
 */
export {};
