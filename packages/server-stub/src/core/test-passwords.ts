import type { PasswordHasher } from './accounts.ts';
import { randomId, sameSecret } from './ids.ts';
import { sha256Hex } from './sha256.ts';

/**
 * The stub's password hashes: salted SHA-256, fast and able to run in a service worker.
 * Enough for test credentials; a production intake keeps passwords with a slow hash
 * (the server uses scrypt).
 */
export const testPasswordHasher = {
  hash(password: string): string {
    const salt = randomId('salt', 16);
    return `sha256$${salt}$${sha256Hex(`${salt}\n${password}`)}`;
  },
  verify(password: string, hash: string): boolean {
    const [scheme, salt, digest] = hash.split('$');
    return scheme === 'sha256' && salt !== undefined && digest !== undefined && sameSecret(sha256Hex(`${salt}\n${password}`), digest);
  },
} satisfies PasswordHasher;
