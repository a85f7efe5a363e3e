import { InputError } from '../util/errors';

/** Where a Redis journal lives, from `redis[s]://[user[:password]@]host[:port][/db]`. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  /** An ACL user; absent: the default user (a `--requirepass` password applies to it). */
  username?: string;
  password?: string;
  /** rediss://: TLS, the server's certificate checked against Node's trust store (and NODE_EXTRA_CA_CERTS). */
  tls: boolean;
}

const FORM = 'redis://[user[:password]@]host[:port][/db], or rediss://… for TLS';

export function isRedisUrl(storage: string): boolean {
  return /^rediss?:\/\//i.test(storage);
}

/** The URL with its password replaced by *** (for every message, log line and path shown). */
export function maskRedisUrl(url: string): string {
  const scheme = url.indexOf('//') + 2;
  // the last @ ends the user info even when an unencoded password holds '/' or '@'
  const at = url.lastIndexOf('@');
  if (scheme < 2 || at < scheme) return url;
  const colon = url.indexOf(':', scheme);
  return colon < 0 || colon > at ? url : `${url.slice(0, colon)}:***${url.slice(at)}`;
}

export function parseRedisUrl(url: string): RedisTarget {
  const bad = (found: string) => new InputError(`expected a Redis URL ${FORM}, found ${found}: ${maskRedisUrl(url)}`, { key: 'storage' });
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part) || undefined;
    } catch {
      throw bad('a malformed %-escape in the user or password');
    }
  };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('no host, or characters that need %-encoding');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`the scheme '${u.protocol}'`);
  if (!u.hostname) throw bad('no host');
  if (u.search || u.hash) throw bad('a query or fragment');
  const path = u.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(path)) throw bad(`'${path}' where the database number belongs`);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 6379,
    db: Number(path || 0),
    username: decode(u.username),
    password: decode(u.password),
    tls: u.protocol === 'rediss:',
  };
}
