/** An input problem a user can fix: says what was expected, what was found and where. */
export class InputError extends Error {
  /** Bad input fails every attempt the same way: callers that retry (studies) stop at once. */
  readonly fatal = true;

  constructor(message: string, readonly where?: { file?: string; row?: number; column?: string; key?: string }) {
    super(InputError.format(message, where));
    this.name = 'InputError';
  }

  private static format(message: string, where?: InputError['where']): string {
    if (!where) return message;
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.row !== undefined) parts.push(`row ${where.row}`);
    if (where.column !== undefined) parts.push(`column '${where.column}'`);
    if (where.key !== undefined) parts.push(`key '${where.key}'`);
    return parts.length ? `${parts.join(', ')}: ${message}` : message;
  }
}

/** Internal invariant: a failure is a bug in geo-graphnet or in the caller's code, not in the data. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
