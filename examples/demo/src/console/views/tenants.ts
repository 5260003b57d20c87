import { html } from 'lit';

/** The "Affected tenants" fieldset: one checkbox per tenant, named `affectedTenants`, labelled with the tenant id. */
export const tenantBoxes = (tenants: readonly string[]) =>
  html`<fieldset class="tenants">
    <legend>Affected tenants</legend>
    ${tenants.map((tenant) => html`<label><input type="checkbox" name="affectedTenants" value=${tenant} /> ${tenant}</label>`)}
  </fieldset>`;
