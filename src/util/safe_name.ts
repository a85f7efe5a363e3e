/*
 * File names made from data (line, class, study and parameter names), so that no name can write
 * outside its folder or clash with another: only [A-Za-z0-9._-], never `.` or `..`, no leading `.`
 * (hidden files) or `-` (read as options), at most SAFE_NAME_MAX characters. Collisions are checked
 * without case, so names stay apart on case-insensitive disks too.
 */

export const SAFE_NAME_MAX = 80;

/** Whether `s` may be used as a file name as it is. */
export function isSafeFileName(s: string, max = SAFE_NAME_MAX): boolean {
  return s.length <= max && /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(s);
}

/** Accents dropped (é → e), every other unsafe character (per code point) and a leading `.`/`-` as `_`, cut to `max`. */
function rewrite(name: string, max: number): string {
  const plain = name.normalize('NFKD').replace(/\p{M}/gu, '');
  return plain.replace(/[^A-Za-z0-9._-]/gu, '_').replace(/^[.-]/, '_').slice(0, max) || '_';
}

/**
 * A safe file name for each of `names`, in order; equal names get equal file names, distinct names
 * distinct ones. A name that is already safe keeps its spelling (the first of those that differ only
 * in case); the others are rewritten and, where that clashes, take the first free suffix -2, -3, …
 * The result depends only on the list, so a rerun names every file the same.
 */
export function safeFileNames(names: readonly string[], max = SAFE_NAME_MAX): string[] {
  const distinct = [...new Set(names)];
  const fileOf = new Map<string, string>();
  const taken = new Set<string>();
  const claim = (name: string, file: string) => { fileOf.set(name, file); taken.add(file.toLowerCase()); };
  for (const n of distinct) if (isSafeFileName(n, max) && !taken.has(n.toLowerCase())) claim(n, n);
  for (const n of distinct) {
    if (fileOf.has(n)) continue;
    const base = rewrite(n, max);
    let file = base;
    for (let k = 2; taken.has(file.toLowerCase()); k++) file = `${base.slice(0, max - `-${k}`.length)}-${k}`;
    claim(n, file);
  }
  return names.map((n) => fileOf.get(n)!);
}
