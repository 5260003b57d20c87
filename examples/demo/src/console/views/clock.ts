import { html } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { problemView, section, time } from './common.ts';

const JUMPS: ReadonlyArray<[label: string, seconds: number]> = [
  ['+1 hour', 3600],
  ['+1 day', 24 * 3600],
  ['+25 hours', 25 * 3600],
  ['+30 days', 30 * 24 * 3600],
];

/** The stub's clock, and buttons that move it forward (stub only). */
export function clockView(store: ConsoleStore) {
  const { now, clockError, errors } = store.state;
  return section(
    'clock',
    'Clock',
    html`<p class="now">${now ? html`Now: ${time(now)}` : clockError ? 'Now: unknown' : 'Loading the clock…'}</p>
      <p class="muted">The stub's clock: every deadline reads it. It runs in real time; these buttons move it forward.</p>
      <div class="buttons" role="group" aria-label="Move the clock forward">
        ${JUMPS.map(([label, seconds]) => html`<button type="button" @click=${() => store.advanceClock(seconds)}>${label}</button>`)}
      </div>
      ${problemView(errors.clock ?? clockError, Boolean(errors.clock))}`,
  );
}
