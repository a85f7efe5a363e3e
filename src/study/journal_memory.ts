import type { JournalBackend } from './journal_file';

/** A journal kept in memory: for studies that need no persistence (benchmarks, quick searches). */
export class JournalMemoryBackend implements JournalBackend {
  private readonly logs: Record<string, unknown>[] = [];

  readLogs(from: number): Record<string, unknown>[] {
    return this.logs.slice(from);
  }

  appendLogs(logs: Record<string, unknown>[]): void {
    this.appendLocked(logs);
  }

  appendLocked(logs: Record<string, unknown>[]): void {
    // stored as JSON round trips so values behave exactly as a file journal's would
    for (const l of logs) this.logs.push(JSON.parse(JSON.stringify(l)));
  }

  locked<T>(fn: () => T): T {
    return fn();
  }
}
