import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Replace the text between a benchmark's markers in BENCHMARKS.md (<!-- bench:<marker> start -->
 * … end -->), or append it, atomically: a benchmark rewrites its own section and nothing else.
 */
export function writeBenchSection(marker: string, body: string): void {
  const file = join(__dirname, '../BENCHMARKS.md');
  const start = `<!-- bench:${marker} start -->`, end = `<!-- bench:${marker} end -->`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${body}\n${end}`;
  const next = old.includes(start) ? old.slice(0, old.indexOf(start)) + block + old.slice(old.indexOf(end) + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(`${file}.tmp`, next);
  renameSync(`${file}.tmp`, file);
}
