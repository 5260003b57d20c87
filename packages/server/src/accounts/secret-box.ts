import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config.ts';

const VERSION = 'v1';

/**
 * Seals secrets with AES-256-GCM under the intake's encryption key, each bound to where
 * it is kept (`context`, such as a tenant and key id), so a sealed secret moved to another
 * row does not open.
 */
export function createSecretBox(key: Buffer) {
  return {
    seal(secret: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(context));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
    },
    open(sealed: string, context: string): string {
      const [version, body] = sealed.split(':');
      if (version !== VERSION || !body) throw new Error('A sealed secret is in an unknown format.');
      const bytes = Buffer.from(body, 'base64');
      if (bytes.length < 28) throw new Error('A sealed secret is too short to hold its nonce and tag.');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new ConfigError('The intake’s secret keys do not open with this encryption key; start it with the VULN_REPORT_ENCRYPTION_KEY it was first started with.');
      }
    },
  };
}

/** A box made by {@link createSecretBox}. */
export type SecretBox = ReturnType<typeof createSecretBox>;

/** An encryption key from configuration: 32 bytes, as 64 hex digits or base64. */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
  if (key?.length !== 32) throw new ConfigError('VULN_REPORT_ENCRYPTION_KEY is not 32 bytes as 64 hex digits or base64; make one with `openssl rand -base64 32`.');
  return key;
}

/** Where the key of a data folder is kept: beside it, not in it, so a copy of the folder alone opens no secret key. */
export const keyFileOf = (dataDir: string) => `${resolve(dataDir)}.encryption-key`;

/**
 * The encryption key of a PGlite data folder, made on its first start and kept beside it
 * (readable by its owner only): apart from the database's files, so a copy of the
 * database alone does not open the secret keys.
 */
export function keyFileIn(dataDir: string): Buffer {
  const path = keyFileOf(dataDir);
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return parseEncryptionKey(readFileSync(path, 'utf8'));
}
