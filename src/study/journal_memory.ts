import type { JournalBackend, Log } from './journal_backend';

/** A journal kept in memory: for studies that need no persistence (benchmarks, quick searches). */
export class JournalMemoryBackend implements JournalBackend {
  private readonly logs: Log[] = [];

  async readLogs(from: number): Promise<Log[]> {
    return this.logs.slice(from);
  }

  async appendLogs(logs: Log[]): Promise<void> {
    await this.appendLocked(logs);
  }

  async appendLocked(logs: Log[]): Promise<void> {
    // stored as JSON round trips so values behave exactly as a file journal's would
    for (const l of logs) this.logs.push(JSON.parse(JSON.stringify(l)));
  }

  // no other process sees this journal, and its JournalStorage runs one operation at a time
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {}
}
