import type { AdminTenant, KeyView } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { onSubmit, panelView, problemView, section, time } from './common.ts';

/** A key in words: a publishable key whole (it is public), a secret key by its last four characters. */
function keyLine(store: ConsoleStore, tenant: string, key: KeyView) {
  const label = key.kind === 'publishable' ? html`<code>${key.key}</code>` : html`secret key <code>${key.id}</code> ending <code>${key.hint}</code>`;
  return html`<li>
    ${label} · ${key.mode}${key.allowedOrigins ? html` · origins ${key.allowedOrigins.join(', ')}` : nothing}
    ${key.revoked
      ? html` · <strong>revoked</strong> ${time(key.revokedAt)}`
      : html`<button type="button" aria-label=${`Revoke ${key.kind === 'publishable' ? key.id : `secret key ${key.id}`}`} @click=${() => store.revokeKey(tenant, key.id)}>Revoke</button>`}
    ${problemView(store.state.errors[`revoke:${key.id}`])}
  </li>`;
}

/** A tenant: its contacts, its keys, a form to make one, and a key just made with its secret. */
function tenantView(store: ConsoleStore, tenant: AdminTenant) {
  const made = store.state.newKey?.tenant === tenant.id ? store.state.newKey.made : undefined;
  return html`<li class="tenant">
    <h3>${tenant.name} <code>${tenant.id}</code></h3>
    <p>Authorized support contacts: ${tenant.supportContacts.map((contact) => `${contact.name} <${contact.email}>`).join(', ')}</p>
    ${tenant.keys.length === 0 ? html`<p class="muted">No key yet.</p>` : html`<ul class="keys">${tenant.keys.map((key) => keyLine(store, tenant.id, key))}</ul>`}
    ${made
      ? html`<div class="new-secret" role="status">
          <p>The new key’s secret, shown this once: copy it now.</p>
          <p><code>${made.secret}</code></p>
        </div>`
      : nothing}
    <form class="action" aria-label=${`New key for ${tenant.id}`} @submit=${onSubmit((form) => store.makeKey(tenant.id, form))}>
      <label class="field">Kind <select name="kind"><option value="publishable">Publishable (a page)</option><option value="secret">Secret (the host’s backend)</option></select></label>
      <label class="field">Mode <select name="mode"><option value="live">Live</option><option value="test">Test</option></select></label>
      <label class="field">Allowed origins (publishable, comma-separated) <input name="allowedOrigins" value="http://localhost:*, http://127.0.0.1:*" /></label>
      <button type="submit">Make key</button>
      ${problemView(store.state.errors[`key:${tenant.id}`])}
    </form>
  </li>`;
}

/** Tenants and their keys (role admin): create a tenant, make and revoke keys. Every change is in the activity log. */
export function adminView(store: ConsoleStore) {
  if (!store.isAdmin) return nothing;
  return section(
    'tenants',
    'Tenants and keys',
    html`${panelView(store.state.admin, 'the tenants', (tenants) => tenants.length === 0, 'No tenant yet.', (tenants) => html`<ul class="tenants-admin">${tenants.map((tenant) => tenantView(store, tenant))}</ul>`)}
      <form class="action" aria-label="New tenant" @submit=${onSubmit((form) => store.createTenant(form))}>
        <label class="field">Tenant id <input name="id" required pattern="[a-z0-9][a-z0-9-]*" /></label>
        <label class="field">Name <input name="name" required /></label>
        <label class="field">Support contact’s name <input name="contactName" required /></label>
        <label class="field">Support contact’s email <input name="contactEmail" type="email" required /></label>
        <button type="submit">Create tenant</button>
        ${problemView(store.state.errors.tenant)}
      </form>`,
  );
}
