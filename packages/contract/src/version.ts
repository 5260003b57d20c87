/**
 * The version of the intake contract these schemas describe, published as the OpenAPI
 * document's `info.version`. It changes when a body, route or rule changes, not with
 * every release of the packages.
 */
export const CONTRACT_VERSION = 2;
