import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '@vuln-report/server-stub/core';

/** scrypt's cost: 2^15 (about 30 ms and 32 MiB a hash here), r 8, p 1: OWASP's minimum for scrypt. */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));

/**
 * Passwords hashed with scrypt from `node:crypto`, each with a salt of its own, kept as
 * `scrypt$N$r$p$salt$hash` so a later cost still checks older hashes.
 */
export const scryptPasswords: PasswordHasher = {
  async hash(password) {
    const salt = randomBytes(16);
    const key = await derive(password, salt, COST);
    return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
  },
  async verify(password, hash) {
    const [scheme, n, r, p, salt, expected] = hash.split('$');
    if (scheme !== 'scrypt' || !salt || !expected) return false;
    const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem };
    const key = await derive(password, Buffer.from(salt, 'base64'), options);
    const wanted = Buffer.from(expected, 'base64');
    return key.length === wanted.length && timingSafeEqual(key, wanted);
  },
};
