/** One journal line: an Optuna JournalStorage operation as a JSON object. */
export type Log = Record<string, unknown>;

/** Where a backend reports what it could not read (a corrupted line): once per line. */
export type Warn = (message: string) => void;

/** Warnings go to stderr unless the caller collects them. */
export const warnOnStderr: Warn = (message) => { process.stderr.write(`warning: ${message}\n`); };

/**
 * Where journal lines live (a file, Redis, memory). Every backend appends whole lines and reads
 * them back in order; all operations are asynchronous because a lock or a network may wait.
 */
export interface JournalBackend {
  /**
   * The logs numbered from `from` (0-based) to the end, one entry per log; a log that is not a JSON
   * object (a corrupted or merged line) is null, so it keeps its number and the replay skips it.
   * A line still being written is not returned.
   */
  readLogs(from: number): Promise<(Log | null)[]>;
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

/** The log in a journal line, or why it is none: Optuna's replay needs a JSON object. */
export function parseLog(text: string): Log | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Log) : `a JSON ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}, not an object`;
}
