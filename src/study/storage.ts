import { JournalFileBackend } from './journal_file';
import type { JournalBackend, Warn } from './journal_backend';
import { JournalRedisBackend } from './journal_redis';
import { isSqliteUrl, JournalSqliteBackend, sqlitePath } from './journal_sqlite';
import { isRedisUrl, maskRedisUrl } from './redis_url';

/**
 * Where a study lives, as the user names it: a journal file (a path), a Redis journal
 * (redis:// or rediss://) or an Optuna RDB database on SQLite (sqlite:///path.db; a missing
 * database is created only with `create`, as tune does).
 */
export async function openStudyBackend(storage: string, opts: { warn?: Warn; lockGraceMs?: number; create?: boolean } = {}): Promise<JournalBackend> {
  if (isRedisUrl(storage)) return JournalRedisBackend.connect(storage, { warn: opts.warn });
  if (isSqliteUrl(storage)) return new JournalSqliteBackend(sqlitePath(storage), { create: opts.create });
  return new JournalFileBackend(storage, { warn: opts.warn, lockGraceMs: opts.lockGraceMs });
}

/** The storage as it may be printed: a Redis password masked. */
export function printableStorage(storage: string): string {
  return isRedisUrl(storage) ? maskRedisUrl(storage) : storage;
}

/** What kind of storage, for a report: Optuna's name for it. */
export function storageKind(storage: string): string {
  return isRedisUrl(storage) ? "Optuna's JournalRedisBackend layout" : isSqliteUrl(storage) ? "Optuna's RDB storage on SQLite" : "Optuna's JournalStorage format";
}
