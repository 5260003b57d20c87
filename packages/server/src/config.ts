import { readFileSync } from 'node:fs';
import type { Seed } from '@vuln-report/server-stub';

/**
 * A configuration the server cannot start with, stated in one sentence an operator can
 * act on (what is wrong, and what to do), with no credentials in it.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `url` with its password taken out, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return url.replace(/\/\/([^:/@\s]*):[^@\s]*@/, '//$1:***@');
  }
}

/** Checks a `DATABASE_URL` before anything connects with it. */
export function checkDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`The database URL ${redactUrl(url)} is not a URL; write it as postgres://user:password@host:5432/database.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`The database URL ${redactUrl(url)} is not a PostgreSQL URL; write it as postgres://user:password@host:5432/database.`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new ConfigError(`The database URL ${redactUrl(url)} names no host; write it as postgres://user:password@host:5432/database.`);
  }
  return url;
}

/** Checks an http(s) URL option, such as the public URL. */
export function checkHttpUrl(value: string, what: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash) return url.href.replace(/\/+$/, '');
  } catch {
    // the sentence below
  }
  throw new ConfigError(`The ${what} ${value} is not an http or https URL without a query; write it as https://intake.example.com.`);
}

/** Checks an SMTP URL (`smtp://host:port`, `smtps://user:password@host:465`). */
export function checkSmtpUrl(value: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname) return value;
  } catch {
    // the sentence below
  }
  throw new ConfigError(`The SMTP URL ${redactUrl(value)} is not usable; write it as smtp://host:port or smtps://user:password@host:465.`);
}

/** Reads and checks a seed file (the stub's `Seed` format). */
export async function loadSeedFile(path: string): Promise<Seed> {
  // Loaded here, not at start: a command that fails on its arguments answers at once.
  const [{ validate }, { Seed: SeedSchema }, { narrowPolicy }] = await Promise.all([
    import('@vuln-report/contract'),
    import('@vuln-report/server-stub'),
    import('@vuln-report/server-stub/core'),
  ]);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    throw new ConfigError(
      code === 'ENOENT'
        ? `The seed file ${path} does not exist.`
        : code
          ? `The seed file ${path} cannot be read (${code}).`
          : `The seed file ${path} is not JSON: ${(error as Error).message}.`,
    );
  }
  const seed = validate(SeedSchema, raw);
  if (!seed.ok) throw new ConfigError(`The seed file ${path} is invalid: ${seed.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}.`);
  try {
    narrowPolicy(seed.value.policy?.notifications);
  } catch (error) {
    throw new ConfigError(`The seed file ${path} is invalid: ${(error as Error).message}`);
  }
  return seed.value;
}

/** Where the database is, for messages: never its password. */
export interface DatabaseTarget {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/**
 * What went wrong opening the database, as one sentence: a server out of reach, a
 * refused user, a missing database, a data folder in use or not writable. Anything
 * else keeps its own message.
 */
export function explainDatabaseError(error: unknown, target: DatabaseTarget): Error {
  if (error instanceof ConfigError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (target.databaseUrl) {
    let where = 'the database server';
    let user = '';
    let database = '';
    try {
      const url = new URL(target.databaseUrl);
      where = `PostgreSQL at ${url.hostname || 'localhost'}:${url.port || 5432}`;
      user = decodeURIComponent(url.username);
      database = decodeURIComponent(url.pathname.slice(1));
    } catch {
      // keep the generic words
    }
    switch (code) {
      case 'ECONNREFUSED':
        return new ConfigError(`Cannot reach ${where}: the connection was refused; start PostgreSQL or correct DATABASE_URL.`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new ConfigError(`Cannot reach ${where}: the host name is not known; correct DATABASE_URL.`);
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new ConfigError(`Cannot reach ${where}: it did not answer; check the host, port and network in DATABASE_URL.`);
      case '28P01':
      case '28000':
        return new ConfigError(`${where} refused the user ${user || '(none given)'}; check the user and password in DATABASE_URL.`);
      case '3D000':
        return new ConfigError(`${where} has no database ${database || '(none given)'}; create it (createdb ${database || 'NAME'}) or correct DATABASE_URL.`);
      case '42501':
        return new ConfigError(`${where} does not let the user ${user || '(none given)'} create the intake's tables (${text}); grant it, or run the migrations as an owner first.`);
      default:
        if (/timeout/i.test(text)) return new ConfigError(`Cannot reach ${where}: it did not answer in time; check the host, port and network in DATABASE_URL.`);
    }
    return error instanceof Error ? error : new Error(text);
  }
  if (target.dataDir && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
    return new ConfigError(`The data folder ${target.dataDir} cannot be written by this user (${String(code)}); choose another with --data or fix its permissions.`);
  }
  if (target.dataDir && code === 'ENOTDIR') return new ConfigError(`The data folder ${target.dataDir} is a file, not a folder; choose another with --data.`);
  if (/is in use by/.test(text)) return new ConfigError(text);
  return error instanceof Error ? error : new Error(text);
}

/** What went wrong listening on `host:port`, as one sentence. */
export function explainListenError(error: unknown, host: string, port: number): Error {
  const { code } = (error ?? {}) as { code?: unknown };
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(`Port ${port} on ${host} is already in use; stop what runs there or choose another port with --port.`);
    case 'EACCES':
      return new ConfigError(`Port ${port} on ${host} may not be used by this user; choose a port above 1023 with --port.`);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`The address ${host} is not an address of this machine; choose another with --host.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`The host ${host} is not known; choose another with --host.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
