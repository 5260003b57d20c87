import type { ReportState } from '@vuln-report/contract';

/** Every way a report changes state, by who does it. */
export type ReportAction =
  | 'request-info'
  | 'reporter-reply'
  | 'assess'
  | 'close'
  | 'stale-close'
  | 'withdraw'
  | 'reopen'
  | 'resolve';

/** The contract's state table: from which states each action may run, and where it leads. */
const TRANSITIONS: Record<ReportAction, { from: readonly ReportState[]; to: ReportState }> = {
  'request-info': { from: ['received'], to: 'needs-info' },
  'reporter-reply': { from: ['needs-info'], to: 'received' },
  assess: { from: ['received'], to: 'triaged' },
  close: { from: ['received', 'needs-info', 'triaged'], to: 'closed' },
  'stale-close': { from: ['needs-info'], to: 'closed' },
  withdraw: { from: ['received', 'needs-info'], to: 'closed' },
  reopen: { from: ['closed'], to: 'received' },
  resolve: { from: ['triaged'], to: 'resolved' },
};

/** The state `action` leads to from `state`, or undefined when the contract forbids it (a 409). */
export function nextState(state: ReportState, action: ReportAction): ReportState | undefined {
  const rule = TRANSITIONS[action];
  return rule.from.includes(state) ? rule.to : undefined;
}

/** The states `action` may start from, for the error message. */
export function allowedFrom(action: ReportAction): readonly ReportState[] {
  return TRANSITIONS[action].from;
}

/** States in which the reporter may add a message; only `needs-info` changes (back to `received`). */
export const MESSAGE_STATES: readonly ReportState[] = ['received', 'needs-info', 'triaged'];
