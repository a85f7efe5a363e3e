/** One journal line: an Optuna JournalStorage operation as a JSON object. */
export type Log = Record<string, unknown>;

/**
 * Where journal lines live (a file, Redis, memory). Every backend appends whole lines and reads
 * them back in order; all operations are asynchronous because a lock or a network may wait.
 */
export interface JournalBackend {
  /** Logs numbered from `from` (0-based) to the end; a line still being written is not returned. */
  readLogs(from: number): Promise<Log[]>;
  /** Append logs in order, taking the journal's lock for the write. */
  appendLogs(logs: Log[]): Promise<void>;
  /**
   * Run fn holding the journal's lock, so a read-check-append sequence is atomic across workers;
   * fn appends with appendLocked (appendLogs would wait for the lock fn holds).
   */
  locked<T>(fn: () => Promise<T>): Promise<T>;
  appendLocked(logs: Log[]): Promise<void>;
  /** Release connections and handles; the backend is unusable afterwards. */
  close(): Promise<void>;
}
