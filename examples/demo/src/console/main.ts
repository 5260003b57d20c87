import { render } from 'lit';
import { intakeUrl, startStaticIntake } from '../intake.ts';
import { createApi } from './api.ts';
import { ConsoleStore } from './store.ts';
import { DEMO_ACCOUNT, pageView } from './views/page.ts';
import './console.css';

/** The staff triage console: wires the API client, the store and the page together. */

const root = document.querySelector<HTMLElement>('#console');
if (!root) throw new Error('console.html has no #console element');

const api = createApi({ baseUrl: intakeUrl, token: () => store.state.token, controlToken: 'stub_control_token' });
const store: ConsoleStore = new ConsoleStore(api, () => render(pageView(store, open), root));

/** Opens a report and moves focus to its heading, so a keyboard user lands on what they chose. */
function open(id: string, title: string) {
  const loading = store.select(id, title);
  document.querySelector<HTMLElement>('#detail-title')?.focus();
  return loading;
}

root.replaceChildren();
render(pageView(store, open), root);
await startStaticIntake();
// The demo signs in with the seed's account at once; after signing out, the form signs in again.
await store.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
