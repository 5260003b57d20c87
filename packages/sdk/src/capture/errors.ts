import { type CapturedError, LIMITS } from '@vuln-report/contract';
import { clip } from './bounds.ts';

/** The last errors seen on the page, oldest first, for the report's context. */
export interface ErrorBuffer {
  /** A copy of what is held now. */
  snapshot(): CapturedError[];
  /** Stops listening and gives `console.error` back. */
  stop(): void;
}

function describe(reason: unknown): { message: string; stack?: string } {
  if (reason instanceof Error) return { message: `${reason.name}: ${reason.message}`, stack: reason.stack };
  if (typeof reason === 'string') return { message: reason };
  try {
    return { message: JSON.stringify(reason) ?? String(reason) };
  } catch {
    return { message: String(reason) };
  }
}

/**
 * Keeps the last `size` console errors, uncaught errors and unhandled rejections (a ring
 * buffer). In Node only `console.error` is watched: listening for uncaught exceptions or
 * rejections there would change whether the process crashes.
 */
export function watchErrors(size: number): ErrorBuffer {
  const held: CapturedError[] = [];
  // Twice the limit, as redaction reads, and one more: redaction then knows the value was
  // cut there, and leaves out the token cut in half.
  const keep = (value: string) => clip(value, 2 * LIMITS.messageMax + 1);
  const push = (type: CapturedError['type'], reasons: unknown[]) => {
    const parts = reasons.map(describe);
    const stack = parts.find((part) => part.stack)?.stack;
    held.push({
      type,
      message: keep(parts.map((part) => part.message).join(' ')),
      ...(stack ? { stack: keep(stack) } : {}),
      at: new Date().toISOString(),
    });
    if (held.length > size) held.shift();
  };

  const original = console.error;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    push('console', args);
    return original.apply(this, args);
  };
  console.error = wrapped;
  const onError = (event: ErrorEvent) => push('error', [event.error ?? event.message]);
  const onRejection = (event: PromiseRejectionEvent) => push('rejection', [event.reason]);
  const target = typeof window === 'undefined' ? undefined : window;
  target?.addEventListener('error', onError);
  target?.addEventListener('unhandledrejection', onRejection);

  return {
    snapshot: () => held.slice(),
    stop() {
      // Another library may have wrapped console.error after us: leave its wrapper in place.
      if (console.error === wrapped) console.error = original;
      target?.removeEventListener('error', onError);
      target?.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
